package search

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
	"github.com/newsfind/newsfind/tagger"
)

// BestPassages is how many passages a hit shows.
const BestPassages = 3

// Service answers queries; it implements newsfind.Searcher.
type Service struct {
	index    *index.Current
	catalog  *catalog.Catalog
	tagger   *tagger.Tagger
	mapping  mapping.IndexMapping
	analyzer analysis.Analyzer
	forms    analysis.Analyzer        // index.FormsAnalyzer
	langs    map[string]langAnalyzers // the other languages', by analysis language
	values   *values
	columns  *columnCache
	sets     matchSets
	leafSets leafPool
	articles Articles
	texts    *textCache
	synonyms *synonyms
	members  StoryMembers // nil: no stories
	pins     *pinCache    // the answers cursors read from
	volumes  volumeCache  // the collection's volume by filters
	// backgrounds are the collection's passage counts terms looked up
	backgrounds backgroundCache
	stems       stemCache // what terms' forms stem to
	// formStems stems a form as indexing did, to find the forms a sparse
	// forms field has beside a stem (variants.go); variants lists them
	// per segment.
	formStems *index.FormStemmer
	variants  *variantCache
}

// textCacheBytes bounds the passage text the service keeps.
const textCacheBytes = 16 << 20

// Articles reads an article from the article store, or reports it is not
// there. The index keeps no passage text (it would be a third of its
// size): passages are split again from the stored article, and highlights
// mark that text at the term locations the index reports.
type Articles func(id string) (newsfind.Article, bool, error)

var _ newsfind.Searcher = (*Service)(nil)

// An Option adjusts a Service as New makes it.
type Option func(*Service) error

// WithSynonyms adds the groups of the synonyms file at path (the format of
// data/synonyms.txt) to the built-in ones; "" adds none.
func WithSynonyms(path string) Option {
	return func(s *Service) error {
		if path == "" {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("synonyms: %w", err)
		}
		defer f.Close()
		return s.synonyms.read(f, path)
	}
}

// New returns a search service over the index in use and its catalog.
func New(cur *index.Current, cat *catalog.Catalog, tagger *tagger.Tagger, articles Articles, opts ...Option) (*Service, error) {
	m, err := index.NewMapping()
	if err != nil {
		return nil, err
	}
	a := m.AnalyzerNamed(index.TextAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("analyzer %s not found", index.TextAnalyzer)
	}
	f := m.AnalyzerNamed(index.FormsAnalyzer)
	if f == nil {
		return nil, fmt.Errorf("analyzer %s not found", index.FormsAnalyzer)
	}
	langs := map[string]langAnalyzers{}
	for _, l := range index.Languages()[1:] {
		la := langAnalyzers{lang: l, text: m.AnalyzerNamed(index.TextAnalyzerFor(l)), forms: m.AnalyzerNamed(index.FormsAnalyzerFor(l))}
		if la.text == nil || la.forms == nil {
			return nil, fmt.Errorf("the analyzers of language %s are not registered", l)
		}
		langs[l] = la
	}
	s := &Service{
		index: cur, catalog: cat, tagger: tagger, mapping: m, analyzer: a, forms: f, langs: langs,
		values:   &values{tagger: tagger, catalog: cat},
		columns:  newColumnCache(),
		articles: articles,
		texts:    newTextCache(textCacheBytes),
		synonyms: newSynonyms(a),
		pins:     newPinCache(CursorOptions{}),
	}
	s.formStems = index.NewFormStemmer(a, f)
	s.variants = newVariantCache(s.formStems, foreignStems(cat, langs))
	if err := s.synonyms.read(strings.NewReader(builtinSynonyms), "search/data/synonyms.txt"); err != nil {
		return nil, err
	}
	for _, o := range opts {
		if err := o(s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Search runs a query: it finds every matching passage, groups them by
// article, counts facets over the articles, and fills in one page of hits.
func (s *Service) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	return s.search(ctx, q, tuning{dense: denseShare})
}

// tuning is how a search picks between paths that give the same answer
// (tests force each one).
type tuning struct {
	dense   float64 // the share of passages above which a filter is checked on the catalog
	entries bool    // check catalog filters on entries by name, not on facet rows by id
	// unranked walks the index without scoring: a count or a bucketing
	// of matches never reads scores, and Bleve then skips every posting's
	// frequency and norm and ANDs and ORs plain terms as bitmaps.
	unranked bool
	// fullLeaves walks and scores every passage of every leaf in article
	// scope (walkLeaves), where the default reads the leaves' postings
	// and scores only the matched articles' (leafBits).
	fullLeaves bool
	// searchers walks a one-word query through Bleve's term searcher,
	// where the default reads its postings from the segments (termWalk).
	searchers bool
}

// searcher is the Bleve searcher options of tune.
func (t tuning) searcher() search.SearcherOptions {
	if t.unranked {
		return search.SearcherOptions{Score: "none"}
	}
	return search.SearcherOptions{}
}

// articleFilter returns f as a check of an article ordinal of the view:
// on its facet row by id when it can, else on its entry.
func (s *Service) articleFilter(f filter, v *catalog.View, tune tuning) func(int32) bool {
	if !tune.entries {
		// Languages after the view: they cover every id its rows have.
		if rf, ok := s.rowFilterOf(f, s.catalog.Languages()); ok {
			return func(o int32) bool { return rf.matches(v, &v.Facets[o]) }
		}
	}
	return func(o int32) bool { return f.matches(&v.Entries[o]) }
}

// search is Search with its paths chosen by tune.
func (s *Service) search(ctx context.Context, q newsfind.Query, tune tuning) (*newsfind.Result, error) {
	start := time.Now()
	p, err := s.plan(q)
	if err != nil {
		return nil, err
	}
	if p.pinned != nil {
		return s.searchPinned(ctx, p, start)
	}
	res := &newsfind.Result{Hits: []newsfind.Hit{}, Warnings: p.warnings, Expanded: p.expanded}
	err = s.index.Use(func(x *index.Index) error {
		m, err := s.match(ctx, x, p, tune)
		if err != nil {
			return err
		}
		defer m.Release()
		return s.present(ctx, x, p, res, m)
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	res.Took = time.Since(start)
	return res, nil
}

// MaxExpansions caps the words one prefix or fuzzy word may expand to,
// through Bleve's DisjunctionMaxClauseCount: Bleve checks the context only
// while it collects hits, so an expansion must be refused before that.
// Reuters' most common two-letter prefix, "co", expands to 915 words.
const MaxExpansions = 4096

// SetProcessLimits sets the process-wide Bleve knobs the limits rely on
// (DisjunctionMaxClauseCount, for max_expansions). They are package
// variables of Bleve, so a program sets them once, at start-up, before it
// searches: setting them while searches run would be a data race.
func SetProcessLimits() { searcher.DisjunctionMaxClauseCount = MaxExpansions }

// errNoIndex answers a search while no index is in use: a damaged one was
// set aside, and a partial answer would be silently wrong.
var errNoIndex = newsfind.Errorf(newsfind.EUNAVAILABLE,
	"the index is being rebuilt from the store; search again shortly (GET /readyz says how far it is)")

// searchError turns Bleve's errors that are the query's fault into ones
// that say what to change.
func searchError(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return newsfind.LimitErrorf(newsfind.EUNAVAILABLE, "search_timeout", "search took too long (search_timeout): %v; narrow the query", ctx.Err())
	case errors.Is(err, errTooManyForms), strings.Contains(err.Error(), "TooManyClauses"): // Bleve has no error value for it
		return newsfind.LimitErrorf(newsfind.EINVALID, "max_expansions",
			"a prefix or fuzzy word of the query matches more than %d different words (max_expansions): use a longer prefix or fewer edits", MaxExpansions)
	}
	return err
}

// foreignStems returns the form stemmers of the languages other than
// English that the catalog's articles are in (variantCache).
func foreignStems(cat *catalog.Catalog, langs map[string]langAnalyzers) func() []*index.FormStemmer {
	stems := map[string]*index.FormStemmer{}
	for l, la := range langs {
		if st := index.NewFormStemmer(la.text, la.forms); st != nil {
			stems[l] = st
		}
	}
	return func() []*index.FormStemmer {
		var out []*index.FormStemmer
		seen := map[string]bool{}
		for _, tag := range cat.Languages() {
			l := index.AnalysisLanguage(tag)
			if st := stems[l]; st != nil && !seen[l] {
				seen[l] = true
				out = append(out, st)
			}
		}
		return out
	}
}

// queryLanguages are the languages other than English, among those the
// catalog's articles are in, whose analyzers read the query differently:
// a query is compiled once more for each of them. A corpus in English
// alone, or a query whose words stem alike in every language present
// ("pct", "opec"), compiles exactly as before.
func (s *Service) queryLanguages(node nfquery.Node, forms bool) []langAnalyzers {
	var out []langAnalyzers
	seen := map[string]bool{}
	for _, tag := range s.catalog.Languages() {
		l := index.AnalysisLanguage(tag)
		la, ok := s.langs[l]
		if !ok || seen[l] {
			continue
		}
		seen[l] = true
		if s.readsAlike(node, la, forms) {
			continue
		}
		out = append(out, la)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].lang < out[j].lang })
	return out
}

// readsAlike reports whether every word of a query analyzes the same in a
// language as in English (terms and, with forms, forms).
func (s *Service) readsAlike(node nfquery.Node, l langAnalyzers, forms bool) bool {
	same := true
	alike := func(text string) {
		if !sameTerms(s.analyzer, l.text, text) || (forms && !sameTerms(s.forms, l.forms, text)) {
			same = false
		}
	}
	nfquery.Visit(node, func(n nfquery.Node) bool {
		switch n := n.(type) {
		case nfquery.Word:
			alike(n.Text)
			for _, f := range n.Forms {
				alike(f)
			}
		case nfquery.Phrase:
			alike(n.Text)
		case nfquery.Near:
			for _, t := range n.Terms {
				alike(leafString(t))
			}
		}
		return same
	})
	return same
}

// sameTerms reports whether two analyzers make the same terms of text.
func sameTerms(a, b analysis.Analyzer, text string) bool {
	x, y := a.Analyze([]byte(text)), b.Analyze([]byte(text))
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if !bytes.Equal(x[i].Term, y[i].Term) || x[i].Position != y[i].Position {
			return false
		}
	}
	return true
}
