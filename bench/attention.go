package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/newsfind/newsfind"
)

// AttentionStats times a timeline or a comparison against the searches it
// stands beside, on the same index: issue 24's bars are a broad query's
// timeline within 1.5x its search, a 4-query comparison within 3x one
// search.
type AttentionStats struct {
	// Class is "timeline@CLASS" (each query's timeline against its search)
	// or "compare4@CLASS" (four of the class's queries compared against
	// the mean of their four searches).
	Class       string  `json:"class"`
	Runs        int     `json:"runs"`
	SearchP50Ms float64 `json:"search_p50_ms"`
	SearchP99Ms float64 `json:"search_p99_ms"`
	P50Ms       float64 `json:"p50_ms"`
	P99Ms       float64 `json:"p99_ms"`
	// Ratio is the class's total time over its searches' total (for
	// compare4, the mean search of each four).
	Ratio float64 `json:"ratio"`
}

// attentionClasses are the query classes the timeline and comparison
// classes are drawn from: broad (the costliest to count) and term.
var attentionClasses = []string{"broad", "term"}

// compareWidth is how many queries one timed comparison compares.
const compareWidth = 4

// runAttention times, interleaved with the searches they are held
// against, every timeline of the attention classes' queries and every
// comparison of four consecutive ones.
func runAttention(ctx context.Context, opt Options, svc newsfind.Searcher) []AttentionStats {
	tl, okT := svc.(newsfind.Timeliner)
	cp, okC := svc.(newsfind.Comparer)
	if !okT || !okC {
		return nil
	}
	search := func(text string) time.Duration {
		t := time.Now()
		svc.Search(ctx, newsfind.Query{Text: text, Size: 10})
		return time.Since(t)
	}
	var out []AttentionStats
	pr := &progress{w: opt.Progress, name: "timelines and comparisons", start: time.Now(), last: time.Now()}
	for ci, class := range attentionClasses {
		var texts []string
		for _, q := range opt.Queries {
			if q.Class == class {
				texts = append(texts, q.Text)
			}
		}
		if len(texts) == 0 {
			continue
		}
		var searches, timelines, cmpSearches, compares []time.Duration
		for pass := 0; pass <= opt.Passes && ctx.Err() == nil; pass++ {
			warm := pass == 0
			for _, text := range texts {
				s := search(text)
				t := time.Now()
				tl.Timeline(ctx, newsfind.TimelineQuery{Query: newsfind.Query{Text: text}})
				if d := time.Since(t); !warm {
					searches, timelines = append(searches, s), append(timelines, d)
				}
			}
			for i := 0; i+compareWidth <= len(texts); i += compareWidth {
				group := texts[i : i+compareWidth]
				var sum time.Duration
				for _, text := range group {
					sum += search(text)
				}
				t := time.Now()
				cp.Compare(ctx, newsfind.CompareQuery{Texts: group})
				if d := time.Since(t); !warm {
					cmpSearches, compares = append(cmpSearches, sum/compareWidth), append(compares, d)
				}
			}
			pr.tick(ci*(opt.Passes+1)+pass+1, len(attentionClasses)*(opt.Passes+1), "passes")
		}
		out = append(out, attentionStats("timeline@"+class, searches, timelines))
		if len(compares) > 0 {
			out = append(out, attentionStats(fmt.Sprintf("compare%d@%s", compareWidth, class), cmpSearches, compares))
		}
	}
	return out
}

func attentionStats(class string, searches, others []time.Duration) AttentionStats {
	st := AttentionStats{Class: class, Runs: len(others)}
	var ss, so time.Duration
	for i := range others {
		ss += searches[i]
		so += others[i]
	}
	if ss > 0 {
		st.Ratio = float64(so) / float64(ss)
	}
	sortDurations(searches)
	sortDurations(others)
	st.SearchP50Ms, st.SearchP99Ms = percentile(searches, 50), percentile(searches, 99)
	st.P50Ms, st.P99Ms = percentile(others, 50), percentile(others, 99)
	return st
}

// writeAttention prints the timings.
func writeAttention(w io.Writer, as []AttentionStats) {
	if len(as) == 0 {
		return
	}
	fmt.Fprintf(w, "\ntimelines and comparisons against their searches (size=10), interleaved (ms)\n")
	fmt.Fprintf(w, "  %-16s %5s %18s %18s %7s\n", "class", "runs", "search p50/p99", "this p50/p99", "ratio")
	for _, a := range as {
		fmt.Fprintf(w, "  %-16s %5d %8.1f/%-9.1f %8.1f/%-9.1f %7.2f\n", a.Class, a.Runs, a.SearchP50Ms, a.SearchP99Ms, a.P50Ms, a.P99Ms, a.Ratio)
	}
}
