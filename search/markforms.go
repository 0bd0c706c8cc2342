package search

import (
	"github.com/blevesearch/bleve/v2/analysis"

	nfquery "github.com/newsfind/newsfind/query"
)

// markForms keeps the marks of quoted text to its forms: the stemmed query
// reports every form of a stem, and "Corning" must not mark "corn". A stem
// the query also asks for unquoted may be marked in any form.
type markForms struct {
	forms    analysis.Analyzer
	only     map[string]map[string]bool // stem -> the forms it may be marked in
	anyForms map[string]bool
}

// newMarkForms reads which stems of a query are quoted only.
func newMarkForms(n nfquery.Node, text, forms analysis.Analyzer) *markForms {
	mf := &markForms{forms: forms, only: map[string]map[string]bool{}, anyForms: map[string]bool{}}
	free := func(s string) {
		for _, t := range text.Analyze([]byte(s)) {
			mf.anyForms[string(t.Term)] = true
		}
	}
	nfquery.Visit(n, func(n nfquery.Node) bool {
		switch n := n.(type) {
		case nfquery.Phrase:
			if n.Stemmed {
				free(n.Text)
				return true
			}
			for _, p := range pairs(text, forms, n.Text) {
				if mf.only[p.stem] == nil {
					mf.only[p.stem] = map[string]bool{}
				}
				mf.only[p.stem][p.form] = true
			}
		case nfquery.Word:
			if len(n.Forms) == 0 {
				free(n.Text)
				return true
			}
			for _, f := range n.Forms {
				for _, t := range text.Analyze([]byte(f)) {
					if mf.only[string(t.Term)] == nil {
						mf.only[string(t.Term)] = map[string]bool{}
					}
					mf.only[string(t.Term)][f] = true
				}
			}
		case nfquery.Near:
			for _, t := range n.Terms {
				free(leafString(t))
			}
			return false
		}
		return true
	})
	for s := range mf.anyForms {
		delete(mf.only, s)
	}
	if len(mf.only) == 0 {
		return nil
	}
	return mf
}

// allows reports whether the text a location of stem spans may be marked.
func (mf *markForms) allows(stem, span string) bool {
	if mf == nil {
		return true
	}
	only, ok := mf.only[stem]
	if !ok {
		return true
	}
	for _, t := range mf.forms.Analyze([]byte(span)) {
		if only[string(t.Term)] {
			return true
		}
	}
	return false
}
