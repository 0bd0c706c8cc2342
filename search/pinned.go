package search

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
)

// next sets the cursor of an answer that has more after its page: it
// pins the answer, or, when the answer is too large to pin, gives the
// sort key of the page's last hit and says what that cannot promise.
func (s *Service) next(p *plan, res *newsfind.Result, entries []catalog.Entry, set *matchSet, groups *storyGroups,
	ordered, rest []int32) error {
	n, units := len(ordered)+len(rest), len(ordered)+len(rest)
	if groups != nil {
		n = len(groups.members)
	}
	if p.after == nil && s.pins.fits(pinBytes(n, units, groups != nil)) {
		id, err := s.pins.put(newPin(p, res, set, groups, ordered, rest))
		if err != nil {
			return err
		}
		res.Next = encodePinCursor(pinCursor{pin: id, pos: len(ordered)})
		return nil
	}
	last := ordered[len(ordered)-1]
	res.Next = encodeCursor(keyOf(&entries[last], set.score[last]), p.q.Sort, p.q.Scope)
	res.Warnings = append(res.Warnings, fmt.Sprintf("%d matches are too many to hold for the next pages: "+
		"reading on with after= may skip or repeat articles while articles are added or deleted; narrow the query to page it exactly", n))
	return nil
}

// fillHits adds the hits of a page, with their best passages, to res.
func (s *Service) fillHits(ctx context.Context, x *index.Index, p *plan, res *newsfind.Result, v *catalog.View,
	set *matchSet, page []int32) error {
	entries := v.Entries
	best, err := s.bestPassages(ctx, x, entries, set, page, p.mark, p.markForms)
	if err != nil {
		return err
	}
	for _, o := range page {
		e := &entries[o]
		h := newsfind.Hit{Summary: e.Summary, Score: set.score[o], MatchedPassages: int(set.hits[o]),
			Passages: nonNilPassages(best[e.ID])}
		h.Countries, h.Commodities = nonNil(e.Countries), nonNil(e.Commodities)
		res.Hits = append(res.Hits, h)
	}
	if p.q.Distinct == newsfind.DistinctStory {
		s.fillCopies(res.Hits, v.Ords, entries)
	}
	return nil
}

// searchPinned answers a page of a pinned answer: the next units of its
// order that still exist, as they are now, with the scores, totals and
// facets the answer had when it was pinned.
func (s *Service) searchPinned(ctx context.Context, p *plan, start time.Time) (*newsfind.Result, error) {
	pn := s.pins.get(p.pinned.pin)
	if pn == nil {
		return nil, newsfind.Errorf(newsfind.EEXPIRED,
			"after=%s: this cursor's answer is no longer kept (cursor_expired): a cursor holds for %s after its last use, "+
				"fewer when many are held at once; start again from the first page (leave out after)",
			newsfind.Echo(p.q.After), s.pins.ttl)
	}
	if pn.query != queryKey(p.q) || p.pinned.pos > len(pn.order) {
		return nil, badCursor(p.q.After)
	}
	res := &newsfind.Result{Hits: []newsfind.Hit{}, TotalArticles: pn.totalArticles, TotalPassages: pn.totalPassages,
		TotalStories: pn.totalStories, Facets: cloneFacets(pn.facets), Warnings: slices.Clone(pn.warnings), Expanded: pn.expanded}
	err := s.index.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		view := s.catalog.View()
		page, next, more := pn.read(view.Entries, p.pinned.pos, p.q.Size)
		set := s.sets.get(len(view.Entries))
		defer s.sets.put(set)
		ords := make([]int32, len(page))
		for i, h := range page {
			set.add(h.ord, h.score, h.hits, 0) // the pinned score is the ranked one already
			ords[i] = h.ord
		}
		if more {
			res.Next = encodePinCursor(pinCursor{pin: pn.id, pos: next})
		}
		return s.fillHits(ctx, x, p, res, &view, set, ords)
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	res.Took = time.Since(start)
	return res, nil
}
