package search

import (
	"math"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// StoryMembers lists the articles of a story, its canonical (earliest)
// article first: the engine's story index answers it.
type StoryMembers func(story string) []string

// WithStories gives the service the stories' members, for the copies a
// story's hit and an article list.
func WithStories(m StoryMembers) Option {
	return func(s *Service) error {
		s.members = m
		return nil
	}
}

// dropDeleted takes deleted articles out of a match set: a search whose
// index reader predates a delete can still walk their passages.
func (m *matchSet) dropDeleted(entries []catalog.Entry) {
	var kept []int32 // a new list, made at the first deleted article; m.touched keeps the old
	for i, o := range m.articles {
		if entries[o].Deleted {
			if kept == nil {
				kept = append(make([]int32, 0, len(m.articles)), m.articles[:i]...)
			}
			m.passages -= int(m.hits[o])
			m.hits[o] = 0
			continue
		}
		if kept != nil {
			kept = append(kept, o)
		}
	}
	if kept != nil {
		if m.touched == nil {
			m.touched = m.articles
		}
		m.articles = kept
	}
}

// storyGroups are the matching articles grouped by story.
type storyGroups struct {
	members []int32 // article ordinals, each story's together
	starts  []int32 // story g is members[starts[g]:starts[g+1]]
	best    []int32 // each story's first article in the page's order
}

// groupStories groups the matching articles by story with a counting
// sort over the catalog's story ordinals (no map, no sort).
func groupStories(facets []catalog.FacetOrds, arts []int32, stories int) storyGroups {
	at := make([]int32, stories) // per story: its articles, then where they go
	for _, o := range arts {
		if st := facets[o].Story; st >= 0 && int(st) < stories {
			at[st]++
		}
	}
	var g storyGroups
	g.members = make([]int32, len(arts))
	sum := int32(0)
	for st, n := range at {
		if n > 0 {
			g.starts = append(g.starts, sum)
		}
		at[st] = sum
		sum += n
	}
	for _, o := range arts {
		st := facets[o].Story
		if st < 0 || int(st) >= stories {
			// No story (or one newer than the count): a story of its own,
			// after the others.
			g.starts = append(g.starts, sum)
			g.members[sum] = o
			sum++
			continue
		}
		g.members[at[st]] = o
		at[st]++
	}
	g.starts = append(g.starts, sum)
	return g
}

// pickBest sets each story's best article by less, the page's order.
func (g *storyGroups) pickBest(less func(a, b int32) bool) {
	g.best = make([]int32, len(g.starts)-1)
	for i := range g.best {
		g.best[i] = g.bestOf(i, less)
	}
}

func (g *storyGroups) bestOf(i int, less func(a, b int32) bool) int32 {
	ms := g.members[g.starts[i]:g.starts[i+1]]
	b := ms[0]
	for _, o := range ms[1:] {
		if less(o, b) {
			b = o
		}
	}
	return b
}

// pickBestByScore is pickBest for the score order when only the first
// end stories are shown: each story's best score is found without
// comparing ids, and the ids of a story's articles that tie at that score
// (copies of one text score alike) are compared only for stories that can
// reach the page, those whose best score is at least the end-th best. The
// others keep an article of their best score: the page never shows them,
// and they still count once.
func (g *storyGroups) pickBestByScore(score []float64, entries []catalog.Entry, end int) {
	n := len(g.starts) - 1
	g.best = make([]int32, n)
	tied := make([]bool, n)
	for i := range n {
		ms := g.members[g.starts[i]:g.starts[i+1]]
		b, bs := ms[0], score[ms[0]]
		for _, o := range ms[1:] {
			switch s := score[o]; {
			case s > bs:
				b, bs, tied[i] = o, s, false
			case s == bs:
				tied[i] = true
			}
		}
		g.best[i] = b
	}
	cut := kthLargest(g.best, score, end)
	less := hitOrder(entries, score, newsfind.SortRelevance)
	for i := range n {
		if tied[i] && score[g.best[i]] >= cut {
			g.best[i] = g.bestOf(i, less)
		}
	}
}

// kthLargest returns the k-th largest score of the articles (the smallest
// when there are fewer than k), with a min-heap of k scores.
func kthLargest(arts []int32, score []float64, k int) float64 {
	if k <= 0 || len(arts) == 0 {
		return math.Inf(-1)
	}
	h := make([]float64, 0, k)
	for _, o := range arts {
		s := score[o]
		if len(h) < k {
			h = append(h, s)
			for i := len(h) - 1; i > 0 && h[(i-1)/2] > h[i]; i = (i - 1) / 2 {
				h[(i-1)/2], h[i] = h[i], h[(i-1)/2]
			}
			continue
		}
		if s <= h[0] {
			continue
		}
		h[0] = s
		for i := 0; ; {
			l, w := 2*i+1, i
			if l < len(h) && h[l] < h[w] {
				w = l
			}
			if r := l + 1; r < len(h) && h[r] < h[w] {
				w = r
			}
			if w == i {
				break
			}
			h[i], h[w] = h[w], h[i]
			i = w
		}
	}
	if len(h) < k {
		return math.Inf(-1)
	}
	return h[0]
}

// storyBest picks each story's best article for the page and returns
// them as the set the page orders: the stories' totals and facets are
// counted apart (storyFacets).
func (s *Service) storyBest(v *catalog.View, set *matchSet, g *storyGroups, p *plan) *matchSet {
	if p.q.Sort == newsfind.SortRelevance && p.after == nil {
		g.pickBestByScore(set.score, v.Entries, p.q.Page*p.q.Size)
	} else {
		g.pickBest(hitOrder(v.Entries, set.score, p.q.Sort))
	}
	return &matchSet{score: set.score, hits: set.hits, articles: g.best, passages: set.passages}
}

// len is how many stories there are.
func (g *storyGroups) len() int { return len(g.starts) - 1 }

// storyFacets counts stories per facet value: a story counts once under
// each value any of its matching articles has (a story carried by five
// outlets counts once for each), and on the timeline at its earliest
// matching article.
func (s *Service) storyFacets(v *catalog.View, g storyGroups, size int) newsfind.Facets {
	n := s.facetNames()
	c := newFacetCounts(n)
	// Per value of each facet, 1 + the last story counted under it: a
	// story's articles come together, so each value counts once per story.
	st := newFacetCounts(n)
	earliest := make([]int32, g.len())
	var span dateSpan
	var one [1]uint16
	for i := range earliest {
		stamp := int32(i + 1)
		first := int32(-1)
		for _, o := range g.members[g.starts[i]:g.starts[i+1]] {
			f := &v.Facets[o]
			countries, commodities, aboutCountries, aboutCommodities := v.Tags(f)
			countOnce(c.country, st.country, countries, stamp)
			countOnce(c.commodity, st.commodity, commodities, stamp)
			countOnce(c.aboutCountry, st.aboutCountry, aboutCountries, stamp)
			countOnce(c.aboutCommodity, st.aboutCommodity, aboutCommodities, stamp)
			one[0] = f.Source
			countOnce(c.source, st.source, one[:], stamp)
			one[0] = f.Lang
			countOnce(c.lang, st.lang, one[:], stamp)
			if first < 0 {
				first = o
			} else if ff := &v.Facets[first]; f.Day != catalog.Undated && (ff.Day == catalog.Undated || f.Unix < ff.Unix) {
				first = o
			}
		}
		earliest[i] = first
		span.add(&v.Facets[first])
	}
	return s.facetLists(n, c, size, dateFacet(v.Facets, earliest, span.dated, span.undated, span.lo, span.hi))
}

// countOnce counts each of values under stamp, unless counted under it
// already.
func countOnce(counts, stamps []int32, values []uint16, stamp int32) {
	for _, v := range values {
		if int(v) < len(stamps) && stamps[v] != stamp {
			stamps[v] = stamp
			counts[v]++
		}
	}
}

// fillCopies lists each hit's story: its other articles, how many articles
// and outlets it has.
func (s *Service) fillCopies(hits []newsfind.Hit, ords catalog.Ords, entries []catalog.Entry) {
	if s.members == nil {
		return
	}
	lookup := func(id string) (catalog.Entry, bool) {
		o, ok := ords.Get(id)
		if !ok || int(o) >= len(entries) || entries[o].Deleted {
			return catalog.Entry{}, false
		}
		return entries[o], true
	}
	for i := range hits {
		h := &hits[i]
		h.Copies, h.StoryArticles, h.Outlets = s.copies(h.ID, h.StoryID, lookup)
	}
}

// copies returns the other articles of an article's story (at most
// MaxCopiesListed, the canonical one first), and how many articles and
// sources the story has, as the catalog view has them.
func (s *Service) copies(id, story string, lookup func(string) (catalog.Entry, bool)) (cs []newsfind.Copy, articles, outlets int) {
	if story == "" || s.members == nil {
		return nil, 1, 1
	}
	sources := map[string]bool{}
	for k, m := range s.members(story) {
		e, ok := lookup(m)
		if !ok {
			continue
		}
		articles++
		sources[e.Source] = true
		if m == id || len(cs) == newsfind.MaxCopiesListed {
			continue
		}
		c := newsfind.Copy{ID: e.ID, Title: e.Title, Source: e.Source, Canonical: k == 0}
		if !e.Published.IsZero() {
			c.Published = e.Published.Format(newsfind.DateLayout)
		}
		cs = append(cs, c)
	}
	if articles == 0 {
		articles, outlets = 1, 1
		return cs, articles, outlets
	}
	return cs, articles, len(sources)
}
