package search

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
)

// Quoted text matches word forms exactly, as Elasticsearch's
// quote_field_suffix does: "Corning" is not corn, "tariffs" not tariff,
// "oil price" not "oil prices". The index keeps each passage's forms
// (index.FieldForms: stop words too, with positions, which are the text
// field's). A quoted word is its stem kept to the passages that hold its
// form; a quoted phrase is matched on its forms in order (proxQuery), and
// scored and marked by its stems. An index built before forms had
// positions can only keep the stemmed phrase to the passages that hold
// each of its forms somewhere (postingsOnly). docs/design.md has the costs.

// postingsOnly is the forms analyzer of an index whose forms field has no
// positions and no stop words (an older newsfind's): quoted phrases are
// compiled for it as they were then. It is told apart by its type so that
// every compiler of a search, wherever it is built, compiles alike.
type postingsOnly struct{ analysis.Analyzer }

// formPair is one token of quoted text: its stem and its form.
type formPair struct{ stem, form string }

// exactSlots analyzes quoted text both ways and pairs each form with the
// stem at its position (none for a stop word), at offsets from the first
// form; nil when the two analyses disagree (they differ only by the stop
// words and the stemmer, so they should not). A word typed next to the
// one before is joined; one typed after punctuation ("U.S.-Japan",
// "said, its") may follow a break in the text too.
func exactSlots(text, forms analysis.Analyzer, s string) []slot {
	fs := forms.Analyze([]byte(s))
	if len(fs) == 0 {
		return nil
	}
	breaks := index.Breaks([]byte(s), fs)
	ts := text.Analyze([]byte(s))
	out := make([]slot, len(fs))
	k := 0
	for i, f := range fs {
		out[i] = slot{form: string(f.Term), off: uint64(f.Position - fs[0].Position), joined: i > 0 && !breaks[i]}
		if out[i].joined {
			out[i].brk = fieldTerm{index.FieldForms, index.BreakTerm(out[i].form)}
		}
		if k < len(ts) && ts[k].Position == f.Position {
			out[i].stem = string(ts[k].Term)
			out[i].sparse = isSparse(forms) && out[i].stem == out[i].form
			k++
		}
	}
	if k != len(ts) {
		return nil
	}
	return out
}

// pairs are quoted text's words that are not stop words, as stem and
// form; nil when it has none or the analyses disagree.
func pairs(text, forms analysis.Analyzer, s string) []formPair {
	var out []formPair
	for _, sl := range exactSlots(text, forms, s) {
		if sl.stem != "" {
			out = append(out, formPair{stem: sl.stem, form: sl.form})
		}
	}
	return out
}

// exactQuery is a stemmed query kept to the passages that hold the given
// forms: a quoted word, and a quoted phrase on a postingsOnly index. A form that every passage with its stem holds (the stem has no
// other form in the index, as "would") filters nothing and is left out,
// so a quoted phrase of such words costs what the phrase does.
type exactQuery struct {
	q      query.Query
	forms  []formPair
	same   *formCounts
	sparse bool // the forms field has no form equal to its stem (variants.go)
}

func (e *exactQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	var filters []query.Query
	seen := map[string]bool{}
	for _, p := range e.forms {
		if seen[p.form] {
			continue
		}
		seen[p.form] = true
		same, err := e.same.sameDocs(ctx, r, p, e.sparse)
		if err != nil {
			return nil, err
		}
		if same {
			continue
		}
		f, err := e.same.formFilter(ctx, r, p, e.sparse)
		if err != nil {
			return nil, err
		}
		filters = append(filters, f)
	}
	inner, err := e.q.Searcher(ctx, r, m, o)
	if err != nil || len(filters) == 0 {
		return inner, err
	}
	fs := &filteredSearcher{Searcher: inner}
	for _, f := range filters {
		s, err := f.Searcher(ctx, r, m, o)
		if err != nil {
			fs.Close()
			return nil, err
		}
		fs.filters = append(fs.filters, s)
		fs.at = append(fs.at, nil)
	}
	return fs, nil
}

// formFilter matches the passages that hold a form, unscored: a form
// equal to its stem, in a sparse forms field, by the stem's positions
// without variants (variants.go).
func (fc *formCounts) formFilter(ctx context.Context, r bindex.IndexReader, p formPair, sparse bool) (query.Query, error) {
	if !sparse || p.form != p.stem {
		return formFilter(p.form), nil
	}
	vs, err := fc.variantsOf(ctx, r, p.stem)
	if err != nil {
		return nil, err
	}
	return stemAsForm{stem: p.stem, variants: vs}, nil
}

// formFilter matches the passages that hold a form in the forms field,
// unscored: the forms field keeps no frequencies or norms to score with
// (a score from them is NaN), and the stemmed query scores.
func formFilter(form string) query.Query {
	t := query.NewTermQuery(form)
	t.SetField(index.FieldForms)
	return unscored{t}
}

// sameDocs reports whether a form is in exactly the passages its stem is
// in: every passage with the form has the stem, so equal counts are equal
// sets. In a sparse forms field a form equal to its stem is in all of
// them when the stem has no variants.
func (fc *formCounts) sameDocs(ctx context.Context, r bindex.IndexReader, p formPair, sparse bool) (bool, error) {
	if sparse && p.form == p.stem {
		vs, err := fc.variantsOf(ctx, r, p.stem)
		return len(vs) == 0, err
	}
	if fc != nil {
		fc.mu.Lock()
		same, ok := fc.same[p]
		fc.mu.Unlock()
		if ok {
			return same, nil
		}
	}
	same, err := countsEqual(ctx, r, p)
	if err == nil && fc != nil {
		fc.mu.Lock()
		fc.same[p] = same
		fc.mu.Unlock()
	}
	return same, err
}

func countsEqual(ctx context.Context, r bindex.IndexReader, p formPair) (bool, error) {
	stem, err := termCount(ctx, r, p.stem, index.FieldText)
	if err != nil {
		return false, err
	}
	form, err := termCount(ctx, r, p.form, index.FieldForms)
	return stem == form, err
}

// termCount is the number of passages with a term.
func termCount(ctx context.Context, r bindex.IndexReader, term, field string) (uint64, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	return tfr.Count(), nil
}

// errTooManyForms is a prefix or fuzzy word that matches more forms than
// MaxExpansions.
var errTooManyForms = errors.New("too many word forms")

// expandForms gives each prefix or fuzzy word the forms of the index's
// words it matches: "interventon~" must reach "intervention", whose stem
// "intervent" is two edits away, and "intervntion~2" must not reach
// "internationalization" through its stem. A word that matches no form
// becomes itself quoted, which matches nothing.
func expandForms(ctx context.Context, r bindex.IndexReader, n nfquery.Node, fc *formCounts, sparse bool) (nfquery.Node, error) {
	var err error
	out := nfquery.Map(n, func(n nfquery.Node) nfquery.Node {
		w, ok := n.(nfquery.Word)
		if !ok || err != nil || (!w.Prefix && w.Fuzzy == 0) {
			return n
		}
		if w.Forms, err = formsOf(ctx, r, w, fc, sparse); err != nil {
			return n
		}
		if len(w.Forms) == 0 {
			return nfquery.Phrase{Text: w.Text, Pos: w.Pos}
		}
		return w
	})
	return out, err
}

// formsQuery matches the forms a prefix or fuzzy word found. It searches
// their stems as Bleve's prefix and fuzzy queries search terms (so it
// scores as they do), kept to the passages that hold one of the forms;
// searching the stems alone would let a rare misspelt form
// ("internation") bring in every word of its stem ("international").
type formsQuery struct {
	forms    []string
	same     *formCounts
	analyzer analysis.Analyzer // the text analyzer, for the stems
	sparse   bool              // the forms field has no form equal to its stem
}

func (f *formsQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	byStem := map[string][]string{}
	var stems []string
	for _, form := range f.forms {
		for _, t := range f.analyzer.Analyze([]byte(form)) {
			s := string(t.Term)
			if byStem[s] == nil {
				stems = append(stems, s)
			}
			byStem[s] = append(byStem[s], form)
		}
	}
	if len(stems) == 0 {
		return query.NewMatchNoneQuery().Searcher(ctx, r, m, o)
	}
	inner, err := searcher.NewMultiTermSearcher(ctx, r, stems, index.FieldText, 1, o, true)
	if err != nil {
		return nil, err
	}
	// The filter: a stem whose passages all hold one of the forms found
	// stands for itself (cheap: no forms to read); the others need a form.
	var any []query.Query
	filtered := false
	for _, s := range stems {
		all := false
		for _, form := range byStem[s] {
			if all, err = f.same.sameDocs(ctx, r, formPair{stem: s, form: form}, f.sparse); err != nil {
				inner.Close()
				return nil, err
			}
			if all {
				break
			}
		}
		if !all && f.sparse && slices.Contains(byStem[s], s) {
			// Every form of the stem found: it stands for itself.
			vs, err := f.same.variantsOf(ctx, r, s)
			if err != nil {
				inner.Close()
				return nil, err
			}
			all = !slices.ContainsFunc(vs, func(v string) bool { return !slices.Contains(byStem[s], v) })
		}
		if all {
			t := query.NewTermQuery(s)
			t.SetField(index.FieldText)
			any = append(any, unscored{t})
			continue
		}
		filtered = true
		for _, form := range byStem[s] {
			q, err := f.same.formFilter(ctx, r, formPair{stem: s, form: form}, f.sparse)
			if err != nil {
				inner.Close()
				return nil, err
			}
			any = append(any, q)
		}
	}
	if !filtered {
		return inner, nil
	}
	fq := query.Query(query.NewDisjunctionQuery(any))
	if len(any) == 1 {
		fq = any[0]
	}
	fs, err := unscored{fq}.Searcher(ctx, r, m, o)
	if err != nil {
		inner.Close()
		return nil, err
	}
	return &filteredSearcher{Searcher: inner, filters: []search.Searcher{fs}, at: make([]*search.DocumentMatch, 1)}, nil
}

// unscored is a query searched without scores, as a filter.
type unscored struct{ q query.Query }

func (u unscored) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.Score = "none"
	return u.q.Searcher(ctx, r, m, o)
}

// formsOf lists the forms in the index that a prefix or fuzzy word
// matches: in a sparse forms field (variants.go), those in it and the
// text field's terms that stand as forms of their own somewhere.
func formsOf(ctx context.Context, r bindex.IndexReader, w nfquery.Word, fc *formCounts, sparse bool) ([]string, error) {
	forms, err := dictTerms(ctx, r, index.FieldForms, w, nil)
	if err != nil || !sparse {
		return forms, err
	}
	stems, err := dictTerms(ctx, r, index.FieldText, w, func(t string) (bool, error) { return fc.standsAlone(ctx, r, t) })
	if err != nil {
		return nil, err
	}
	// In the order of one dictionary, as the forms were listed when the
	// forms field held them all: the stems are searched in that order.
	out := make([]string, 0, len(forms)+len(stems))
	for len(forms) > 0 || len(stems) > 0 {
		switch {
		case len(stems) == 0 || len(forms) > 0 && forms[0] < stems[0]:
			out, forms = append(out, forms[0]), forms[1:]
		case len(forms) == 0 || stems[0] < forms[0]:
			out, stems = append(out, stems[0]), stems[1:]
		default:
			out, forms, stems = append(out, forms[0]), forms[1:], stems[1:]
		}
	}
	if len(out) > MaxExpansions {
		return nil, errTooManyForms
	}
	return out, nil
}

// dictTerms lists a field's terms that a prefix or fuzzy word matches,
// those that keep says are forms, at most MaxExpansions.
func dictTerms(ctx context.Context, r bindex.IndexReader, field string, w nfquery.Word, keep func(string) (bool, error)) ([]string, error) {
	term := strings.ToLower(w.Text)
	var dict bindex.FieldDict
	var err error
	if w.Prefix {
		dict, err = r.FieldDictPrefix(field, []byte(term))
	} else if fr, ok := r.(bindex.IndexReaderFuzzy); ok {
		dict, err = fr.FieldDictFuzzy(field, term, w.Fuzzy, "")
	} else {
		return nil, fmt.Errorf("the index reader %T cannot match fuzzy words", r)
	}
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var forms []string
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		de, err := dict.Next()
		if err != nil || de == nil {
			return forms, err
		}
		if strings.HasPrefix(de.Term, index.PhraseBreak) {
			continue // a phrase break, no form: "|bank" is one edit from "bank"
		}
		if keep != nil {
			ok, err := keep(de.Term)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
		}
		if len(forms) == MaxExpansions {
			return nil, errTooManyForms
		}
		forms = append(forms, de.Term)
	}
}

// hasExpansions reports whether a query has prefix or fuzzy words.
func hasExpansions(n nfquery.Node) bool {
	has := false
	nfquery.Visit(n, func(n nfquery.Node) bool {
		if w, ok := n.(nfquery.Word); ok && (w.Prefix || w.Fuzzy > 0) {
			has = true
		}
		return !has
	})
	return has
}

// expandForms is expandForms on the index in use.
func (s *Service) expandForms(n nfquery.Node, p *plan) (out nfquery.Node, err error) {
	err = s.index.Use(func(x *index.Index) error {
		if x == nil {
			out = n
			return nil
		}
		r, err := x.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		// Listing forms is bounded by MaxExpansions, not by the search's
		// deadline, which starts with the walk.
		out, err = expandForms(context.Background(), r, n, p.same, isSparse(p.forms))
		return err
	})
	if err != nil {
		return nil, searchError(context.Background(), err)
	}
	return out, nil
}
