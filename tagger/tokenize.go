package tagger

import (
	"bytes"
	"unicode"
	"unicode/utf8"
)

// Token flags.
const (
	tokCapFirst   = 1 << iota // first letter upper case
	tokHasLower               // some letter lower case
	tokHasUpper               // some letter upper case
	tokSentStart              // first word of a sentence, quote or line
	tokBreak                  // punctuation separates it from the previous token
	tokPossessive             // "'s" was dropped from it
	tokDotAfter               // a dot follows it
	tokAngle                  // inside the wire's <...> company marks
)

type token struct {
	start, end   int32 // the normalized word in the norm buffer
	ostart, oend int32 // the word as written in the text
	flags        uint8
}

// normKey normalizes a name for look-up the way the tokenizer normalizes text,
// ignoring punctuation, so "Bonaire, Sint Eustatius and Saba" and
// "rare-earths" find their entries.
func normKey(s string) string {
	norm, toks := tokenize(s, nil, nil)
	if len(toks) == 0 {
		return ""
	}
	return string(norm[toks[0].start:toks[len(toks)-1].end])
}

// phraseKey tokenizes a dictionary phrase. ok is false when punctuation
// splits it, since such a phrase could never match running text.
func phraseKey(s string) (key string, words []token, ok bool) {
	norm, toks := tokenize(s, nil, nil)
	if len(toks) == 0 {
		return "", nil, false
	}
	for _, tk := range toks[1:] {
		if tk.flags&tokBreak != 0 {
			return "", nil, false
		}
	}
	return string(norm[toks[0].start:toks[len(toks)-1].end]), toks, true
}

// tokenize splits text into words, appending the normalized words to norm
// (separated by single spaces, so any run of words is one contiguous map
// key) and their positions to toks.
//
// A word is a run of letters and digits; an apostrophe between letters stays
// in it ("d'Ivoire") and a final "'s" is dropped ("China's"). Single letters
// joined by dots are one word ("U.S.", "U.K."). Hyphens, dashes, dots and
// spaces separate words softly (a phrase may span them: "rare-earth",
// "Guinea-Bissau"); other punctuation is a break that no phrase spans
// ("Busan, South Korea"). "&" reads as "and".
//
// It is one loop on purpose: passing the slices to a helper per word cost
// a third of Tag's time, and keeping them in a struct moved them to the heap.
func tokenize(text string, norm []byte, toks []token) ([]byte, []token) {
	brk := true       // a break before the next token
	sentStart := true // the next token starts a sentence
	angle := false    // inside "<...>", until ">" or the end of the line
	for i := 0; i < len(text); {
		c := text[i]
		isWord := false
		if c < utf8.RuneSelf {
			switch {
			case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
				isWord = true
			case c == ' ' || c == '\t' || c == '\r' || c == '-' || c == '\'':
			case c == '.':
				sentStart = true
			case c == '!' || c == '?' || c == '\n' || c == ':' || c == '"' || c == '(':
				brk, sentStart = true, true
				if c == '\n' {
					angle = false
				}
			case c == '<':
				brk, angle = true, true
			case c == '>':
				brk, angle = true, false
			case c == '&':
				if len(toks) > 0 {
					norm = append(norm, ' ')
				}
				start := int32(len(norm))
				norm = append(norm, "and"...)
				tk := token{start: start, end: start + 3, ostart: int32(i), oend: int32(i + 1)}
				if brk {
					tk.flags = tokBreak
				}
				if angle {
					tk.flags |= tokAngle
				}
				toks = append(toks, tk)
				brk = false
			default:
				brk = true
			}
			if !isWord {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				isWord = true
			case r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2019' || unicode.IsSpace(r):
				// Hyphens, the en dash ("Trump–Xi"), a stray apostrophe
				// and spaces are soft.
			case r == '\u201c' || r == '\u2018' || r == '\u00ab' || r == '\u2026':
				brk, sentStart = true, true
			default:
				brk = true
			}
			if !isWord {
				i += size
				continue
			}
		}

		// A word starts at text[i].
		if len(toks) > 0 {
			norm = append(norm, ' ')
		}
		var flags uint8
		if brk {
			flags |= tokBreak
		}
		if sentStart {
			flags |= tokSentStart
		}
		if angle {
			flags |= tokAngle
		}
		brk, sentStart = false, false
		start, ostart := len(norm), i
		letters := 0
		// abbrev: so far the word is single letters joined by dots ("U.S").
		abbrev, segment := true, 0
	word:
		for i < len(text) {
			// Fast path: most of a word is lower-case ASCII, copied in one go.
			j, lower, digits := i, false, false
			for j < len(text) {
				if c := text[j]; 'a' <= c && c <= 'z' {
					j, lower = j+1, true
				} else if '0' <= c && c <= '9' {
					j, digits = j+1, true
				} else {
					break
				}
			}
			if j > i {
				if lower {
					flags |= tokHasLower
				}
				norm = append(norm, text[i:j]...)
				if segment += j - i; segment > 1 || digits {
					abbrev = false
				}
				letters += j - i
				if i = j; i == len(text) {
					break
				}
			}
			c := text[i]
			if c < utf8.RuneSelf {
				switch {
				case 'A' <= c && c <= 'Z':
					if letters == 0 {
						flags |= tokCapFirst
					}
					flags |= tokHasUpper
					norm = append(norm, c+'a'-'A')
					if segment++; segment > 1 {
						abbrev = false
					}
					letters++
					i++
				case c == '\'' && letters > 0 && letterAt(text, i+1):
					norm = append(norm, '\'')
					i++
				case c == '.' && abbrev && segment == 1 && singleLetterAt(text, i+1):
					// "U.S.": keep the dot between single letters.
					norm = append(norm, '.')
					segment = 0
					i++
				default:
					break word
				}
				continue
			}
			abbrev = false
			r, size := utf8.DecodeRuneInString(text[i:])
			switch {
			case unicode.IsLetter(r):
				if unicode.IsUpper(r) {
					if letters == 0 {
						flags |= tokCapFirst
					}
					flags |= tokHasUpper
				} else if unicode.IsLower(r) {
					flags |= tokHasLower
				}
				norm = fold(norm, r)
				letters++
			case unicode.IsDigit(r):
				norm = utf8.AppendRune(norm, r)
				letters++
			case (r == '\u2019' || r == '\u02bc') && letters > 0 && letterAt(text, i+size):
				norm = append(norm, '\'')
			default:
				break word
			}
			i += size
		}
		oend := i
		if i < len(text) && text[i] == '.' {
			flags |= tokDotAfter
			// A dotted abbreviation ends with its dot: "U.S." is one word.
			if bytes.IndexByte(norm[start:], '.') >= 0 {
				i++
			}
		}
		if n := len(norm); n-start > 2 && norm[n-2] == '\'' && norm[n-1] == 's' {
			norm = norm[:n-2]
			oend -= 2
			if text[oend] != '\'' { // the apostrophe was 3-byte U+2019
				oend -= 2
			}
			flags |= tokPossessive
		}
		toks = append(toks, token{start: int32(start), end: int32(len(norm)), ostart: int32(ostart), oend: int32(oend), flags: flags})
	}
	return norm, toks
}

// letterAt reports whether a letter starts at text[i].
func letterAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

// singleLetterAt reports whether text[i] is an ASCII letter standing alone
// (followed by a dot or a non-letter), as in the "S" of "U.S.".
func singleLetterAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c := text[i]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	return i+1 >= len(text) || !letterAt(text, i+1) && !('0' <= text[i+1] && text[i+1] <= '9')
}
