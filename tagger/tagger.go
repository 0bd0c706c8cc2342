package tagger

import (
	"bytes"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Tags are what the tagger found in a text.
type Tags struct {
	Countries   []string // ISO 3166-1 alpha-2 codes, upper case, sorted, unique
	Commodities []string // vocabulary slugs, sorted, unique
}

// Tagger finds countries and commodities in news text. It is built once by
// New and never changes afterwards, so one Tagger serves any number of
// goroutines.
//
// Matching is a dictionary look-up of word n-grams: the text is tokenized
// once into a normalized buffer (lower case, diacritics folded, hyphens as
// spaces, "'s" dropped) and, at each token, successively longer phrases are
// looked up in one map until no longer phrase can match. This keeps the cost
// at about one map probe per token, which bulk indexing needs, and keeps the
// knowledge in data files a person can edit rather than in code.
type Tagger struct {
	// phrases maps a normalized phrase to what it means in each facet.
	phrases map[string]tgNode
	// firstWords has the bit tgShape(w) set for the first word w of every
	// phrase; most words of a text fail it and skip the map probe.
	firstWords [1024]uint64

	countryRules   []tgRule
	commodityRules []tgRule

	codes      []string          // country index -> alpha-2, sorted
	names      []string          // country index -> display name
	codeIndex  map[string]int    // alpha-2 -> country index
	countryKey map[string]uint16 // normalized code/name/alias -> country index

	slugs        []string          // commodity index -> slug, sorted
	labels       []string          // commodity index -> label
	slugIndex    map[string]int    // slug -> commodity index
	commodityKey map[string]uint16 // normalized slug/label/term -> commodity index

	// functionWords are capitalized only because they start a sentence or
	// a title, so they do not make a name with the next word ("In Jordan").
	functionWords map[string]bool
}

// tgNode is one phrase of the dictionary. country and commodity are 1-based
// indexes into the rule tables (0: the phrase means nothing in that facet),
// and more says whether a longer phrase starts with this one, so that the
// scan can stop probing as soon as it cannot succeed.
type tgNode struct {
	country   uint16
	commodity uint16
	more      bool
}

// Rule flags. Country phrases are proper nouns, so by default they only
// match when the text capitalizes them ("China", not "china clay"); commodity
// phrases are common nouns and match in any case.
const (
	tgIgnore = 1 << iota // the phrase consumes its words and tags nothing
	tgCap                // the phrase must start with a capital letter
	tgExact              // the word must be written exactly so, outside all-caps text
	tgPerson             // not when next to another capitalized name word
	tgLower              // not when capitalized in mid-sentence (a name)
	tgDot                // the last word must be followed by a dot ("Calif.")
)

type tgRule struct {
	id    uint16 // country or commodity index
	flags uint8
	exact string // the exact spelling for tgExact
}

// Token flags.
const (
	tgCapFirst   = 1 << iota // first letter upper case
	tgHasLower               // some letter lower case
	tgHasUpper               // some letter upper case
	tgSentStart              // first word of a sentence, quote or line
	tgBreak                  // punctuation separates it from the previous token
	tgPossessive             // "'s" was dropped from it
	tgDotAfter               // a dot follows it
)

type tgToken struct {
	start, end   int32 // the normalized word in the norm buffer
	ostart, oend int32 // the word as written in the text
	flags        uint8
}

// Tag returns the countries and commodities that text mentions.
func (t *Tagger) Tag(text string) Tags {
	// Fixed arrays keep scratch space on the stack for passage-sized texts,
	// so that tagging allocates only its result.
	var normArr [1024]byte
	var tokArr [160]tgToken
	norm, toks := normArr[:0], tokArr[:0]
	if len(text) > len(normArr) {
		// Sized to fit, rather than grown by doubling: normalized text is
		// about as long as the text, and words average over five bytes.
		norm, toks = make([]byte, 0, len(text)+8), make([]tgToken, 0, len(text)/5+8)
	}
	norm, toks = tgTokenize(text, norm, toks)

	var countries, commodities tgSet
	nextCountry, nextCommodity := 0, 0
	for i := range toks {
		wantCountry, wantCommodity := i >= nextCountry, i >= nextCommodity
		if !wantCountry && !wantCommodity {
			continue
		}
		if h := tgShape(norm[toks[i].start:toks[i].end]); t.firstWords[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		bestCountry, bestCommodity := 0, 0 // rule index + 1
		lenCountry, lenCommodity := 0, 0
		for j := i; j < len(toks); j++ {
			if j > i && toks[j].flags&tgBreak != 0 {
				break
			}
			node, ok := t.phrases[string(norm[toks[i].start:toks[j].end])]
			if !ok {
				break
			}
			if wantCountry && node.country != 0 && t.accept(&t.countryRules[node.country-1], text, norm, toks, i, j) {
				bestCountry, lenCountry = int(node.country), j-i+1
			}
			if wantCommodity && node.commodity != 0 && t.accept(&t.commodityRules[node.commodity-1], text, norm, toks, i, j) {
				bestCommodity, lenCommodity = int(node.commodity), j-i+1
			}
			if !node.more {
				break
			}
		}
		if bestCountry != 0 {
			nextCountry = i + lenCountry
			if r := &t.countryRules[bestCountry-1]; r.flags&tgIgnore == 0 {
				countries.add(r.id)
			}
		}
		if bestCommodity != 0 {
			nextCommodity = i + lenCommodity
			if r := &t.commodityRules[bestCommodity-1]; r.flags&tgIgnore == 0 {
				commodities.add(r.id)
			}
		}
	}
	return Tags{Countries: countries.strings(t.codes), Commodities: commodities.strings(t.slugs)}
}

// tgShape hashes a normalized word to 16 bits from its length and its
// first, middle and last bytes: cheap, and spread enough that the
// firstWords filter rejects most words.
func tgShape(w []byte) uint32 {
	if len(w) == 0 {
		return 0
	}
	x := uint32(len(w)) | uint32(w[0])<<8 | uint32(w[len(w)/2])<<16 | uint32(w[len(w)-1])<<24
	return (x * 0x9E3779B1) >> 16
}

// accept reports whether rule r may apply to the phrase toks[i..j] as the
// text writes it.
func (t *Tagger) accept(r *tgRule, text string, norm []byte, toks []tgToken, i, j int) bool {
	f := r.flags
	if f&tgIgnore != 0 {
		return true
	}
	first := toks[i].flags
	if f&tgCap != 0 && first&tgCapFirst == 0 {
		return false
	}
	if f&tgExact != 0 {
		if i != j || text[toks[i].ostart:toks[i].oend] != r.exact {
			return false
		}
		// "US" in "LET US KNOW" is the pronoun shouted; only mixed-case
		// text shows that an upper-case "US" is meant as a name. "US$"
		// is a currency, used for prices anywhere.
		if tgShouting(toks, i) || int(toks[i].oend) < len(text) && text[toks[i].oend] == '$' {
			return false
		}
	}
	if f&tgDot != 0 && toks[j].flags&tgDotAfter == 0 {
		return false // "Ind." is Indiana, "Ind" is not
	}
	if f&tgPerson != 0 && first&tgHasLower != 0 {
		// "Michael Jordan", "Jordan Peterson", "Lake Chad": a name word
		// beside it makes it part of a longer name. A possessive ("Jordan's
		// King Abdullah") or a capitalized function word ("In Jordan") does
		// not.
		if i > 0 && first&tgBreak == 0 && tgNamey(toks[i-1].flags) && !t.functionWords[string(norm[toks[i-1].start:toks[i-1].end])] {
			return false
		}
		if j+1 < len(toks) && toks[j+1].flags&tgBreak == 0 && tgNamey(toks[j+1].flags) && toks[j].flags&tgPossessive == 0 {
			return false
		}
	}
	if f&tgLower != 0 && tgNamey(first) && first&tgSentStart == 0 {
		return false // "Condoleezza Rice", "Rice University"
	}
	return true
}

// tgNamey reports whether a word is capitalized the way names are
// (Capital then lower case), as opposed to lower case or all caps.
func tgNamey(f uint8) bool { return f&tgCapFirst != 0 && f&tgHasLower != 0 }

// tgShouting reports whether the words around toks[i] are all in capitals.
func tgShouting(toks []tgToken, i int) bool {
	upper := false
	for k := max(0, i-2); k <= min(len(toks)-1, i+2); k++ {
		if k == i {
			continue
		}
		f := toks[k].flags
		if f&tgHasLower != 0 {
			return false
		}
		if f&tgHasUpper != 0 {
			upper = true
		}
	}
	return upper
}

// tgSet is a small bit set of country or commodity indexes; iterating it in
// index order yields sorted codes because the indexes follow sorted order.
type tgSet struct{ bits [5]uint64 }

func (s *tgSet) add(i uint16) { s.bits[i>>6] |= 1 << (i & 63) }

func (s *tgSet) strings(values []string) []string {
	n := 0
	for _, w := range s.bits {
		n += bits.OnesCount64(w)
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for wi, w := range s.bits {
		for ; w != 0; w &= w - 1 {
			out = append(out, values[wi<<6+bits.TrailingZeros64(w)])
		}
	}
	return out
}

// Country returns the alpha-2 code for a code (alpha-2 or alpha-3), an
// English name, an official name, an alias or a demonym, in any case:
// "KZ", "kz", "KAZ", "Kazakhstan", "kazakhstan", "Kazakh". Cities are not
// names of a country and are not accepted. Names that Tag ignores as
// ambiguous in running text ("Georgia") are accepted here, where the caller
// means a country.
func (t *Tagger) Country(s string) (code string, ok bool) {
	i, ok := t.countryKey[tgKey(s)]
	if !ok {
		return "", false
	}
	return t.codes[i], true
}

// CountryName returns the English name of a country code, "" when unknown.
func (t *Tagger) CountryName(code string) string {
	if i, ok := t.codeIndex[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return t.names[i]
	}
	return ""
}

// Commodity returns the slug for a slug, label or synonym, in any case:
// "rare-earths", "Rare earths", "rare earth".
func (t *Tagger) Commodity(s string) (slug string, ok bool) {
	i, ok := t.commodityKey[tgKey(s)]
	if !ok {
		return "", false
	}
	return t.slugs[i], true
}

// CommodityLabel returns the label of a slug, "" when unknown.
func (t *Tagger) CommodityLabel(slug string) string {
	if i, ok := t.slugIndex[strings.ToLower(strings.TrimSpace(slug))]; ok {
		return t.labels[i]
	}
	return ""
}

// CommoditySlugs returns the vocabulary, sorted.
func (t *Tagger) CommoditySlugs() []string {
	return append([]string(nil), t.slugs...)
}

// tgKey normalizes a name for look-up the way the tokenizer normalizes text,
// ignoring punctuation, so "Bonaire, Sint Eustatius and Saba" and
// "rare-earths" find their entries.
func tgKey(s string) string {
	norm, toks := tgTokenize(s, nil, nil)
	if len(toks) == 0 {
		return ""
	}
	return string(norm[toks[0].start:toks[len(toks)-1].end])
}

// tgPhrase tokenizes a dictionary phrase. ok is false when punctuation
// splits it, since such a phrase could never match running text.
func tgPhrase(s string) (key string, words []tgToken, ok bool) {
	norm, toks := tgTokenize(s, nil, nil)
	if len(toks) == 0 {
		return "", nil, false
	}
	for _, tk := range toks[1:] {
		if tk.flags&tgBreak != 0 {
			return "", nil, false
		}
	}
	return string(norm[toks[0].start:toks[len(toks)-1].end]), toks, true
}

// tgTokenize splits text into words, appending the normalized words to norm
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
func tgTokenize(text string, norm []byte, toks []tgToken) ([]byte, []tgToken) {
	brk := true       // a break before the next token
	sentStart := true // the next token starts a sentence
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
			case c == '&':
				if len(toks) > 0 {
					norm = append(norm, ' ')
				}
				start := int32(len(norm))
				norm = append(norm, "and"...)
				tk := tgToken{start: start, end: start + 3, ostart: int32(i), oend: int32(i + 1)}
				if brk {
					tk.flags = tgBreak
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
			flags |= tgBreak
		}
		if sentStart {
			flags |= tgSentStart
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
					flags |= tgHasLower
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
						flags |= tgCapFirst
					}
					flags |= tgHasUpper
					norm = append(norm, c+'a'-'A')
					if segment++; segment > 1 {
						abbrev = false
					}
					letters++
					i++
				case c == '\'' && letters > 0 && tgLetterAt(text, i+1):
					norm = append(norm, '\'')
					i++
				case c == '.' && abbrev && segment == 1 && tgSingleLetterAt(text, i+1):
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
						flags |= tgCapFirst
					}
					flags |= tgHasUpper
				} else if unicode.IsLower(r) {
					flags |= tgHasLower
				}
				norm = tgFold(norm, r)
				letters++
			case unicode.IsDigit(r):
				norm = utf8.AppendRune(norm, r)
				letters++
			case (r == '\u2019' || r == '\u02bc') && letters > 0 && tgLetterAt(text, i+size):
				norm = append(norm, '\'')
			default:
				break word
			}
			i += size
		}
		oend := i
		if i < len(text) && text[i] == '.' {
			flags |= tgDotAfter
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
			flags |= tgPossessive
		}
		toks = append(toks, tgToken{start: int32(start), end: int32(len(norm)), ostart: int32(ostart), oend: int32(oend), flags: flags})
	}
	return norm, toks
}

// tgLetterAt reports whether a letter starts at text[i].
func tgLetterAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	if c := text[i]; c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	return unicode.IsLetter(r)
}

// tgSingleLetterAt reports whether text[i] is an ASCII letter standing alone
// (followed by a dot or a non-letter), as in the "S" of "U.S.".
func tgSingleLetterAt(text string, i int) bool {
	if i >= len(text) {
		return false
	}
	c := text[i]
	if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
		return false
	}
	return i+1 >= len(text) || !tgLetterAt(text, i+1) && !('0' <= text[i+1] && text[i+1] <= '9')
}

// tgFold appends r lower-cased, with the diacritics of Latin letters removed
// so that "Türkiye", "São Paulo" and "Côte d'Ivoire" match plain spellings.
func tgFold(norm []byte, r rune) []byte {
	if r >= 0xC0 && r < 0x180 {
		if b := tgLatin[r-0xC0]; b != '_' {
			return append(norm, b)
		}
	}
	return utf8.AppendRune(norm, unicode.ToLower(r))
}

// tgLatin maps U+00C0..U+017F to a base letter ('_': keep the rune).
const tgLatin = "" +
	"aaaaaaaceeeeiiii" + // C0-CF
	"dnooooo_ouuuuyts" + // D0-DF
	"aaaaaaaceeeeiiii" + // E0-EF
	"dnooooo_ouuuuyty" + // F0-FF
	"aaaaaaccccccccdd" + // 100-10F
	"ddeeeeeeeeeegggg" + // 110-11F
	"gggghhhhiiiiiiii" + // 120-12F
	"iiiijjkkklllllll" + // 130-13F
	"lllnnnnnnnnnoooo" + // 140-14F
	"oooorrrrrrssssss" + // 150-15F
	"ssttttttuuuuuuuu" + // 160-16F
	"uuuuwwyyyzzzzzzs" // 170-17F
