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
// filters' volume: a match step per text, unranked, each counted by day
// and source on the goroutine that matched it, and the volume counted
// once for every series (and kept for the next question under the same
// filters); nothing is read from passages or the store.
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
	names, label := s.byNames("source")
	counted := make([]*seriesCounts, len(queries))
	if err := s.matchEach(ctx, queries, func(i int, m *Matches) { counted[i] = countSeries(m, len(names)) }); err != nil {
		return nil, err
	}
	var span dateSpan
	for _, sc := range counted {
		span.join(sc.span)
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
	vol, err := s.volume(ctx, base, c.Interval, counted[0].gen)
	if err != nil {
		return nil, err
	}
	c.Collection = vol.collection
	totals := vol.slice(first, last)
	for i, sc := range counted {
		sr := newsfind.ComparedSeries{Text: q.Texts[i], Label: q.Texts[i], TotalArticles: sc.articles, TotalStories: sc.stories, Undated: sc.span.undated}
		if i < len(q.Labels) && q.Labels[i] != "" {
			sr.Label = q.Labels[i]
		}
		sr.Buckets = make([]newsfind.TimelineBucket, len(totals))
		for k := range sr.Buckets {
			sr.Buckets[k] = newsfind.TimelineBucket{Start: bucketStart(c.Interval, first+int64(k)), Total: totals[k]}
		}
		for d, n := range sc.days {
			if n > 0 {
				sr.Buckets[key(86400*(sc.firstDay+int64(d)))-first].Count += int(n)
			}
		}
		setShares(sr.Buckets)
		if c.Collection > 0 {
			sr.Share = float64(sc.span.dated+sc.span.undated) / float64(c.Collection)
		}
		sr.Sources = top(sc.sources, names, label, newsfind.CompareSources)
		c.Series = append(c.Series, sr)
	}
	return c, nil
}

// seriesCounts is what a comparison keeps of one query's matches: its
// units (articles, or stories with distinct=story) by day and by source.
// Counted where they were matched, so the counting runs on every core and
// the matches' arrays go back to the pool at once.
type seriesCounts struct {
	articles, stories int
	gen               uint64   // the catalog state matched
	span              dateSpan // of the units
	firstDay          int64    // the day of days[0]
	days              []int32  // dated units by day
	sources           []int32  // units by source id
}

// join widens d to o's dates and adds o's counts.
func (d *dateSpan) join(o dateSpan) {
	if o.dated > 0 {
		if d.dated == 0 || o.lo < d.lo {
			d.lo = o.lo
		}
		if d.dated == 0 || o.hi > d.hi {
			d.hi = o.hi
		}
	}
	d.dated += o.dated
	d.undated += o.undated
}

// countSeries counts m's units by day and by source (of nsources).
func countSeries(m *Matches, nsources int) *seriesCounts {
	sc := &seriesCounts{articles: m.Articles(), stories: m.Stories(), gen: m.view.Gen, sources: make([]int32, nsources)}
	fs := m.view.Facets
	var dates []*catalog.FacetOrds // each unit's dating row
	if m.groups == nil {
		arts := m.set.inOrder()
		dates = make([]*catalog.FacetOrds, len(arts))
		for i, o := range arts {
			f := &fs[o]
			dates[i] = f
			if int(f.Source) < nsources {
				sc.sources[f.Source]++
			}
		}
	} else {
		var ids []uint16
		for _, u := range m.units() {
			dates = append(dates, u.f)
			ids = unitValues(&m.view, u, "source", ids[:0])
			for _, id := range ids {
				if int(id) < nsources {
					sc.sources[id]++
				}
			}
		}
	}
	for _, f := range dates {
		sc.span.add(f)
	}
	if sc.span.dated == 0 {
		return sc
	}
	sc.firstDay = catalog.FloorDiv(sc.span.lo, 86400)
	sc.days = make([]int32, catalog.FloorDiv(sc.span.hi, 86400)-sc.firstDay+1)
	for _, f := range dates {
		if f.Day != catalog.Undated {
			sc.days[int64(f.Day)-sc.firstDay]++
		}
	}
	return sc
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

// matchEach runs the unranked match step of every query and calls use
// with it, on as many goroutines as the process has processors: a
// comparison of four takes about the time of two match steps on two
// cores rather than of four. Each Matches is released once use returns.
// The first error stops the rest.
func (s *Service) matchEach(ctx context.Context, qs []newsfind.Query, use func(i int, m *Matches)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(qs))
	// first is the error that stopped the rest: the others' errors after
	// it are its cancellation, whatever form their wrapping gave them (a
	// match step reports a cancelled context as search_timeout).
	var first error
	var once sync.Once
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
				m, err := s.matchUnranked(ctx, qs[i])
				if errs[i] = err; err != nil {
					once.Do(func() { first = err })
					cancel()
					continue
				}
				use(i, m)
				m.Release()
			}
		}()
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return errors.Join(errs...)
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
