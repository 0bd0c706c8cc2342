package index

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// A word whose form is its stem ("oil", "price", "said") is said twice
// when the forms field keeps every form: the text field has the same term
// at the same position. Over half the index was the forms field, and most
// of its postings were such words (docs/benchmarks.md, ninth session). A
// sparse forms field keeps at a position only what the text field does
// not say there: a form unlike its stem ("prices"), a stop word (which
// has no stem), and the phrase breaks. A quoted word equal to its stem is
// then matched in the text field, at the positions where the forms field
// has none of the stem's other forms (search/variants.go).

// SparseFormsAnalyzer is FormsAnalyzer for a forms field kept sparse: the
// same analysis, named apart so that an index tells by its mapping
// whether its forms field is sparse (FormsSparse).
const SparseFormsAnalyzer = "newsfind_forms_sparse"

// sparseForms returns the forms tokens whose form differs from the text
// token at their position, and a break term where brk says a token
// stands after a break: all are the forms tokens (their terms since
// stemmed in place), forms their terms before, text the text field's
// tokens, in position order as all are.
func sparseForms(all analysis.TokenStream, forms [][]byte, brk []bool, text analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(all)/2)
	k := 0
	for i, t := range all {
		for k < len(text) && text[k].Position < t.Position {
			k++
		}
		if !(k < len(text) && text[k].Position == t.Position && bytes.Equal(text[k].Term, forms[i])) {
			out = append(out, &analysis.Token{Term: forms[i], Position: t.Position, Start: t.Start, End: t.End, Type: t.Type})
		}
		if brk[i] {
			out = append(out, &analysis.Token{Term: []byte(BreakTerm(string(forms[i]))), Position: t.Position, Start: t.Start, End: t.Start, Type: t.Type})
		}
	}
	return out
}
