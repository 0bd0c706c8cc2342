package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/newsfind/newsfind"
)

// DistinctStats compares one class of queries with distinct=story (one
// hit per story, stories counted) and without, on the same index.
type DistinctStats struct {
	Class         string  `json:"class"`
	Queries       int     `json:"queries"`
	PlainP50Ms    float64 `json:"plain_p50_ms"`
	DistinctP50Ms float64 `json:"distinct_p50_ms"`
	PlainP99Ms    float64 `json:"plain_p99_ms"`
	DistinctP99Ms float64 `json:"distinct_p99_ms"`
	// Ratio is the class's total time with distinct over without.
	Ratio float64 `json:"ratio"`
	// Articles and Stories are summed over the class's queries.
	Articles int `json:"articles"`
	Stories  int `json:"stories"`
}

// runDistinct times every query with and without distinct=story, the two
// one after the other for each query and pass, so that the machine's
// drift falls on both alike.
func runDistinct(ctx context.Context, opt Options, svc newsfind.Searcher) []DistinctStats {
	type times struct{ plain, distinct []time.Duration }
	byClass := map[string]*times{}
	stats := map[string]*DistinctStats{}
	var order []string
	for _, q := range opt.Queries {
		if _, ok := stats[q.Class]; !ok {
			order = append(order, q.Class)
			stats[q.Class] = &DistinctStats{Class: q.Class}
			byClass[q.Class] = &times{}
		}
		st := stats[q.Class]
		st.Queries++
		r, err := svc.Search(ctx, newsfind.Query{Text: q.Text, Size: 10, Distinct: newsfind.DistinctStory})
		if err == nil {
			st.Articles += r.TotalArticles
			st.Stories += r.TotalStories
		}
	}
	pr := &progress{w: opt.Progress, name: "distinct=story queries", start: time.Now(), last: time.Now()}
	for pass := 0; pass < opt.Passes; pass++ {
		for _, q := range opt.Queries {
			if ctx.Err() != nil {
				break
			}
			tc := byClass[q.Class]
			// Alternate which goes first, so that neither always finds
			// the other's work in the caches.
			runs := []newsfind.Distinct{newsfind.DistinctArticle, newsfind.DistinctStory}
			if pass%2 == 1 {
				runs[0], runs[1] = runs[1], runs[0]
			}
			for _, d := range runs {
				t := time.Now()
				svc.Search(ctx, newsfind.Query{Text: q.Text, Size: 10, Distinct: d})
				if d == newsfind.DistinctStory {
					tc.distinct = append(tc.distinct, time.Since(t))
				} else {
					tc.plain = append(tc.plain, time.Since(t))
				}
			}
		}
		pr.tick(pass+1, opt.Passes, "passes")
	}
	var out []DistinctStats
	for _, c := range order {
		tc, st := byClass[c], stats[c]
		var sp, sd time.Duration
		for i := range tc.plain {
			sp += tc.plain[i]
			sd += tc.distinct[i]
		}
		sortDurations(tc.plain)
		sortDurations(tc.distinct)
		st.PlainP50Ms, st.DistinctP50Ms = percentile(tc.plain, 50), percentile(tc.distinct, 50)
		st.PlainP99Ms, st.DistinctP99Ms = percentile(tc.plain, 99), percentile(tc.distinct, 99)
		if sp > 0 {
			st.Ratio = float64(sd) / float64(sp)
		}
		out = append(out, *st)
	}
	return out
}

// writeDistinct prints the comparison.
func writeDistinct(w io.Writer, ds []DistinctStats) {
	if len(ds) == 0 {
		return
	}
	fmt.Fprintf(w, "\ndistinct=story against the same queries without it, interleaved (ms)\n")
	fmt.Fprintf(w, "  %-8s %7s %18s %18s %7s %10s %10s\n", "class", "queries", "plain p50/p99", "story p50/p99", "ratio", "articles", "stories")
	for _, d := range ds {
		fmt.Fprintf(w, "  %-8s %7d %8.1f/%-9.1f %8.1f/%-9.1f %7.2f %10d %10d\n", d.Class, d.Queries,
			d.PlainP50Ms, d.PlainP99Ms, d.DistinctP50Ms, d.DistinctP99Ms, d.Ratio, d.Articles, d.Stories)
	}
}
