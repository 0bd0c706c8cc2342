package search

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// Timeline counts q's matches per bucket beside the collection's volume
// under the same filters: two match steps (one of them skipped when the
// query has no text), and nothing read from the index's passages or the
// store beyond them.
func (s *Service) Timeline(ctx context.Context, q newsfind.TimelineQuery) (*newsfind.Timeline, error) {
	if q.Interval != "" && !slices.Contains(newsfind.Intervals, q.Interval) {
		return nil, newsfind.Errorf(newsfind.EINVALID, "interval=%s: give day, week, month or year", newsfind.Echo(string(q.Interval)))
	}
	if q.By != "" && !slices.Contains(newsfind.TimelineBy, q.By) {
		return nil, newsfind.Errorf(newsfind.EINVALID, "by=%s: give %s", newsfind.Echo(q.By), strings.Join(newsfind.TimelineBy, ", "))
	}
	if q.Top < 0 || q.Top > newsfind.MaxTimelineTop {
		return nil, newsfind.Errorf(newsfind.EINVALID, "top=%d: give 1 to %d", q.Top, newsfind.MaxTimelineTop)
	}
	m, err := s.matchUnranked(ctx, q.Query)
	if err != nil {
		return nil, err
	}
	defer m.Release()
	units := m.units()
	t := &newsfind.Timeline{Interval: q.Interval, Buckets: []newsfind.TimelineBucket{}, TotalArticles: m.Articles(), TotalStories: m.Stories()}
	var span dateSpan
	for _, u := range units {
		span.add(u.f)
	}
	t.Undated = span.undated
	if t.Interval == "" {
		t.Interval = defaultInterval(span)
	}
	if span.dated == 0 {
		return t, nil
	}
	key := bucketKey(t.Interval)
	first, last := key(span.lo), key(span.hi)
	if n := last - first + 1; n > newsfind.MaxTimelineBuckets {
		return nil, newsfind.Errorf(newsfind.EINVALID, "interval=%s makes %d buckets between %s and %s, more than %d: choose a coarser interval or narrow from and to",
			t.Interval, n, time.Unix(span.lo, 0).UTC().Format(newsfind.DateLayout), time.Unix(span.hi, 0).UTC().Format(newsfind.DateLayout), newsfind.MaxTimelineBuckets)
	}
	t.Buckets = make([]newsfind.TimelineBucket, last-first+1)
	for i := range t.Buckets {
		t.Buckets[i].Start = bucketStart(t.Interval, first+int64(i))
	}
	for _, u := range units {
		if u.f.Day != catalog.Undated {
			t.Buckets[key(u.f.Unix)-first].Count++
		}
	}
	bucket := func(unix int64) int {
		if k := key(unix); k >= first && k <= last {
			return int(k - first)
		}
		return -1
	}
	// The denominator: the same query without its text, counted once per
	// catalog state and filters (volume.go).
	vol, err := s.volume(ctx, q.Query, t.Interval, m.view.Gen)
	if err != nil {
		return nil, err
	}
	for k, n := range vol.slice(first, last) {
		t.Buckets[k].Total = n
	}
	setShares(t.Buckets)
	if q.By != "" {
		// The split counts each value's own volume: it needs the
		// collection's articles themselves.
		all := m
		if q.Text != "" {
			q.Text = ""
			if all, err = s.Match(ctx, q.Query); err != nil {
				return nil, err
			}
			defer all.Release()
		}
		t.Series = s.splitTimeline(q, t, m, units, all, all.units(), bucket)
	}
	return t, nil
}

// setShares sets each bucket's share of its total.
func setShares(bs []newsfind.TimelineBucket) {
	for i := range bs {
		if b := &bs[i]; b.Total > 0 {
			b.Share = float64(b.Count) / float64(b.Total)
		}
	}
}

// unit is what a timeline counts: an article, or a story's matching
// articles, dated by the earliest.
type unit struct {
	f       *catalog.FacetOrds // dates the unit
	members []int32            // its articles' ordinals
}

// units are the facet rows a timeline counts: every matching article, or
// with distinct=story each story's earliest matching article, where the
// date facet counts a story too.
func (m *Matches) units() []unit {
	fs := m.view.Facets
	if m.groups == nil {
		arts := m.set.inOrder()
		out := make([]unit, len(arts))
		for i := range arts {
			out[i] = unit{f: &fs[arts[i]], members: arts[i : i+1]}
		}
		return out
	}
	g := m.groups
	out := make([]unit, g.len())
	for i := range out {
		ms := g.members[g.starts[i]:g.starts[i+1]]
		var first *catalog.FacetOrds
		for _, o := range ms {
			if f := &fs[o]; first == nil || f.Day != catalog.Undated && (first.Day == catalog.Undated || f.Unix < first.Unix) {
				first = f
			}
		}
		out[i] = unit{f: first, members: ms}
	}
	return out
}

// defaultInterval is the date facet's choice for the span, as the nearest
// interval a timeline has: day or month, and year for anything coarser.
func defaultInterval(span dateSpan) newsfind.Interval {
	if span.dated == 0 {
		return newsfind.IntervalMonth
	}
	switch name, _ := facetInterval(span.lo, span.hi); name {
	case "day":
		return newsfind.IntervalDay
	case "month":
		return newsfind.IntervalMonth
	}
	return newsfind.IntervalYear
}

// bucketKey numbers the buckets of interval: a publication time (Unix
// seconds) gives its bucket's number, consecutive buckets consecutive
// numbers.
func bucketKey(interval newsfind.Interval) func(unix int64) int64 {
	day := func(unix int64) int64 { return catalog.FloorDiv(unix, 86400) }
	month := monthOf
	switch interval {
	case newsfind.IntervalDay:
		return day
	case newsfind.IntervalWeek:
		// 1970-01-01 was a Thursday: day -3 is the Monday its ISO week
		// starts on.
		return func(unix int64) int64 { return catalog.FloorDiv(day(unix)+3, 7) }
	case newsfind.IntervalYear:
		return func(unix int64) int64 { return catalog.FloorDiv(month(unix), 12) }
	}
	return month
}

// bucketStart is the first day of bucket k of interval (bucketKey).
func bucketStart(interval newsfind.Interval, k int64) time.Time {
	epoch := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	switch interval {
	case newsfind.IntervalDay:
		return epoch.AddDate(0, 0, int(k))
	case newsfind.IntervalWeek:
		return epoch.AddDate(0, 0, int(7*k-3))
	case newsfind.IntervalYear:
		return monthStart(12 * k)
	}
	return monthStart(k)
}

// presentIn appends the buckets (bucket's numbers, -1: none) a unit has a
// dated article in. A period's volume counts a story wherever any of its
// articles falls, so a matching story, dated by its earliest matching
// article, is always inside its bucket's total and a share is never
// over 1; an article is in its own day's bucket alone.
func (u unit) presentIn(fs []catalog.FacetOrds, bucket func(unix int64) int, out []int) []int {
	for _, o := range u.members {
		f := &fs[o]
		if f.Day == catalog.Undated {
			continue
		}
		if k := bucket(f.Unix); k >= 0 && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
