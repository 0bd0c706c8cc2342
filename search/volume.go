package search

import (
	"context"
	"fmt"
	"sync"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// A collection's volume (the denominator of a timeline's and a
// comparison's shares) is the same for every query text under one set of
// filters: counting it walks every article of the filters, which at x9
// cost a single-word timeline more than its own matches. It is counted
// once per catalog state, filters and interval, over the collection's
// whole dated span, and each answer slices its own buckets from it.
type volumeCache struct {
	mu      sync.Mutex
	gen     uint64 // the catalog state the entries were counted in
	entries map[volumeKey]*volumeCounts
}

type volumeKey struct {
	filters  string // the query without its text, paging or sort
	interval newsfind.Interval
}

// volumeCounts is a volume by bucket: totals[k] is bucket first+k's.
type volumeCounts struct {
	first      int64
	totals     []int
	collection int // articles, or stories with distinct=story
}

// maxVolumeEntries bounds the cache: filters people compare under are few,
// and one entry of a decade by day is ~30 KB.
const maxVolumeEntries = 64

// slice returns the totals of buckets first..last (zero outside the
// collection's span).
func (v *volumeCounts) slice(first, last int64) []int {
	out := make([]int, last-first+1)
	for k := range out {
		if i := first + int64(k) - v.first; i >= 0 && i < int64(len(v.totals)) {
			out[k] = v.totals[i]
		}
	}
	return out
}

// volume returns base's volume by interval in the catalog state gen (the
// state the caller's matches were counted in), counting it when the cache
// does not hold it.
func (s *Service) volume(ctx context.Context, base newsfind.Query, interval newsfind.Interval, gen uint64) (*volumeCounts, error) {
	base.Text, base.Page, base.Size, base.After, base.CountOnly, base.Sort, base.FacetSize = "", 0, 0, "", false, "", 0
	key := volumeKey{filters: fmt.Sprintf("%#v", base), interval: interval}
	c := &s.volumes
	c.mu.Lock()
	if v := c.entries[key]; v != nil && c.gen == gen {
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()

	all, err := s.Match(ctx, base)
	if err != nil {
		return nil, err
	}
	defer all.Release()
	v := &volumeCounts{collection: all.Articles()}
	if base.Distinct == newsfind.DistinctStory {
		v.collection = all.Stories()
	}
	var span dateSpan
	fs := all.view.Facets
	for _, o := range all.set.articles {
		if f := &fs[o]; f.Day != catalog.Undated {
			span.add(f)
		}
	}
	if span.dated > 0 {
		bucketOf := bucketKey(interval)
		v.first = bucketOf(span.lo)
		v.totals = make([]int, bucketOf(span.hi)-v.first+1)
		countVolume(all, func(unix int64) int { return int(bucketOf(unix) - v.first) }, v.totals)
	}
	if all.view.Gen != gen {
		// Written meanwhile: right for this answer, not worth keeping.
		return v, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.entries == nil || len(c.entries) >= maxVolumeEntries {
		c.gen, c.entries = gen, make(map[volumeKey]*volumeCounts)
	}
	c.entries[key] = v
	return v, nil
}
