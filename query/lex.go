package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The lexer: query text to tokens (words, phrases, parentheses, operators),
// each with its byte position for error messages.

type tokKind int

const (
	tWord tokKind = iota
	tPhrase
	tLParen
	tRParen
	tOr
	tAnd
	tNot  // "-" before a term, or NOT
	tNear // NEAR/n
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset
	n    int // a phrase's slop, NEAR's distance
}

func (t token) describe() string {
	switch t.kind {
	case tLParen:
		return `"("`
	case tRParen:
		return `")"`
	case tOr:
		return "OR"
	case tAnd:
		return "AND"
	case tNot:
		return "NOT"
	case tNear:
		return t.text
	case tPhrase:
		return fmt.Sprintf("%q", `"`+t.text+`"`)
	}
	return fmt.Sprintf("%q", t.text)
}

func lex(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case r == '(':
			toks = append(toks, token{kind: tLParen, text: "(", pos: i})
			i++
		case r == ')':
			toks = append(toks, token{kind: tRParen, text: ")", pos: i})
			i++
		case r == '"' || r == '“' || r == '”':
			end := strings.IndexAny(s[i+size:], "\"“”")
			if end < 0 {
				return nil, syntaxError(s, i, "unterminated phrase: add the closing quote")
			}
			tok := token{kind: tPhrase, text: s[i+size : i+size+end], pos: i}
			i += size + end + len(s[i+size+end:i+size+end+utf8RuneLen(s[i+size+end:])])
			n, l, err := slopSuffix(s, i)
			if err != nil {
				return nil, err
			}
			tok.n = n
			i += l
			toks = append(toks, tok)
		case r == '-' && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) && s[i+1] != '-':
			toks = append(toks, token{kind: tNot, text: "-", pos: i})
			i++
		default:
			j := i
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || r == '(' || r == ')' || (r == '"' || r == '“' || r == '”') && !isFieldColon(s, i, j) {
					break
				}
				j += size
				if r == ':' && j < len(s) && (s[j] == '"' || strings.HasPrefix(s[j:], "“")) && isFieldName(s[i:j-1]) {
					// field:"quoted value"
					q := s[j:]
					_, qs := utf8.DecodeRuneInString(q)
					end := strings.IndexAny(q[qs:], "\"“”")
					if end < 0 {
						return nil, syntaxError(s, j, "unterminated phrase: add the closing quote")
					}
					j += qs + end + utf8RuneLen(q[qs+end:])
					// title:"a b"~N keeps its slop; the parser refuses one
					// on the other fields.
					_, l, err := slopSuffix(s, j)
					if err != nil {
						return nil, err
					}
					j += l
					break
				}
			}
			w := s[i:j]
			switch w {
			case "OR", "|", "||":
				toks = append(toks, token{kind: tOr, text: w, pos: i})
			case "AND", "&&", "+":
				toks = append(toks, token{kind: tAnd, text: w, pos: i})
			case "NOT":
				toks = append(toks, token{kind: tNot, text: w, pos: i})
			default:
				if w == "NEAR" || strings.HasPrefix(w, "NEAR/") {
					n, err := nearDistance(s, i, w)
					if err != nil {
						return nil, err
					}
					toks = append(toks, token{kind: tNear, text: w, pos: i, n: n})
					break
				}
				toks = append(toks, token{kind: tWord, text: w, pos: i})
			}
			i = j
		}
	}
	return toks, nil
}

func utf8RuneLen(s string) int {
	_, n := utf8.DecodeRuneInString(s)
	return n
}

func isFieldColon(s string, start, j int) bool {
	return j > start && s[j-1] == ':' && isFieldName(s[start:j-1])
}

// IsField reports whether s names a field of the query syntax, in any case.
func IsField(s string) bool { return isFieldName(s) }

func isFieldName(s string) bool {
	for _, f := range queryFields {
		if strings.EqualFold(s, f) {
			return true
		}
	}
	return false
}

// MaxNearDistance caps NEAR/n and a phrase's ~n: beyond a passage's length
// a window says nothing, and the walk's work grows with it.
const MaxNearDistance = 50

// slopSuffix reads the ~N that may follow a phrase's closing quote at i,
// returning N and the suffix's length in bytes (0, 0 with none).
func slopSuffix(s string, i int) (n, length int, err error) {
	if i >= len(s) || s[i] != '~' {
		return 0, 0, nil
	}
	j := i + 1
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	if j == i+1 || j < len(s) && !endsWord(r) {
		return 0, 0, syntaxError(s, i, `a phrase's slop is "words"~N, N the most words out of place (0 to %d), as in "oil price"~3`, MaxNearDistance)
	}
	n, err = distance(s, i, s[i+1:j])
	return n, j - i, err
}

// nearDistance reads NEAR/n. NEAR alone is refused rather than given a
// default distance: the number is what the query means, and a reader of
// the query should see it.
func nearDistance(s string, i int, w string) (int, error) {
	d, ok := strings.CutPrefix(w, "NEAR/")
	if !ok || d == "" || strings.Trim(d, "0123456789") != "" {
		return 0, syntaxError(s, i, "NEAR needs a distance: write a NEAR/n b, n the most words between a and b (0 to %d), as in oil NEAR/5 price", MaxNearDistance)
	}
	return distance(s, i, d)
}

// distance parses the digits of a slop or NEAR distance within the limit.
func distance(s string, i int, digits string) (int, error) {
	n := 0
	for _, c := range digits {
		n = n*10 + int(c-'0')
		if n > MaxNearDistance {
			return 0, nearLimit(s, i, digits)
		}
	}
	return n, nil
}

func nearLimit(s string, i int, digits string) error {
	e := syntaxError(s, i, "distance %s is over the limit of %d words (max_near_distance)", digits, MaxNearDistance)
	e.Limit = "max_near_distance"
	return e
}
