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
	tNot // "-" before a term, or NOT
)

type token struct {
	kind tokKind
	text string
	pos  int // byte offset
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
			toks = append(toks, token{tLParen, "(", i})
			i++
		case r == ')':
			toks = append(toks, token{tRParen, ")", i})
			i++
		case r == '"' || r == '“' || r == '”':
			end := strings.IndexAny(s[i+size:], "\"“”")
			if end < 0 {
				return nil, syntaxError(s, i, "unterminated phrase: add the closing quote")
			}
			toks = append(toks, token{tPhrase, s[i+size : i+size+end], i})
			i += size + end + len(s[i+size+end:i+size+end+utf8RuneLen(s[i+size+end:])])
		case r == '-' && i+1 < len(s) && !unicode.IsSpace(rune(s[i+1])) && s[i+1] != '-':
			toks = append(toks, token{tNot, "-", i})
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
					break
				}
			}
			w := s[i:j]
			switch w {
			case "OR", "|", "||":
				toks = append(toks, token{tOr, w, i})
			case "AND", "&&", "+":
				toks = append(toks, token{tAnd, w, i})
			case "NOT":
				toks = append(toks, token{tNot, w, i})
			default:
				toks = append(toks, token{tWord, w, i})
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
