package search

import (
	"context"
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// Compare counts each of q's texts over one set of buckets beside the
// filters' volume: a match step per text and one for the filters alone,
// shared by every series, and nothing read from passages or the store.
func (s *Service) Compare(ctx context.Context, q newsfind.CompareQuery) (*newsfind.Comparison, error) {
	if err := checkCompare(q); err != nil {
		return nil, err
	}
	base := q.Query
	base.Text = ""
	queries := make([]newsfind.Query, len(q.Texts))
	for i, text := range q.Texts {
		queries[i] = base
		queries[i].Text = text
	}
	series, err := s.matchAll(ctx, queries)
	defer func() {
		for _, m := range series {
			m.Release()
		}
	}()
	if err != nil {
		return nil, err
	}
	units := make([][]unit, len(series))
	var span dateSpan
	for i, m := range series {
		units[i] = m.units()
		for _, u := range units[i] {
			if u.f.Day != catalog.Undated {
				span.add(u.f)
			}
		}
	}

	c := &newsfind.Comparison{Interval: q.Interval}
	if c.Interval == "" {
		c.Interval = defaultInterval(span)
	}
	key := bucketKey(c.Interval)
	var first, last int64 = 0, -1
	if span.dated > 0 {
		first, last = key(span.lo), key(span.hi)
		if n := last - first + 1; n > newsfind.MaxTimelineBuckets {
			return nil, newsfind.Errorf(newsfind.EINVALID, "interval=%s makes %d buckets between %s and %s, more than %d: choose a coarser interval or narrow from and to",
				c.Interval, n, time.Unix(span.lo, 0).UTC().Format(newsfind.DateLayout), time.Unix(span.hi, 0).UTC().Format(newsfind.DateLayout), newsfind.MaxTimelineBuckets)
		}
	}
	bucket := func(unix int64) int {
		if k := key(unix); k >= first && k <= last {
			return int(k - first)
		}
		return -1
	}
	// The volume per bucket, counted once for every series (and kept for
	// the next question under the same filters).
	vol, err := s.volume(ctx, base, c.Interval, series[0].view.Gen)
	if err != nil {
		return nil, err
	}
	c.Collection = vol.collection
	totals := vol.slice(first, last)
	names, label := s.byNames("source")
	counts := make([]int32, len(names))
	var ids []uint16
	for i, m := range series {
		sr := newsfind.ComparedSeries{Text: q.Texts[i], Label: q.Texts[i], TotalArticles: m.Articles(), TotalStories: m.Stories()}
		if i < len(q.Labels) && q.Labels[i] != "" {
			sr.Label = q.Labels[i]
		}
		sr.Buckets = make([]newsfind.TimelineBucket, len(totals))
		for k := range sr.Buckets {
			sr.Buckets[k] = newsfind.TimelineBucket{Start: bucketStart(c.Interval, first+int64(k)), Total: totals[k]}
		}
		clear(counts)
		for _, u := range units[i] {
			if u.f.Day == catalog.Undated {
				sr.Undated++
			} else {
				sr.Buckets[bucket(u.f.Unix)].Count++
			}
			ids = unitValues(&m.view, u, "source", ids[:0])
			for _, id := range ids {
				if int(id) < len(counts) {
					counts[id]++
				}
			}
		}
		setShares(sr.Buckets)
		if c.Collection > 0 {
			sr.Share = float64(len(units[i])) / float64(c.Collection)
		}
		sr.Sources = top(counts, names, label, newsfind.CompareSources)
		c.Series = append(c.Series, sr)
	}
	return c, nil
}

// countVolume adds all's units (articles, or stories with distinct=story) to
// totals by bucket (bucket numbers a time, -1 outside): the denominator
// of a timeline's shares. Counting articles needs no units: an article is
// in its own day's bucket alone, so a unit built for each article of the
// whole collection would be allocated only to be counted.
func countVolume(all *Matches, bucket func(unix int64) int, totals []int) {
	fs := all.view.Facets
	if all.groups == nil {
		for _, o := range all.set.articles {
			if f := &fs[o]; f.Day != catalog.Undated {
				if k := bucket(f.Unix); k >= 0 {
					totals[k]++
				}
			}
		}
		return
	}
	var in []int
	for _, u := range all.units() {
		in = u.presentIn(fs, bucket, in[:0])
		for _, k := range in {
			totals[k]++
		}
	}
}

// matchAll runs the match step of every query, on as many goroutines as
// the process has processors: a comparison of four takes about the time
// of two searches on two cores rather than of four. The first error
// stops the rest; the Matches got are returned for the caller to release
// either way.
func (s *Service) matchAll(ctx context.Context, qs []newsfind.Query) ([]*Matches, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]*Matches, len(qs))
	errs := make([]error, len(qs))
	next := make(chan int, len(qs))
	for i := range qs {
		next <- i
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(qs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if ctx.Err() != nil {
					errs[i] = ctx.Err()
					continue
				}
				if out[i], errs[i] = s.Match(ctx, qs[i]); errs[i] != nil {
					cancel()
				}
			}
		}()
	}
	wg.Wait()
	// The first query's own error, not the cancellation it caused.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return out, err
		}
	}
	return out, errors.Join(errs...)
}

// checkCompare refuses a comparison before any of it is matched.
func checkCompare(q newsfind.CompareQuery) error {
	if n := len(q.Texts); n < newsfind.MinCompareQueries || n > newsfind.MaxCompareQueries {
		return newsfind.Errorf(newsfind.EINVALID, "q is given %d times: compare %d to %d queries", n, newsfind.MinCompareQueries, newsfind.MaxCompareQueries)
	}
	for i, t := range q.Texts {
		if strings.TrimSpace(t) == "" {
			return newsfind.Errorf(newsfind.EINVALID, "q number %d is empty: every compared query needs words", i+1)
		}
	}
	if len(q.Labels) > len(q.Texts) {
		return newsfind.Errorf(newsfind.EINVALID, "label is given %d times for %d queries: at most one label per q", len(q.Labels), len(q.Texts))
	}
	for _, l := range q.Labels {
		if utf8.RuneCountInString(l) > newsfind.MaxCompareLabel {
			return newsfind.Errorf(newsfind.EINVALID, "label=%s: at most %d characters", newsfind.Echo(l), newsfind.MaxCompareLabel)
		}
	}
	if q.Interval != "" && !slices.Contains(newsfind.Intervals, q.Interval) {
		return newsfind.Errorf(newsfind.EINVALID, "interval=%s: give day, week, month or year", newsfind.Echo(string(q.Interval)))
	}
	return nil
}
