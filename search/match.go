package search

import (
	"context"
	"iter"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
)

// Matches is what a query matched, as a set of articles of one catalog
// view: the match step of a search, before facets, paging, passages and
// highlighting. A timeline counts and buckets it, a comparison intersects
// several, an export streams it in the query's order; none of them pays
// for passages it never shows, and streaming all of it costs one walk of
// the index where paging with cursors costs one walk a page.
//
// It holds pooled arrays as long as the catalog: Release it when done.
// It keeps the catalog view it was matched against for its lifetime, so
// its counts, ordinals and entries agree with one another whatever is
// written meanwhile; it holds no index reader, so a rebuild can swap the
// index while an export reads on.
type Matches struct {
	s    *Service
	p    *plan
	view catalog.View
	set  *matchSet // every matching article
	// groups are the matching articles by story, with distinct=story.
	groups   *storyGroups
	released bool
}

// A Match is one matching article.
type Match struct {
	Ord   int32          // its ordinal in the Matches' catalog view
	Entry *catalog.Entry // as that view has it; read only
	// Score is the article's ranked score, the one hits are ordered by
	// (0 for a query of filters alone).
	Score float64
	// Passages is how many of its passages match.
	Passages int
	// StoryArticles, with distinct=story, is how many matching articles
	// its story has (it being the best of them); else 1.
	StoryArticles int
}

// Match runs the match step of q: its text, scope and filters, not its
// paging (Page, Size, After and CountOnly are ignored) nor its facets.
func (s *Service) Match(ctx context.Context, q newsfind.Query) (*Matches, error) {
	return s.matchTuned(ctx, q, tuning{dense: denseShare})
}

// matchUnranked is Match for callers that only count and bucket: every
// Match's Score is 0, and ordering by relevance is meaningless.
func (s *Service) matchUnranked(ctx context.Context, q newsfind.Query) (*Matches, error) {
	return s.matchTuned(ctx, q, tuning{dense: denseShare, unranked: true})
}

func (s *Service) matchTuned(ctx context.Context, q newsfind.Query, tune tuning) (*Matches, error) {
	q.Page, q.Size, q.After, q.CountOnly = 0, 0, "", false
	p, err := s.plan(q)
	if err != nil {
		return nil, err
	}
	return s.matchPlan(ctx, p, tune)
}

// matchPlan runs the match step of a planned query.
func (s *Service) matchPlan(ctx context.Context, p *plan, tune tuning) (*Matches, error) {
	var m *Matches
	err := s.index.Use(func(x *index.Index) error {
		var err error
		m, err = s.match(ctx, x, p, tune)
		return err
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	return m, nil
}

// Release gives the set's arrays back to the pool; the Matches, and every
// Match and Entry it gave, must not be used afterwards. It may be called
// more than once.
func (m *Matches) Release() {
	if m == nil || m.released {
		return
	}
	m.released = true
	m.s.sets.put(m.set)
	m.set = nil
}

// Articles is how many articles matched.
func (m *Matches) Articles() int { return len(m.set.articles) }

// Passages is how many passages matched, over every matching article.
func (m *Matches) Passages() int { return m.set.passages }

// Stories is how many stories matched, with distinct=story; else 0.
func (m *Matches) Stories() int {
	if m.groups == nil {
		return 0
	}
	return m.groups.len()
}

// View is the catalog view the set's ordinals index.
func (m *Matches) View() *catalog.View { return &m.view }

// Has reports whether the article of ordinal o matched. Ordinals of two
// Matches compare when their views share a base (Ords.Base): ordinals are
// never reused, so an article keeps its ordinal in every later view.
func (m *Matches) Has(o int32) bool { return o >= 0 && int(o) < m.set.len() && m.set.hits[o] > 0 }

// Each calls fn with every matching article in ordinal order (the
// cheapest order, for counting and bucketing) until fn returns false.
// With distinct=story it gives every matching article, not only the
// stories' best.
func (m *Matches) Each(fn func(Match) bool) {
	for _, o := range m.set.inOrder() {
		if !fn(m.at(o, 1)) {
			return
		}
	}
}

// All yields every match in the query's sort order, as the pages would
// show them one after another: with distinct=story, each story's best
// article once. Ordering takes one sort of the matches; nothing is read
// from the index or the store.
func (m *Matches) All() iter.Seq[Match] {
	return func(yield func(Match) bool) {
		less := hitOrder(m.view.Entries, m.set.score, m.p.q.Sort)
		units := slices.Clone(m.set.articles)
		var members map[int32]int
		if m.groups != nil {
			m.groups.pickBest(less)
			units = slices.Clone(m.groups.best)
			members = make(map[int32]int, len(units))
			for i, b := range m.groups.best {
				members[b] = int(m.groups.starts[i+1] - m.groups.starts[i])
			}
		}
		slices.SortFunc(units, func(a, b int32) int {
			if less(a, b) {
				return -1
			}
			return 1 // ids are unique: no two units tie
		})
		for _, o := range units {
			n := 1
			if members != nil {
				n = members[o]
			}
			if !yield(m.at(o, n)) {
				return
			}
		}
	}
}

func (m *Matches) at(o int32, storyArticles int) Match {
	return Match{Ord: o, Entry: &m.view.Entries[o], Score: m.set.score[o], Passages: int(m.set.hits[o]), StoryArticles: storyArticles}
}

// Walks is how many times the service has walked the index's postings
// (one per query leaf pass): tests count them.
func (s *Service) Walks() uint64 { return s.columns.walks.Load() }

// match is the match step over index x with its paths chosen by tune: it
// collects every matching article of a catalog view taken now, drops the
// deleted, ranks, and groups stories with distinct=story.
func (s *Service) match(ctx context.Context, x *index.Index, p *plan, tune tuning) (*Matches, error) {
	if x == nil {
		return nil, errNoIndex
	}
	// One snapshot for the filter counts and the walk.
	var r bindex.IndexReader
	var inIndex, inCatalog []constraint
	if p.text != nil {
		var err error
		if r, err = x.Reader(); err != nil {
			return nil, err
		}
		defer r.Close()
		if inIndex, inCatalog, err = splitConstraints(r, p.filter.constraints, tune.dense); err != nil {
			return nil, err
		}
	}
	m := &Matches{s: s, p: p, view: s.catalog.View()}
	es := m.view.Entries
	m.set = s.sets.get(len(es))
	if err := s.collectPlan(ctx, r, p, tune, &m.view, inIndex, inCatalog, m.set); err != nil {
		m.Release()
		return nil, err
	}
	m.set.dropDeleted(es)
	if p.q.Distinct == newsfind.DistinctStory {
		g := groupStories(m.view.Facets, m.set.inOrder(), s.catalog.Stories())
		m.groups = &g
	}
	return m, nil
}

// collectPlan fills set with the articles p matches in view.
func (s *Service) collectPlan(ctx context.Context, r bindex.IndexReader, p *plan, tune tuning, view *catalog.View,
	inIndex, inCatalog []constraint, set *matchSet) error {
	ords, es := view.Ords, view.Entries
	if p.empty {
		return nil
	}
	if p.text == nil {
		matches := s.articleFilter(p.filter, view, tune)
		for o := range es {
			if matches(int32(o)) {
				set.add(int32(o), 0, int32(es[o].Passages), 0)
			}
		}
		return nil
	}
	// A hit's article decides. keep holds no state: two goroutines may
	// walk at once.
	var keep func(int32) bool // nil: every hit
	if catalog := (filter{constraints: inCatalog, from: p.filter.from, to: p.filter.to}); len(inCatalog) > 0 || catalog.hasDate() {
		keep = s.articleFilter(catalog, view, tune)
	}
	var filters []query.Query
	for _, c := range inIndex {
		filters = append(filters, c.filterQuery())
	}
	full := and(append([]query.Query{p.text}, filters...), nil)
	if p.tree == nil {
		if snap, ok := r.(*scorch.IndexSnapshot); ok && !tune.searchers {
			if w, ok := termWalkOf(p.text, filters); ok {
				if err := w.collect(ctx, s.columns, snap, ords, keep, tune.unranked, set); err != nil {
					return err
				}
				if !tune.unranked {
					set.rank()
				}
				return nil
			}
		}
		if err := collect(ctx, s.columns, r, s.mapping, full, tune.searcher(), ords, keep, set); err != nil {
			return err
		}
		if !tune.unranked {
			set.rank()
		}
		return nil
	}
	whole := s.sets.get(len(es))
	defer s.sets.put(whole)
	if err := collect(ctx, s.columns, r, s.mapping, full, tune.searcher(), ords, keep, whole); err != nil {
		return err
	}
	return s.articleScope(ctx, r, p, tune, filters, keep, ords, es, whole, set)
}
