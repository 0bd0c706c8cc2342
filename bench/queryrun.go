package bench

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/newsfind/newsfind/internal/cputime"
)

// searchFunc runs one query and says how many articles and passages matched.
type searchFunc func(ctx context.Context, text string) (articles, passages int, err error)

// runQueries runs every query once to warm up, then opt.Passes times, one at a time.
func runQueries(ctx context.Context, opt Options, name string, search searchFunc) ([]ClassStats, []QueryStats) {
	per := make([]QueryStats, len(opt.Queries))
	times := make([][]time.Duration, len(opt.Queries))
	// CPU seconds by query: on a machine other work shares, wall times
	// move with the load and the CPU a query used far less.
	cpus := make([]float64, len(opt.Queries))
	for i, q := range opt.Queries {
		per[i] = QueryStats{Class: q.Class, Query: q.Text}
		a, p, err := search(ctx, q.Text)
		per[i].Articles, per[i].Passages = a, p
		if err != nil {
			per[i].Error = err.Error()
		}
	}
	pr := &progress{w: opt.Progress, name: name + " queries", start: time.Now(), last: time.Now()}
	for pass := 0; pass < opt.Passes; pass++ {
		for i, q := range opt.Queries {
			if ctx.Err() != nil {
				break
			}
			if per[i].Error != "" {
				continue
			}
			c, t := cputime.Process().Seconds(), time.Now()
			search(ctx, q.Text)
			times[i] = append(times[i], time.Since(t))
			cpus[i] += cputime.Process().Seconds() - c
		}
		pr.tick((pass+1)*len(opt.Queries), opt.Passes*len(opt.Queries), "searches")
	}
	byClass := map[string][]time.Duration{}
	cpuByClass := map[string]float64{}
	nq := map[string]int{}
	var order []string
	for i, q := range opt.Queries {
		if _, ok := nq[q.Class]; !ok {
			order = append(order, q.Class)
		}
		nq[q.Class]++
		ts := append([]time.Duration(nil), times[i]...)
		sortDurations(ts)
		per[i].P50Ms, per[i].MaxMs = percentile(ts, 50), percentile(ts, 100)
		byClass[q.Class] = append(byClass[q.Class], ts...)
		cpuByClass[q.Class] += cpus[i]
	}
	var classes []ClassStats
	for _, c := range order {
		ts := byClass[c]
		sortDurations(ts)
		classes = append(classes, ClassStats{
			Class: c, Queries: nq[c], Searches: len(ts),
			P50Ms: percentile(ts, 50), P95Ms: percentile(ts, 95), P99Ms: percentile(ts, 99),
			MaxMs: percentile(ts, 100), MeanMs: mean(ts),
		})
		if len(ts) > 0 {
			classes[len(classes)-1].CPUMeanMs = cpuByClass[c] * 1000 / float64(len(ts))
		}
	}
	return classes, per
}

// runConcurrent runs opt.Concurrency clients, each going through the
// queries from its own starting point, for opt.Duration.
func runConcurrent(ctx context.Context, opt Options, name string, search searchFunc) *ConcurrentStats {
	fmt.Fprintf(opt.Progress, "bench: %s: %d concurrent clients for %s\n", name, opt.Concurrency, opt.Duration)
	ctx, cancel := context.WithTimeout(ctx, opt.Duration)
	defer cancel()
	var mu sync.Mutex
	var all []time.Duration
	errs := 0
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < opt.Concurrency; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var ts []time.Duration
			e := 0
			for i := c * len(opt.Queries) / opt.Concurrency; ctx.Err() == nil; i++ {
				q := opt.Queries[i%len(opt.Queries)]
				t := time.Now()
				_, _, err := search(ctx, q.Text)
				if err != nil {
					if ctx.Err() == nil {
						e++
					}
					continue
				}
				ts = append(ts, time.Since(t))
			}
			mu.Lock()
			all = append(all, ts...)
			errs += e
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	sortDurations(all)
	return &ConcurrentStats{
		Clients: opt.Concurrency, Seconds: secs, Searches: len(all), Errors: errs,
		PerSec: float64(len(all)) / secs, P50Ms: percentile(all, 50), P99Ms: percentile(all, 99),
	}
}
