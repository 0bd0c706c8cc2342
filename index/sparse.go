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

// FormStemmer gives a form the text field's term at its position: what
// the text analyzer does after the forms analyzer (stop words, stemmer),
// so a query finds which forms a sparse forms field left out, and which
// stand beside a stem there, exactly as indexing decided.
type FormStemmer struct{ rest []analysis.TokenFilter }

// NewFormStemmer returns the stemmer of an analyzer pair; nil when the
// text analyzer is not the forms analyzer and more.
func NewFormStemmer(text, forms analysis.Analyzer) *FormStemmer {
	r := restAfter(text, forms)
	if !r.ok {
		return nil
	}
	return &FormStemmer{rest: r.filters}
}

// Stem returns the text term of a form; false for a stop word.
func (s *FormStemmer) Stem(form string) (string, bool) {
	toks := analysis.TokenStream{&analysis.Token{Term: []byte(form), Position: 1, Type: analysis.AlphaNumeric}}
	for _, f := range s.rest {
		toks = f.Filter(toks)
	}
	if len(toks) != 1 {
		return "", false
	}
	return string(toks[0].Term), true
}

// VariantPrefix is the prefix every English form of stem starts with:
// the English (Porter2) stemmer changes at most the last two letters of
// what it keeps ("ability" abil, "possibility" possibl+e, "crying" cri,
// "hoping" hope), and its exceptions share one more ("dying" die, "skies"
// sky). TestVariantPrefix checks it on every form of Reuters.
func VariantPrefix(stem string) string {
	if len(stem) <= 3 {
		return stem[:min(1, len(stem))]
	}
	return stem[:len(stem)-2]
}
