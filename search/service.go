package search

import (
	"context"
	"fmt"
	"html"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// BestPassages is how many passages a hit shows.
const BestPassages = 3

// Service answers queries; it implements newsfind.Searcher.
type Service struct {
	index    *index.Current
	catalog  *index.Catalog
	tagger   *index.Tagger
	mapping  mapping.IndexMapping
	analyzer analysis.Analyzer
	values   *values
	columns  *columnCache
	articles Articles
	texts    *textCache
	dense    float64 // denseShare; tests move it to force one path
}

// textCacheBytes bounds the passage text the service keeps.
const textCacheBytes = 16 << 20

// Articles reads an article from the article store, or reports it is not
// there. The index keeps no passage text (it would be a third of its
// size): passages are split again from the stored article, and highlights
// mark that text at the term locations the index reports.
type Articles func(id string) (newsfind.Article, bool, error)

var _ newsfind.Searcher = (*Service)(nil)

// New returns a search service over the index in use and its catalog.
func New(cur *index.Current, cat *index.Catalog, tagger *index.Tagger, articles Articles) (*Service, error) {
	capExpansions.Do(func() { searcher.DisjunctionMaxClauseCount = MaxExpansions })
	m, err := index.NewMapping()
	if err != nil {
		return nil, err
	}
	a := m.AnalyzerNamed(index.TextAnalyzer)
	if a == nil {
		return nil, fmt.Errorf("analyzer %s not found", index.TextAnalyzer)
	}
	return &Service{
		index: cur, catalog: cat, tagger: tagger, mapping: m, analyzer: a,
		values:   &values{tagger: tagger, catalog: cat},
		columns:  newColumnCache(),
		articles: articles,
		texts:    newTextCache(textCacheBytes),
		dense:    denseShare,
	}, nil
}

// plan is a validated query, ready to run.
type plan struct {
	q      newsfind.Query
	text   query.Query // nil when the query has no text
	mark   query.Query // text for marking hits: Bleve's phrase queries
	after  *sortKey    // the page starts after this key; nil: at Page
	filter filter
	empty  bool // the text has nothing searchable (only stop words)
}

func (s *Service) plan(q newsfind.Query) (*plan, error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = newsfind.DefaultPageSize
	}
	switch {
	case q.Page < 1:
		return nil, newsfind.Errorf(newsfind.EINVALID, "page must be 1 or more")
	case q.Size < 1 || q.Size > newsfind.MaxPageSize:
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_page_size", "size must be between 1 and %d (max_page_size)", newsfind.MaxPageSize)
	case q.Page > newsfind.MaxResultWindow/q.Size: // page*size > window, without overflow
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_result_window",
			"page %d at %d results a page is past the first %d results (max_result_window): read further with after=<next of the previous page>, or narrow the query",
			q.Page, q.Size, newsfind.MaxResultWindow)
	case q.After != "" && q.Page > 1:
		return nil, newsfind.Errorf(newsfind.EINVALID, "use page or after, not both: after already says where the page starts")
	case q.FacetSize < 0 || q.FacetSize > newsfind.MaxFacetSize:
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_facet_size", "facet_size must be between 1 and %d (max_facet_size)", newsfind.MaxFacetSize)
	case q.Sort != "" && q.Sort != newsfind.SortRelevance && q.Sort != newsfind.SortDate:
		return nil, newsfind.Errorf(newsfind.EINVALID, "unknown sort %q: use relevance or date", q.Sort)
	}
	if q.Sort == "" {
		q.Sort = newsfind.SortRelevance
	}
	if q.FacetSize == 0 {
		q.FacetSize = newsfind.DefaultFacetSize
	}
	p := &plan{q: q}
	if q.After != "" {
		k, err := decodeCursor(q.After, q.Sort)
		if err != nil {
			return nil, err
		}
		p.after = &k
	}
	node, err := Parse(q.Text)
	if err != nil {
		return nil, err
	}
	if p.filter, err = s.values.resolve(q); err != nil {
		return nil, err
	}
	node, lifted := liftFields(node)
	for _, f := range lifted {
		c, err := s.values.constraint(f.Name, f.Value)
		if err != nil {
			return nil, err
		}
		p.filter.constraints = append(p.filter.constraints, c)
	}
	if node != nil {
		c := &compiler{analyzer: s.analyzer, values: s.values, walk: true}
		if p.text, err = c.compile(node); err != nil {
			return nil, err
		}
		p.mark = p.text
		if c.usedPhrase {
			c := &compiler{analyzer: s.analyzer, values: s.values}
			if p.mark, err = c.compile(node); err != nil {
				return nil, err
			}
		}
		// Only stop words left: nothing matches, unless fields were
		// lifted, which then stand alone ("the country:JP").
		p.empty = p.text == nil && len(lifted) == 0
	}
	return p, nil
}

// liftFields takes the facet fields a query requires at its top level
// ("country:JP trade") out of it, to be checked as filter constraints:
// where one is common, the catalog checks it per hit instead of Bleve
// intersecting a posting list of most of the index (see Search). Fields
// under OR or NOT stay in the query, and so do the fields of a query that
// has nothing else to search by ("country:JP", "country:JP -oil"): Bleve
// walks their posting lists faster than the catalog can be scanned.
func liftFields(n Node) (Node, []Field) {
	switch n := n.(type) {
	case And:
		var rest []Node
		var fields []Field
		for _, m := range n.Must {
			if f, ok := m.(Field); ok {
				fields = append(fields, f)
			} else {
				rest = append(rest, m)
			}
		}
		switch {
		case len(fields) == 0 || len(rest) == 0:
			return n, nil
		case len(rest) == 1 && len(n.Not) == 0:
			return rest[0], fields
		}
		return And{Must: rest, Not: n.Not}, fields
	}
	return n, nil
}

// denseShare is the share of passages above which a filter constraint is
// checked on the catalog per hit rather than intersected in Bleve: a
// posting list that covers much of the index costs more to intersect
// than a slice lookup per hit, while a rare one lets Bleve skip most of
// the text's hits. At 1.0M passages (docs/benchmarks.md) it took
// "country:US interest rates" from 17 to 10 ms; at 10%, "country:GB bank"
// went from 11 to 19 ms.
const denseShare = 0.30

// splitConstraints sorts filter constraints into those for Bleve (rare
// values) and those for the catalog (common ones), by their passage
// counts in the index.
func splitConstraints(r bindex.IndexReader, cs []constraint, dense float64) (inIndex, inCatalog []constraint, err error) {
	if len(cs) == 0 {
		return nil, nil, nil
	}
	if dense >= 1 { // everything in Bleve
		return cs, nil, nil
	}
	total, err := r.DocCount()
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cs {
		var n uint64
		for _, v := range c.values {
			tfr, err := r.TermFieldReader(context.Background(), []byte(v), c.field, false, false, false)
			if err != nil {
				return nil, nil, err
			}
			n += tfr.Count()
			tfr.Close()
		}
		if float64(n) > dense*float64(total) {
			inCatalog = append(inCatalog, c)
		} else {
			inIndex = append(inIndex, c)
		}
	}
	return inIndex, inCatalog, nil
}

// Search runs a query: it finds every matching passage, groups them by
// article, counts facets over the articles, and fills in one page of hits.
func (s *Service) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	start := time.Now()
	p, err := s.plan(q)
	if err != nil {
		return nil, err
	}
	res := &newsfind.Result{Hits: []newsfind.Hit{}}
	err = s.index.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		// One snapshot for the filter counts and the walk.
		var r bindex.IndexReader
		var inIndex, inCatalog []constraint
		if p.text != nil {
			var err error
			if r, err = x.Reader(); err != nil {
				return err
			}
			defer r.Close()
			if inIndex, inCatalog, err = splitConstraints(r, p.filter.constraints, s.dense); err != nil {
				return err
			}
		}
		var entries []index.Entry
		var set *matchSet
		var cerr error
		s.catalog.View(func(ords map[string]int32, es []index.Entry) {
			entries = es
			set = newMatchSet(len(es))
			if p.empty {
				return
			}
			if p.text == nil {
				for o := range es {
					if p.filter.matches(&es[o]) {
						set.add(int32(o), 0, int32(es[o].Passages))
					}
				}
				return
			}
			// A hit's article decides; an article's passages come one
			// after another, so remember the last answer.
			var keep func(int32) bool // nil: every hit
			if catalog := (filter{constraints: inCatalog, from: p.filter.from, to: p.filter.to}); len(inCatalog) > 0 || catalog.hasDate() {
				last, lastKeep := int32(-1), false
				keep = func(o int32) bool {
					if o != last {
						last, lastKeep = o, catalog.matches(&es[o])
					}
					return lastKeep
				}
			}
			full := []query.Query{p.text}
			for _, c := range inIndex {
				full = append(full, c.filterQuery())
			}
			cerr = collect(ctx, s.columns, r, s.mapping, and(full, nil), ords, keep, set)
		})
		if cerr != nil {
			return cerr
		}
		res.TotalArticles = len(set.articles)
		res.TotalPassages = set.passages
		res.Facets = s.facets(entries, set.articles, p.q.FacetSize)
		page, more := s.page(entries, set, p)
		if more {
			last := page[len(page)-1]
			res.Next = encodeCursor(keyOf(&entries[last], set.score[last]), p.q.Sort)
		}
		best, err := s.bestPassages(ctx, x, entries, set, page, p.mark)
		if err != nil {
			return err
		}
		for _, o := range page {
			e := &entries[o]
			res.Hits = append(res.Hits, newsfind.Hit{
				ID: e.ID, Title: e.Title, URL: e.URL, Source: e.Source, Byline: e.Byline,
				Published: e.Published, DateNote: e.DateNote,
				Countries: nonNil(e.Countries), Commodities: nonNil(e.Commodities),
				Score: set.score[o], MatchedPassages: int(set.hits[o]),
				Passages: nonNilPassages(best[e.ID]),
			})
		}
		return nil
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

// capExpansions sets Bleve's knob, a package variable, once: setting it
// again while other services search would be a data race.
var capExpansions sync.Once

// searchError turns Bleve's errors that are the query's fault into ones
// that say what to change.
// errNoIndex answers a search while no index is in use: a damaged one was
// set aside, and a partial answer would be silently wrong.
var errNoIndex = newsfind.Errorf(newsfind.EUNAVAILABLE,
	"the index is being rebuilt from the store; search again shortly (GET /readyz says how far it is)")

func searchError(ctx context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return newsfind.LimitErrorf(newsfind.EUNAVAILABLE, "search_timeout", "search took too long (search_timeout): %v; narrow the query", ctx.Err())
	case strings.Contains(err.Error(), "TooManyClauses"): // Bleve has no error value for it
		return newsfind.LimitErrorf(newsfind.EINVALID, "max_expansions",
			"a prefix or fuzzy word of the query matches more than %d different words (max_expansions): use a longer prefix or fewer edits", MaxExpansions)
	}
	return err
}

// page orders the matching articles and returns the ordinals of one page,
// and whether more articles follow it.
func (s *Service) page(entries []index.Entry, set *matchSet, p *plan) ([]int32, bool) {
	order := p.q.Sort
	// The order of sortKey.before, written out: broad queries compare
	// hundreds of thousands of times, and building keys, or even reading
	// an entry's id before the scores tie, made that 3-7 times slower.
	score := set.score
	less := func(a, b int32) bool {
		if score[a] != score[b] {
			return score[a] > score[b]
		}
		return entries[a].ID < entries[b].ID
	}
	if order == newsfind.SortDate {
		byScore := less
		less = func(a, b int32) bool {
			da, db := entries[a].Published, entries[b].Published
			if da.Equal(db) {
				return byScore(a, b)
			}
			if da.IsZero() || db.IsZero() {
				return db.IsZero() // undated last
			}
			return da.After(db)
		}
	}
	arts := set.articles
	from := (p.q.Page - 1) * p.q.Size
	if p.after != nil {
		// Only the articles after the cursor compete for the page, so a
		// deep page costs what the first one does.
		from = 0
		arts = make([]int32, 0, len(arts))
		for _, a := range set.articles {
			if p.after.before(keyOf(&entries[a], set.score[a]), order) {
				arts = append(arts, a)
			}
		}
	}
	if from >= len(arts) {
		return nil, false
	}
	end := min(from+p.q.Size, len(arts))
	// Only the first end articles need ordering: keep the best end in a
	// heap whose root is the worst of them (O(n log end), no copy of all).
	h := make([]int32, 0, end)
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			w := l
			if r := l + 1; r < len(h) && less(h[l], h[r]) {
				w = r
			}
			if !less(h[i], h[w]) {
				return
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	for _, a := range arts {
		if len(h) < end {
			h = append(h, a)
			for i := len(h) - 1; i > 0; {
				up := (i - 1) / 2
				if !less(h[up], h[i]) {
					break
				}
				h[up], h[i] = h[i], h[up]
				i = up
			}
			continue
		}
		if less(a, h[0]) {
			h[0] = a
			down(0)
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
	return h[from:end], end < len(arts)
}

// bestPassages returns the best passages (at most BestPassages, best
// first) of every article of a page, from one Bleve search for the whole
// page: one small search per hit was half the time of a selective query.
// Without a text query an article's best passages are its first ones.
func (s *Service) bestPassages(ctx context.Context, x *index.Index, entries []index.Entry, set *matchSet,
	page []int32, text query.Query) (map[string][]newsfind.PassageHit, error) {
	out := map[string][]newsfind.PassageHit{}
	if len(page) == 0 {
		return out, nil
	}
	docs := make(map[string]*newsfind.Document, len(page))
	for _, o := range page {
		d, err := s.passages(entries[o].ID)
		if err != nil {
			return nil, err
		}
		docs[entries[o].ID] = d // nil: no longer stored
	}
	if text == nil {
		for id, d := range docs {
			if d == nil {
				continue
			}
			for _, p := range d.Passages[:min(len(d.Passages), BestPassages)] {
				out[id] = append(out[id], newsfind.PassageHit{Index: p.Index, Text: p.Text, Highlight: html.EscapeString(p.Text)})
			}
		}
		return out, nil
	}
	arts := make([]query.Query, len(page))
	size := 0
	for i, o := range page {
		t := query.NewTermQuery(entries[o].ID)
		t.SetField(index.FieldArticle)
		arts[i] = t
		size += int(set.hits[o])
	}
	req := bleve.NewSearchRequestOptions(and([]query.Query{text, query.NewDisjunctionQuery(arts)}, nil), min(size, maxPagePassages), 0, false)
	req.IncludeLocations = true
	r, err := x.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, dm := range r.Hits { // best first
		id, i, ok := index.ParsePassageID(dm.ID)
		if !ok || len(out[id]) >= BestPassages {
			continue
		}
		if t, ok := passageText(docs[id], i); ok {
			out[id] = append(out[id], newsfind.PassageHit{Index: i, Text: t, Highlight: mark(t, dm.Locations[index.FieldText])})
		}
	}
	return out, nil
}

// passages returns an article's passages, untagged, from the store; nil
// when it is not stored.
// The document is shared with the cache: callers must not change it.
func (s *Service) passages(id string) (*newsfind.Document, error) {
	d, gen := s.texts.get(id)
	if d != nil {
		return d, nil
	}
	a, ok, err := s.articles(id)
	if err != nil || !ok {
		return nil, err
	}
	d = &newsfind.Document{Article: a, Passages: index.Passages(a)}
	s.texts.put(d, gen)
	return d, nil
}

// Forget tells the service that articles were rewritten in the store, so
// that it reads their text again.
func (s *Service) Forget(ids []string) { s.texts.forget(ids) }

// article returns a stored article, or ENOTFOUND.
func (s *Service) article(id string) (newsfind.Article, error) {
	if _, ok := s.catalog.Get(id); ok {
		a, ok, err := s.articles(id)
		if err != nil || ok {
			return a, err
		}
	}
	return newsfind.Article{}, newsfind.Errorf(newsfind.ENOTFOUND, "no article with id %q", id)
}

// passageText returns passage i of a document. Passage 0, the title, may
// be missing, and an article updated since the index was searched may
// have fewer passages now.
func passageText(d *newsfind.Document, i int) (string, bool) {
	if d == nil {
		return "", false
	}
	k, ok := sort.Find(len(d.Passages), func(k int) int { return i - d.Passages[k].Index })
	if !ok {
		return "", false
	}
	return d.Passages[k].Text, true
}

// maxPagePassages bounds the passages one page's search reads: enough for
// every match of ten articles of ordinary length.
const maxPagePassages = 5000

func nonNilPassages(ps []newsfind.PassageHit) []newsfind.PassageHit {
	if ps == nil {
		return []newsfind.PassageHit{}
	}
	return ps
}

// marked returns the passages of an article that match a query, best
// first, with the matches marked.
func (s *Service) marked(ctx context.Context, x *index.Index, d *newsfind.Document, text query.Query) ([]newsfind.PassageHit, error) {
	art := query.NewTermQuery(d.ID)
	art.SetField(index.FieldArticle)
	req := bleve.NewSearchRequestOptions(and([]query.Query{text, art}, nil), len(d.Passages)+1, 0, false)
	req.IncludeLocations = true
	r, err := x.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make([]newsfind.PassageHit, 0, len(r.Hits))
	for _, dm := range r.Hits {
		_, i, ok := index.ParsePassageID(dm.ID)
		if !ok {
			continue
		}
		if t, ok := passageText(d, i); ok {
			out = append(out, newsfind.PassageHit{Index: i, Text: t, Highlight: mark(t, dm.Locations[index.FieldText])})
		}
	}
	return out, nil
}

// Document returns an indexed article and all its passages.
func (s *Service) Document(ctx context.Context, id string) (*newsfind.Document, error) {
	a, err := s.article(id)
	if err != nil {
		return nil, err
	}
	prepared := index.Prepare(s.tagger, a)
	d := &prepared
	d.Countries, d.Commodities = nonNil(d.Countries), nonNil(d.Commodities)
	d.Labels = map[string]string{}
	for _, c := range d.Countries {
		if l := s.tagger.CountryName(c); l != "" {
			d.Labels[c] = l
		}
	}
	for _, c := range d.Commodities {
		if l := s.tagger.CommodityLabel(c); l != "" {
			d.Labels[c] = l
		}
	}
	for i := range d.Passages {
		p := &d.Passages[i]
		p.Countries, p.Commodities = nonNil(p.Countries), nonNil(p.Commodities)
	}
	return d, nil
}

// Highlight returns every passage of an article with the query's matches
// marked.
func (s *Service) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	notFound := newsfind.Errorf(newsfind.ENOTFOUND, "no article with id %q", id)
	if _, ok := s.catalog.Get(id); !ok {
		return nil, notFound
	}
	p, err := s.plan(q)
	if err != nil {
		return nil, err
	}
	d, err := s.passages(id)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, notFound
	}
	all := make([]newsfind.PassageHit, len(d.Passages))
	for i, ps := range d.Passages {
		all[i] = newsfind.PassageHit{Index: ps.Index, Text: ps.Text, Highlight: html.EscapeString(ps.Text)}
	}
	if p.text == nil {
		return all, nil
	}
	var marked []newsfind.PassageHit
	err = s.index.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		var err error
		marked, err = s.marked(ctx, x, d, p.mark)
		return err
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	byIndex := map[int]string{}
	for _, m := range marked {
		byIndex[m.Index] = m.Highlight
	}
	for i := range all {
		if h, ok := byIndex[all[i].Index]; ok {
			all[i].Highlight = h
		}
	}
	return all, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
