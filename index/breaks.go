package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// PhraseBreak prefixes a term of the forms field, BreakTerm(form), at the
// position of each word that stands after punctuation rather than next to
// the word before it: "said. Its", "<Acme Corp> said", "oil, price". A
// quoted phrase is words next to each other, so it does not run across
// one. The tokenizer makes no word with it, so no query's form is such a
// term. One term per form, not one for all breaks: a phrase reads the
// breaks of its own words, a short posting list, where one of all breaks
// would be among the index's longest, and slow to skip through.
const PhraseBreak = "|"

// BreakTerm is the term of a break before form.
func BreakTerm(form string) string { return PhraseBreak + form }

// Breaks reports, for each token of a text cut by the forms analyzer,
// whether it stands after a break: what lies between it and the token
// before is more than white space or a single hyphen ("oil-price" is two
// words next to each other, as a reader and the tokenizer take it). The
// dot that ends a dotted acronym ("U.S. dollar") is the acronym's, as the
// marks take it. A possessive keeps its word from the next: "bank's
// loans" are not "bank loans", though the forms analyzer makes "bank" of
// "bank's". The first token follows no word, so no break.
func Breaks(text []byte, tokens analysis.TokenStream) []bool {
	out := make([]bool, len(tokens))
	for i := 1; i < len(tokens); i++ {
		prev, cur := tokens[i-1], tokens[i]
		if prev.End > cur.Start || cur.Start > len(text) {
			continue // not cut from this text: nothing to tell
		}
		gap := text[prev.End:cur.Start]
		if w := text[prev.Start:prev.End]; len(gap) > 0 && gap[0] == '.' && bytes.IndexByte(w, '.') > 0 && isDottedAcronym(w) {
			gap = gap[1:]
		}
		out[i] = breaks(gap) || possessive(text[prev.Start:prev.End])
	}
	return out
}

// possessive reports whether a word ends in the possessive the forms
// analyzer takes off.
func possessive(w []byte) bool {
	for _, suffix := range []string{"'s", "'S", "’s", "’S"} {
		if bytes.HasSuffix(w, []byte(suffix)) {
			return true
		}
	}
	return false
}

// breaks reports whether the text between two words keeps them apart.
func breaks(gap []byte) bool {
	if len(gap) == 1 && gap[0] == '-' {
		return false
	}
	for _, c := range gap {
		switch c {
		case ' ', '\t', '\n', '\r', '\f', '\v':
		default:
			return true
		}
	}
	return false
}

// withBreaks returns tokens and a break term at the position of each that
// stands after a break; tokens itself is left as it is, for the
// text field's filters.
func withBreaks(text []byte, tokens analysis.TokenStream) analysis.TokenStream {
	out := tokens[:len(tokens):len(tokens)]
	for i, b := range Breaks(text, tokens) {
		if b {
			t := tokens[i]
			out = append(out, &analysis.Token{Term: []byte(BreakTerm(string(t.Term))), Position: t.Position, Start: t.Start, End: t.Start, Type: t.Type})
		}
	}
	return out
}
