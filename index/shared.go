package index

import (
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// A passage's text is indexed twice: stemmed in the text field, as written
// in the forms field. The forms analyzer is the text analyzer without its
// stemmer, so both fields would cut, fold and drop the same tokens, the
// costly part of analysis. sharedAnalysis cuts them once: the document is
// mapped as Bleve maps it, then its two fields are replaced by a pair that
// runs the forms analyzer, counts the forms, and passes the same tokens on
// through the text analyzer's remaining filters (its stemmer). The terms,
// frequencies and locations are those of two separate analyses
// (TestSharedAnalysisIsTheSame); only the work is done once.
type sharedAnalysis struct {
	mapping mapping.IndexMapping
	rests   sync.Map // text analyzer -> restOf (its filters after the forms analyzer's), by pair
	// sparse is the mapping's SparseFormsAnalyzer (nil in an index built
	// before it): a forms field it analyses keeps only the forms unlike
	// their stems (sparse.go).
	sparseOnce sync.Once
	sparse     analysis.Analyzer
}

type analyzerPair struct{ text, forms analysis.Analyzer }

// restOf is what the text analyzer does after the forms analyzer, when it
// is the forms analyzer and more (ok false: they cannot share).
type restOf struct {
	filters []analysis.TokenFilter
	ok      bool
}

// document maps a passage document and shares its fields' analysis.
func (s *sharedAnalysis) document(id string, data any) (*document.Document, error) {
	d := document.NewDocument(id)
	if err := s.mapping.MapDocument(d, data); err != nil {
		return nil, err
	}
	ti, fi := -1, -1
	for i, f := range d.Fields {
		switch f.Name() {
		case FieldText:
			ti = i
		case FieldForms:
			fi = i
		}
	}
	if ti < 0 || fi < 0 {
		return d, nil
	}
	text, ok1 := d.Fields[ti].(*document.TextField)
	forms, ok2 := d.Fields[fi].(*document.TextField)
	if !ok1 || !ok2 {
		return d, nil
	}
	f := &formsField{TextField: forms}
	d.Fields[fi] = f
	rest := s.rest(text.Analyzer(), forms.Analyzer())
	if !rest.ok {
		return d, nil
	}
	st := &stemmedField{TextField: text, forms: f, rest: rest.filters, sparse: s.isSparse(forms.Analyzer())}
	d.Fields[ti] = st
	f.pair = st
	return d, nil
}

// isSparse reports whether a forms field analysed by a keeps only the
// forms unlike their stems.
func (s *sharedAnalysis) isSparse(a analysis.Analyzer) bool {
	s.sparseOnce.Do(func() { s.sparse = s.mapping.AnalyzerNamed(SparseFormsAnalyzer) })
	return s.sparse != nil && a == s.sparse
}

// rest returns, once per pair of analyzers, the text analyzer's filters
// after the forms analyzer's.
func (s *sharedAnalysis) rest(text, forms analysis.Analyzer) restOf {
	key := analyzerPair{text, forms}
	if r, ok := s.rests.Load(key); ok {
		return r.(restOf)
	}
	r := restAfter(text, forms)
	s.rests.Store(key, r)
	return r
}

// restAfter compares two analyzers: the text analyzer must have the forms
// analyzer's char filters, tokenizer and token filters, the same objects
// in the same order, and then more token filters, which it returns (a
// stemmer among them with a cache, stemcache.go).
func restAfter(text, forms analysis.Analyzer) restOf {
	t, ok1 := text.(*analysis.DefaultAnalyzer)
	f, ok2 := forms.(*analysis.DefaultAnalyzer)
	if !ok1 || !ok2 || t.Tokenizer != f.Tokenizer || len(t.CharFilters) != len(f.CharFilters) ||
		len(t.TokenFilters) < len(f.TokenFilters) {
		return restOf{}
	}
	for i := range f.CharFilters {
		if t.CharFilters[i] != f.CharFilters[i] {
			return restOf{}
		}
	}
	for i := range f.TokenFilters {
		if t.TokenFilters[i] != f.TokenFilters[i] {
			return restOf{}
		}
	}
	rest := make([]analysis.TokenFilter, 0, len(t.TokenFilters)-len(f.TokenFilters))
	for _, tf := range t.TokenFilters[len(f.TokenFilters):] {
		rest = append(rest, cacheable(tf))
	}
	return restOf{filters: rest, ok: true}
}

// stemmedField is the text field of a shared pair: its analysis fills in
// the forms field's too.
type stemmedField struct {
	*document.TextField
	forms  *formsField
	rest   []analysis.TokenFilter
	sparse bool // the forms field keeps only the forms unlike their stems
	done   bool
	length int
	freqs  bindex.TokenFrequencies
}

func (f *stemmedField) Analyze() {
	if f.done {
		return
	}
	f.done = true
	tokens := f.forms.Analyzer().Analyze(f.Value())
	f.forms.length = len(tokens)
	f.forms.done = true
	if !f.sparse {
		// Counted before the stemmer runs: the counts are keyed by the
		// terms' text (copied), and the stemmer replaces a token's term.
		f.forms.freqs = positionsOnly(analysis.TokenFrequency(withBreaks(f.Value(), tokens), f.forms.ArrayPositions(), f.forms.Options()))
	}
	var forms [][]byte
	var brk []bool
	if f.sparse {
		// The stemmer replaces each token's term: the forms are kept
		// aside, and the breaks read before, while the tokens are forms.
		forms = make([][]byte, len(tokens))
		for i, t := range tokens {
			forms[i] = t.Term
		}
		brk = Breaks(f.Value(), tokens)
	}
	all := tokens[:len(tokens):len(tokens)] // the stop filter compacts in place
	if f.sparse {
		all = slices.Clone(tokens)
	}
	for _, tf := range f.rest {
		tokens = tf.Filter(tokens)
	}
	f.length = len(tokens)
	f.freqs = analysis.TokenFrequency(tokens, f.ArrayPositions(), f.Options())
	if f.sparse {
		f.forms.freqs = positionsOnly(analysis.TokenFrequency(sparseForms(all, forms, brk, tokens), f.forms.ArrayPositions(), f.forms.Options()))
	}
}

func (f *stemmedField) AnalyzedLength() int                               { return f.length }
func (f *stemmedField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
func (f *stemmedField) Size() int                                         { return f.TextField.Size() + f.freqs.Size() }

// formsField is the forms field, with its phrase breaks (breaks.go): of a
// shared pair, analysed by its text field; alone, or if Bleve ever visits
// it first, by itself.
type formsField struct {
	*document.TextField
	pair   *stemmedField // its text field, when they share an analysis
	done   bool
	length int
	freqs  bindex.TokenFrequencies
}

func (f *formsField) Analyze() {
	if f.done {
		return
	}
	if f.pair != nil {
		f.pair.Analyze()
		return
	}
	tokens := f.Analyzer().Analyze(f.Value())
	f.length = len(tokens)
	f.freqs = positionsOnly(analysis.TokenFrequency(withBreaks(f.Value(), tokens), f.ArrayPositions(), f.Options()))
	f.done = true
}

func (f *formsField) AnalyzedLength() int                               { return f.length }
func (f *formsField) AnalyzedTokenFrequencies() bindex.TokenFrequencies { return f.freqs }
func (f *formsField) Size() int                                         { return f.TextField.Size() + f.freqs.Size() }

// positionsOnly drops the byte offsets of the forms field's locations:
// an exact phrase reads their positions only (marks come from the text
// field's offsets), and the index kept two offsets for every word, stop
// words and breaks included, in the field with the most locations.
func positionsOnly(freqs bindex.TokenFrequencies) bindex.TokenFrequencies {
	for _, tf := range freqs {
		for _, l := range tf.Locations {
			l.Start, l.End = 0, 0
		}
	}
	return freqs
}
