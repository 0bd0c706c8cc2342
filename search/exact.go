package search

import (
	"context"
	"errors"
	"fmt"
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
	q     query.Query
	forms []formPair
	same  formCounts
}

func (e *exactQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	var filters []query.Query
	seen := map[string]bool{}
	for _, p := range e.forms {
		if seen[p.form] {
			continue
		}
		seen[p.form] = true
		same, err := e.same.sameDocs(ctx, r, p)
		if err != nil {
			return nil, err
		}
		if same {
			continue
		}
		filters = append(filters, formFilter(p.form))
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

// formFilter matches the passages that hold a form, unscored: the forms
// field keeps no frequencies or norms to score with (a score from them is
// NaN), and the stemmed query scores.
func formFilter(form string) query.Query {
	t := query.NewTermQuery(form)
	t.SetField(index.FieldForms)
	return unscored{t}
}

// formCounts remembers sameDocs' answers for one search, whose queries
// (the walk's, the marks', article scope's leaves) ask about the same
// forms: each answer opens two term readers over every segment. nil
// remembers nothing.
type formCounts map[formPair]bool

// sameDocs reports whether a form is in exactly the passages its stem is
// in: every passage with the form has the stem, so equal counts are equal
// sets.
func (fc formCounts) sameDocs(ctx context.Context, r bindex.IndexReader, p formPair) (bool, error) {
	if same, ok := fc[p]; ok {
		return same, nil
	}
	same, err := countsEqual(ctx, r, p)
	if err == nil && fc != nil {
		fc[p] = same
	}
	return same, err
}

func countsEqual(ctx context.Context, r bindex.IndexReader, p formPair) (bool, error) {
	count := func(term, field string) (uint64, error) {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
		if err != nil {
			return 0, err
		}
		defer tfr.Close()
		return tfr.Count(), nil
	}
	stem, err := count(p.stem, index.FieldText)
	if err != nil {
		return false, err
	}
	form, err := count(p.form, index.FieldForms)
	return stem == form, err
}

// errTooManyForms is a prefix or fuzzy word that matches more forms than
// MaxExpansions.
var errTooManyForms = errors.New("too many word forms")

// expandForms gives each prefix or fuzzy word the forms of the index's
// words it matches: "interventon~" must reach "intervention", whose stem
// "intervent" is two edits away, and "intervntion~2" must not reach
// "internationalization" through its stem. A word that matches no form
// becomes itself quoted, which matches nothing.
func expandForms(ctx context.Context, r bindex.IndexReader, n nfquery.Node) (nfquery.Node, error) {
	var err error
	out := nfquery.Map(n, func(n nfquery.Node) nfquery.Node {
		w, ok := n.(nfquery.Word)
		if !ok || err != nil || (!w.Prefix && w.Fuzzy == 0) {
			return n
		}
		if w.Forms, err = formsOf(ctx, r, w); err != nil {
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
	same     formCounts
	analyzer analysis.Analyzer // the text analyzer, for the stems
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
			if all, err = f.same.sameDocs(ctx, r, formPair{stem: s, form: form}); err != nil {
				inner.Close()
				return nil, err
			}
			if all {
				break
			}
		}
		if all {
			t := query.NewTermQuery(s)
			t.SetField(index.FieldText)
			any = append(any, unscored{t})
			continue
		}
		filtered = true
		for _, form := range byStem[s] {
			any = append(any, formFilter(form))
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

// formsOf lists the forms in the index that a prefix or fuzzy word matches.
func formsOf(ctx context.Context, r bindex.IndexReader, w nfquery.Word) ([]string, error) {
	term := strings.ToLower(w.Text)
	var dict bindex.FieldDict
	var err error
	if w.Prefix {
		dict, err = r.FieldDictPrefix(index.FieldForms, []byte(term))
	} else if fr, ok := r.(bindex.IndexReaderFuzzy); ok {
		dict, err = fr.FieldDictFuzzy(index.FieldForms, term, w.Fuzzy, "")
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
func (s *Service) expandForms(n nfquery.Node) (out nfquery.Node, err error) {
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
		out, err = expandForms(context.Background(), r, n)
		return err
	})
	if err != nil {
		return nil, searchError(context.Background(), err)
	}
	return out, nil
}
