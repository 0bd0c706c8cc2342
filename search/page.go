package search

import (
	"sort"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// hitOrder is the order of hits: by score or by date (newest first,
// undated last), then by id.
func hitOrder(entries []catalog.Entry, score []float64, order newsfind.Sort) func(a, b int32) bool {
	// The order of sortKey.before, written out: broad queries compare
	// hundreds of thousands of times, and building keys, or even reading
	// an entry's id before the scores tie, made that 3-7 times slower.
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
	return less
}

// page orders the matching articles, arts (set's, in any order), as far
// as the end of one page: ordered are the first articles in order, the
// page being ordered[from:], and rest the others, unordered, which follow
// the page (a pin keeps them for the next pages).
func (s *Service) page(entries []catalog.Entry, set *matchSet, arts []int32, p *plan) (ordered, rest []int32, from int) {
	order := p.q.Sort
	less := hitOrder(entries, set.score, order)
	from = (p.q.Page - 1) * p.q.Size
	if p.after != nil {
		// Only the articles after the cursor compete for the page, so a
		// deep page costs what the first one does.
		from = 0
		all := arts
		arts = make([]int32, 0, len(all))
		for _, a := range all {
			if p.after.before(keyOf(&entries[a], set.score[a]), order) {
				arts = append(arts, a)
			}
		}
	}
	if from >= len(arts) {
		return nil, nil, 0
	}
	end := min(from+p.q.Size, len(arts))
	// Only the first end articles need ordering: keep the best end in a
	// heap whose root is the worst of them (O(n log end), no sort of all);
	// the others are listed as they leave it or never enter it.
	h := make([]int32, 0, end)
	rest = make([]int32, 0, len(arts)-end)
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
			rest = append(rest, h[0])
			h[0] = a
			down(0)
		} else {
			rest = append(rest, a)
		}
	}
	sort.Slice(h, func(i, j int) bool { return less(h[i], h[j]) })
	return h, rest, from
}
