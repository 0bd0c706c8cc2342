package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/cputime"
)

// termsClasses are the query classes whose queries bench --terms also
// asks for their distinctive terms: one word, and broad queries (the
// biggest match steps).
var termsClasses = []string{"term", "broad"}

// runTerms times GET /api/terms' work (Termer.Terms, 25 terms) for the
// queries of termsClasses, one at a time, a first pass then opt.Passes
// passes; each class is reported as "terms:CLASS", and its first pass as
// "terms:CLASS@first": the service keeps the collection's counts and the
// stems it looked up between answers, so a query asked again costs less
// than one asked first.
func runTerms(ctx context.Context, opt Options, svc newsfind.Searcher) []ClassStats {
	tm, ok := svc.(newsfind.Termer)
	if !ok {
		return nil
	}
	byClass := map[string][]time.Duration{}
	nq := map[string]int{}
	var qs []Query
	for _, q := range opt.Queries {
		for _, c := range termsClasses {
			if q.Class == c {
				qs = append(qs, q)
				nq[c]++
			}
		}
	}
	terms := func(text string) error {
		_, err := tm.Terms(ctx, newsfind.TermsQuery{Query: newsfind.Query{Text: text}})
		return err
	}
	failed := map[string]bool{}
	first := map[string][]time.Duration{}
	// CPU per answer by class: wall times on a shared machine measure its
	// load as much as the work; the process's CPU time does not.
	cpu := map[string]time.Duration{}
	for _, q := range qs {
		t, c := time.Now(), cputime.Process()
		if err := terms(q.Text); err != nil {
			failed[q.Text] = true
			fmt.Fprintf(opt.Progress, "bench: terms of %q: %v\n", q.Text, err)
			continue
		}
		first[q.Class] = append(first[q.Class], time.Since(t))
		cpu[q.Class+"@first"] += cputime.Process() - c
	}
	pr := &progress{w: opt.Progress, name: "terms", start: time.Now(), last: time.Now()}
	cpu0 := cputime.Process()
	answers := 0
	for pass := 0; pass < opt.Passes; pass++ {
		for _, q := range qs {
			if ctx.Err() != nil {
				break
			}
			if failed[q.Text] {
				continue
			}
			t, c := time.Now(), cputime.Process()
			terms(q.Text)
			byClass[q.Class] = append(byClass[q.Class], time.Since(t))
			cpu[q.Class] += cputime.Process() - c
			answers++
		}
		pr.tick((pass+1)*len(qs), opt.Passes*len(qs), "terms answers")
	}
	if answers > 0 {
		fmt.Fprintf(opt.Progress, "bench: terms: %.1f ms of CPU per answer (process user+system, GC included) over %d answers\n",
			ms(cputime.Process()-cpu0)/float64(answers), answers)
	}
	var out []ClassStats
	for _, c := range termsClasses {
		for _, st := range []struct {
			name string
			ts   []time.Duration
			cpu  time.Duration
		}{{"terms:" + c, byClass[c], cpu[c]}, {"terms:" + c + "@first", first[c], cpu[c+"@first"]}} {
			if len(st.ts) == 0 {
				continue
			}
			sortDurations(st.ts)
			out = append(out, ClassStats{Class: st.name, Queries: nq[c], Searches: len(st.ts),
				P50Ms: percentile(st.ts, 50), P95Ms: percentile(st.ts, 95), P99Ms: percentile(st.ts, 99), MaxMs: percentile(st.ts, 100), MeanMs: mean(st.ts),
				CPUMeanMs: ms(st.cpu) / float64(len(st.ts))})
		}
	}
	return out
}

// writeTerms writes the terms classes' times.
func writeTerms(w io.Writer, cs []ClassStats) {
	if len(cs) == 0 {
		return
	}
	fmt.Fprintf(w, "\ndistinctive terms (25, sample of ≤100 articles), one at a time (ms)\n")
	fmt.Fprintf(w, "  %-20s %7s  %-24s %8s  %s\n", "class", "queries", "p50/p95/p99", "max", "CPU ms/answer")
	for _, c := range cs {
		fmt.Fprintf(w, "  %-20s %7d  %-24s %8.1f  %.1f\n", c.Class, c.Queries, fmt.Sprintf("%.1f/%.1f/%.1f", c.P50Ms, c.P95Ms, c.P99Ms), c.MaxMs, c.CPUMeanMs)
	}
}
