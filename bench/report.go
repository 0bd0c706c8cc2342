package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
)

// Report is the summary of one bench run; --json prints it as is
// (documented in docs/benchmarks.md).
type Report struct {
	Version  int       `json:"version"` // of this format
	Started  time.Time `json:"started"`
	Seconds  float64   `json:"seconds"` // the whole run
	Machine  Machine   `json:"machine"`
	Corpus   string    `json:"corpus"`
	Scale    int       `json:"scale"`
	Limit    int       `json:"limit,omitempty"` // articles read from the corpus, 0 = all
	Queries  int       `json:"queries"`         // lines of the query file
	Passes   int       `json:"passes"`          // timed passes over the queries
	Ours     *Engine   `json:"newsfind"`
	Baseline *Engine   `json:"baseline,omitempty"`
}

// Machine describes where the run happened.
type Machine struct {
	CPU        string `json:"cpu"`
	CPUs       int    `json:"cpus"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	MemBytes   int64  `json:"mem_bytes"`
	Go         string `json:"go"`
	OS         string `json:"os"`
}

// Engine is what one engine (newsfind, or the plain Bleve baseline) did.
type Engine struct {
	Name       string           `json:"name"`
	Index      IndexStats       `json:"index"`
	Live       *LiveStats       `json:"live,omitempty"`
	Delete     *DeleteStats     `json:"delete,omitempty"`
	Classes    []ClassStats     `json:"classes"`
	PerQuery   []QueryStats     `json:"per_query"`
	Concurrent *ConcurrentStats `json:"concurrent,omitempty"`
	// Distinct compares the queries with distinct=story and without
	// (bench --distinct); newsfind only.
	Distinct []DistinctStats `json:"distinct,omitempty"`
	// Export times exports of every match (newsfind only).
	Export []ExportStats `json:"export,omitempty"`
	// Attention times timelines and comparisons (bench --attention).
	Attention []AttentionStats `json:"attention,omitempty"`
	// Terms times distinctive terms (bench --terms); newsfind only.
	Terms []ClassStats `json:"terms,omitempty"`
	// Built is the memory after the build, merges settled; Serving after
	// the one-at-a-time searches (every pass and scope, and --count-only),
	// before any other phase: the serving figure. Both after a full
	// collection (Resident).
	Built   Resident `json:"built_memory"`
	Serving Resident `json:"serving_memory"`
	// RSS after every serving phase (distinct, export, attention, terms,
	// concurrent: whichever ran), and the peak RSS and heap during them
	// (reset after indexing). They depend on which phases ran: compare
	// Serving across builds.
	ServingRSSBytes      int64 `json:"serving_rss_bytes"`
	ServingPeakRSSBytes  int64 `json:"serving_peak_rss_bytes"`
	ServingPeakHeapBytes int64 `json:"serving_peak_heap_bytes"`
}

// IndexStats describes building the index.
type IndexStats struct {
	Articles       int     `json:"articles"`         // accepted
	Rejected       int     `json:"rejected"`         // refused by validation (e.g. no body)
	Passages       int     `json:"passages"`         // passage documents, titles included
	TextBytes      int64   `json:"text_bytes"`       // title + body of accepted articles
	Seconds        float64 `json:"seconds"`          // wall time, reading excluded
	CPUSeconds     float64 `json:"cpu_seconds"`      // process CPU time over Seconds: how busy the cores were
	PassagesPerSec float64 `json:"passages_per_sec"` //
	MBPerSec       float64 `json:"mb_per_sec"`       // text, 10^6 bytes
	IndexBytes     int64   `json:"index_bytes"`      // the Bleve index on disk, merges settled
	StoreBytes     int64   `json:"store_bytes"`      // the article store (newsfind only)
	DiskBytes      int64   `json:"disk_bytes"`       // everything in the data directory
	IndexToText    float64 `json:"index_to_text"`    // IndexBytes / TextBytes
	PeakHeapBytes  int64   `json:"peak_heap_bytes"`  // live heap objects, sampled
	PeakRSSBytes   int64   `json:"peak_rss_bytes"`   // VmHWM while indexing
	BatchArticles  int     `json:"batch_articles"`   // articles per Add call
	CorpusReadSecs float64 `json:"corpus_read_seconds"`
}

// LiveStats describes live ingest: small Add calls into the built index,
// the way a feed poller or the API writes.
type LiveStats struct {
	Articles       int     `json:"articles"`
	Passages       int     `json:"passages"`
	BatchArticles  int     `json:"batch_articles"`
	Seconds        float64 `json:"seconds"`
	PassagesPerSec float64 `json:"passages_per_sec"`
	P50Ms          float64 `json:"p50_ms"` // per Add call
	P99Ms          float64 `json:"p99_ms"`
}

// ClassStats are the one-at-a-time latencies of a query class.
type ClassStats struct {
	Class    string  `json:"class"`
	Queries  int     `json:"queries"`
	Searches int     `json:"searches"`
	P50Ms    float64 `json:"p50_ms"`
	P95Ms    float64 `json:"p95_ms"`
	P99Ms    float64 `json:"p99_ms"`
	MaxMs    float64 `json:"max_ms"`
	MeanMs   float64 `json:"mean_ms"`
	// CPUMeanMs is the process's CPU time per search (user and system,
	// GC included), which a loaded machine moves less than wall time.
	CPUMeanMs float64 `json:"cpu_mean_ms,omitempty"`
}

// QueryStats is one query's median and what it matched.
type QueryStats struct {
	Class    string  `json:"class"`
	Query    string  `json:"query"`
	P50Ms    float64 `json:"p50_ms"`
	MaxMs    float64 `json:"max_ms"`
	Articles int     `json:"articles"` // matching articles (baseline: passages)
	Passages int     `json:"passages"`
	Error    string  `json:"error,omitempty"`
}

// ConcurrentStats describe K clients searching for D.
type ConcurrentStats struct {
	Clients  int     `json:"clients"`
	Seconds  float64 `json:"seconds"`
	Searches int     `json:"searches"`
	Errors   int     `json:"errors"`
	PerSec   float64 `json:"searches_per_sec"`
	P50Ms    float64 `json:"p50_ms"`
	P99Ms    float64 `json:"p99_ms"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// percentile of sorted durations, nearest rank.
func percentile(sorted []time.Duration, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	i = max(0, min(i, len(sorted)-1))
	return ms(sorted[i])
}

func ms(d time.Duration) float64 { return math.Round(float64(d)/1e4) / 100 }

func sortDurations(ds []time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
}

func mean(ds []time.Duration) float64 {
	if len(ds) == 0 {
		return 0
	}
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return ms(t / time.Duration(len(ds)))
}

func mb(n int64) float64 { return math.Round(float64(n)/1e5) / 10 }

// WriteText writes the report for people.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "newsfind bench: %s ×%d  (%s, %d CPUs, GOMAXPROCS %d, %s)\n",
		r.Corpus, r.Scale, r.Machine.CPU, r.Machine.CPUs, r.Machine.GOMAXPROCS, r.Machine.Go)
	engines := []*Engine{r.Ours}
	if r.Baseline != nil {
		engines = append(engines, r.Baseline)
	}
	fmt.Fprintf(w, "\nindexing\n")
	fmt.Fprintf(w, "  %-9s %9s %9s %8s %7s %10s %8s %10s %10s %8s %9s %9s\n", "engine", "articles", "passages", "seconds", "CPU s", "passages/s", "MB/s", "index MB", "store MB", "idx/text", "heap MB", "RSS MB")
	for _, e := range engines {
		x := e.Index
		fmt.Fprintf(w, "  %-9s %9d %9d %8.1f %7.1f %10.0f %8.2f %10.1f %10.1f %8.2f %9.1f %9.1f\n", e.Name, x.Articles, x.Passages,
			x.Seconds, x.CPUSeconds, x.PassagesPerSec, x.MBPerSec, mb(x.IndexBytes), mb(x.StoreBytes), x.IndexToText, mb(x.PeakHeapBytes), mb(x.PeakRSSBytes))
	}
	if r.Ours.Index.Rejected > 0 {
		fmt.Fprintf(w, "  (%d articles refused by validation, e.g. no body; text %.1f MB)\n", r.Ours.Index.Rejected, mb(r.Ours.Index.TextBytes))
	}
	if l := r.Ours.Live; l != nil {
		fmt.Fprintf(w, "  live ingest: %d articles, %d passages in Add calls of %d articles: %.0f passages/s (per call p50 %.1f ms, p99 %.1f ms)\n",
			l.Articles, l.Passages, l.BatchArticles, l.PassagesPerSec, l.P50Ms, l.P99Ms)
	}
	writeDelete(w, r.Ours.Delete)
	fmt.Fprintf(w, "\none query at a time, top 10 + four facets, %d passes after a warm-up (ms)\n", r.Passes)
	fmt.Fprintf(w, "  %-14s %7s", "class", "queries")
	for _, e := range engines {
		fmt.Fprintf(w, "  %-24s", e.Name+" p50/p95/p99")
	}
	fmt.Fprintf(w, "  %s", "CPU ms/search")
	fmt.Fprintln(w)
	for i, c := range r.Ours.Classes {
		fmt.Fprintf(w, "  %-14s %7d", c.Class, c.Queries)
		for _, e := range engines {
			if i < len(e.Classes) {
				x := e.Classes[i]
				fmt.Fprintf(w, "  %-24s", fmt.Sprintf("%.1f/%.1f/%.1f", x.P50Ms, x.P95Ms, x.P99Ms))
			}
		}
		fmt.Fprintf(w, "  %.2f", c.CPUMeanMs)
		fmt.Fprintln(w)
	}
	slow := append([]QueryStats(nil), r.Ours.PerQuery...)
	sort.Slice(slow, func(i, j int) bool { return slow[i].P50Ms > slow[j].P50Ms })
	fmt.Fprintf(w, "  slowest (newsfind p50): ")
	var parts []string
	for _, q := range slow[:min(5, len(slow))] {
		parts = append(parts, fmt.Sprintf("%s %.1f ms (%d art.)", q.Query, q.P50Ms, q.Articles))
	}
	fmt.Fprintln(w, strings.Join(parts, "; "))
	for _, q := range r.Ours.PerQuery {
		if q.Error != "" {
			fmt.Fprintf(w, "  error: %s: %s\n", q.Query, q.Error)
		}
	}
	writeDistinct(w, r.Ours.Distinct)
	writeExport(w, r.Ours.Export)
	writeAttention(w, r.Ours.Attention)
	writeTerms(w, r.Ours.Terms)
	for _, e := range engines {
		if c := e.Concurrent; c != nil {
			fmt.Fprintf(w, "\n%s, %d concurrent clients for %.0f s: %.0f searches/s, p50 %.1f ms, p99 %.1f ms (%d errors)",
				e.Name, c.Clients, c.Seconds, c.PerSec, c.P50Ms, c.P99Ms, c.Errors)
		}
	}
	fmt.Fprintf(w, "\n\nmemory (newsfind), after a full collection; live heap includes the bench's corpus (%.0f MB)\n", mb(r.Ours.Serving.BenchHeapBytes))
	fmt.Fprintf(w, "  %-28s %8s %8s %8s %9s %9s %9s %14s\n", "", "RSS MB", "anon MB", "file MB", "store MB", "index MB", "heap MB", "RSS before GC")
	for _, m := range []struct {
		name string
		r    Resident
	}{{"built, merges settled", r.Ours.Built}, {"serving, after the searches", r.Ours.Serving}} {
		fmt.Fprintf(w, "  %-28s %8.0f %8.0f %8.0f %9.0f %9.0f %9.0f %14.0f\n", m.name, mb(m.r.RSSBytes), mb(m.r.AnonBytes), mb(m.r.FileBytes),
			mb(m.r.StoreFileBytes), mb(m.r.IndexFileBytes), mb(m.r.HeapLiveBytes), mb(m.r.RSSBeforeGCBytes))
	}
	fmt.Fprintf(w, "  after every serving phase: RSS %.0f MB; peak RSS %.0f MB, peak heap %.0f MB while serving\n",
		mb(r.Ours.ServingRSSBytes), mb(r.Ours.ServingPeakRSSBytes), mb(r.Ours.ServingPeakHeapBytes))
	fmt.Fprintf(w, "run took %.0f s\n", r.Seconds)
}
