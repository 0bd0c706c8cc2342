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
	if m.groups != nil {
		res.TotalStories = m.groups.len()
		res.Facets = s.storyFacets(view, *m.groups, p.q.FacetSize)
		if !p.q.CountOnly {
			units = s.storyBest(view, set, m.groups, p)
		}
	} else {
		res.Facets = s.facets(view, set.inOrder(), p.q.FacetSize)
	}
	if p.q.CountOnly {
		return nil
	}
	ordered, rest, from := s.page(entries, units, p)
	if len(rest) > 0 {
		if err := s.next(p, res, entries, units, m.groups, ordered, rest); err != nil {
			return err
		}
	}
	return s.fillHits(ctx, x, p, res, view, units, ordered[from:])
}
