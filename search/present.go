package search

import (
	"context"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// present turns a match set into an answer: totals, facets, then, unless
// the query asks for counts only, one page of hits with their passages
// and the cursor of the next.
func (s *Service) present(ctx context.Context, x *index.Index, p *plan, res *newsfind.Result, m *Matches) error {
	view, set := &m.view, m.set
	entries := view.Entries
	res.TotalArticles = len(set.articles)
	res.TotalPassages = set.passages
	units := set // what the page orders: each story's best with distinct=story
	var arts []int32
	if m.groups != nil {
		res.TotalStories = m.groups.len()
		res.Facets = s.storyFacets(view, *m.groups, p.q.FacetSize)
		if !p.q.CountOnly {
			// Its hits cover every member: only articles are the units.
			units = s.storyBest(view, set, m.groups, p)
			arts = units.articles
		}
	} else {
		arts = set.inOrder()
		res.Facets = s.facets(view, arts, p.q.FacetSize)
	}
	if p.q.CountOnly {
		return nil
	}
	// The page, and the pin of the rest, read each unit's score and count:
	// by ordinal that is one pass through memory, where the walk's order
	// jumps between segments (a cache miss an article for a broad query).
	ordered, rest, from := s.page(entries, units, arts, p)
	if len(rest) > 0 {
		if err := s.next(p, res, entries, units, m.groups, ordered, rest); err != nil {
			return err
		}
	}
	return s.fillHits(ctx, x, p, res, view, units, ordered[from:])
}
