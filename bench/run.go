package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/internal/cputime"
)

// Options configure a run.
type Options struct {
	Corpus string // .jsonl or .jsonl.gz
	Scale  int    // copies of each article, 1 = the corpus as is
	Limit  int    // read at most this many articles of the corpus (0 = all)

	Queries     []Query
	Passes      int           // timed passes over the queries, after one warm-up pass
	Concurrency int           // clients of the concurrent phase (0 skips it)
	Duration    time.Duration // of the concurrent phase

	BatchArticles int // articles per Engine.Add call when bulk indexing
	LiveArticles  int // articles added after the build in small calls (0 skips)
	LiveBatch     int // articles per live Add call

	// Scopes are the scopes the query phase runs in, one after another
	// (empty: the default scope). The first one's figures are the
	// classes' own; each further one adds its classes as CLASS@SCOPE,
	// measured on the same index, which is how the cost of a scope is
	// stated.
	Scopes []newsfind.Scope

	// CountOnly also times every query with size=0 (totals and facets,
	// no page), its classes reported as CLASS@count on the same index.
	CountOnly bool
	// DeleteBatch, when above 0, ends the run by deleting every article
	// the build created in Delete calls of this many ids, timed beside
	// the build.
	DeleteBatch int

	Baseline bool // also run the plain Bleve baseline
	// Distinct also times every query with distinct=story beside the same
	// query without (runDistinct).
	Distinct bool
	// Attention also times timelines and 4-query comparisons beside the
	// searches of the same queries (runAttention).
	Attention bool
	Keep      string // build newsfind's data directory here and keep it ("" = temporary)
	// Reuse times the queries on a data directory a run with Keep built,
	// without building one: before/after pairs of a query change then
	// search the same segments, and a pair at ×9 costs minutes less.
	Reuse   string
	TempDir string // parent of the temporary directories ("" = os.TempDir())
	// Terms also times the distinctive terms of the term and broad
	// queries (runTerms).
	Terms bool

	Progress io.Writer // progress lines; nil = none

	// CPUProfile, when set, receives a CPU profile of newsfind's
	// one-at-a-time query phase.
	CPUProfile io.Writer
	// IndexProfile, when set, receives a CPU profile of newsfind's bulk
	// indexing.
	IndexProfile io.Writer
	// DeleteProfile, when set, receives a CPU profile of the bulk delete.
	DeleteProfile io.Writer
	// MemProfile, when set, receives a heap profile taken where the
	// serving memory is read (Engine.Serving): after the one-at-a-time
	// searches and a full collection.
	MemProfile io.Writer
}

func (o *Options) defaults() {
	if o.Scale < 1 {
		o.Scale = 1
	}
	if o.Passes < 1 {
		o.Passes = 5
	}
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	if o.BatchArticles < 1 {
		o.BatchArticles = 2000
	}
	if o.LiveBatch < 1 {
		o.LiveBatch = 10
	}
	if o.Queries == nil {
		o.Queries = DefaultQueries()
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
}

// Run builds the indexes, runs the queries and returns the report.
func Run(ctx context.Context, opt Options) (*Report, error) {
	opt.defaults()
	start := time.Now()
	rep := &Report{
		Version: 1, Started: start.UTC(), Machine: machine(), Corpus: filepath.Base(opt.Corpus),
		Scale: opt.Scale, Limit: opt.Limit, Queries: len(opt.Queries), Passes: opt.Passes,
	}
	t0 := time.Now()
	arts, err := ReadCorpus(opt.Corpus)
	if err != nil {
		return nil, err
	}
	if opt.Limit > 0 && len(arts) > opt.Limit {
		arts = arts[:opt.Limit]
	}
	readSecs := time.Since(t0).Seconds()
	fmt.Fprintf(opt.Progress, "bench: read %d articles in %.1f s; indexing ×%d through engine.Add\n", len(arts), readSecs, opt.Scale)

	ours, err := runOurs(ctx, opt, arts)
	if err != nil {
		return nil, err
	}
	ours.Index.CorpusReadSecs = readSecs
	rep.Ours = ours
	if opt.Baseline {
		freeMemory()
		fmt.Fprintf(opt.Progress, "bench: baseline: plain Bleve, default mapping\n")
		base, err := runBaseline(ctx, opt, arts)
		if err != nil {
			return nil, fmt.Errorf("baseline: %w", err)
		}
		rep.Baseline = base
	}
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// corpusCopies calls fn with batches of at most n articles: every article
// of copy 0, then of copy 1, and so on.
func corpusCopies(ctx context.Context, arts []newsfind.Article, scale, n int, fn func([]newsfind.Article) error) error {
	period := Period(arts)
	batch := make([]newsfind.Article, 0, n)
	for k := 0; k < scale; k++ {
		for i := range arts {
			batch = append(batch, Scaled(arts[i], k, period))
			if len(batch) == n {
				if err := ctx.Err(); err != nil {
					return err
				}
				if err := fn(batch); err != nil {
					return err
				}
				batch = batch[:0]
			}
		}
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

type progress struct {
	w     io.Writer
	name  string
	start time.Time
	last  time.Time
}

func (p *progress) tick(done, total int, unit string) {
	if time.Since(p.last) < 10*time.Second {
		return
	}
	p.last = time.Now()
	el := time.Since(p.start).Seconds()
	fmt.Fprintf(p.w, "bench: %s: %d/%d %s in %.0f s (%.0f/s)\n", p.name, done, total, unit, el, float64(done)/el)
}

func runOurs(ctx context.Context, opt Options, arts []newsfind.Article) (*Engine, error) {
	dir := opt.Keep
	if opt.Reuse != "" {
		if opt.Keep != "" || opt.LiveArticles > 0 || opt.DeleteBatch > 0 || opt.IndexProfile != nil {
			return nil, fmt.Errorf("--reuse times queries on a built directory: it takes no --keep, --live, --delete or --indexprofile (use --live 0)")
		}
		if _, err := os.Stat(filepath.Join(opt.Reuse, "articles.db")); err != nil {
			return nil, fmt.Errorf("--reuse %s: not a data directory a --keep run built: %w", opt.Reuse, err)
		}
		dir = opt.Reuse
	} else if dir == "" {
		tmp, err := os.MkdirTemp(opt.TempDir, "newsfind-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp)
		dir = filepath.Join(tmp, "data")
	} else if _, err := os.Stat(dir); err == nil {
		return nil, fmt.Errorf("%s exists: --keep needs a new directory", dir)
	}
	benchHeap := heapLive() // the corpus, before the engine holds anything
	ResetPeakRSS()
	heap := startHeapSampler()
	eng, err := engine.Open(ctx, engine.Options{Dir: dir, Logger: zerolog.Nop()})
	if err != nil {
		heap.Stop()
		return nil, err
	}
	closed := false
	defer func() {
		if !closed {
			eng.Close()
		}
	}()
	res := &Engine{Name: "newsfind"}
	x := &res.Index
	x.BatchArticles = opt.BatchArticles
	total := len(arts) * opt.Scale
	pr := &progress{w: opt.Progress, name: "newsfind indexing", start: time.Now(), last: time.Now()}
	if opt.IndexProfile != nil {
		if err := pprof.StartCPUProfile(opt.IndexProfile); err != nil {
			return nil, err
		}
	}
	start, cpu0 := time.Now(), cputime.Process().Seconds()
	done := 0
	var ids []string // created, for the delete phase
	build := arts
	if opt.Reuse != "" {
		build = nil // nothing to build: the figures below describe the directory
	}
	err = corpusCopies(ctx, build, opt.Scale, opt.BatchArticles, func(batch []newsfind.Article) error {
		outs, err := eng.Add(ctx, batch)
		if err != nil {
			return err
		}
		for _, o := range outs {
			if o.Status == newsfind.StatusError {
				x.Rejected++
				continue
			}
			a := &batch[o.Index]
			x.Articles++
			if opt.DeleteBatch > 0 && o.Status == newsfind.StatusCreated {
				ids = append(ids, o.ID)
			}
			x.TextBytes += int64(len(strings.TrimSpace(a.Title)) + len(strings.TrimSpace(a.Body)))
		}
		done += len(batch)
		pr.tick(done, total, "articles")
		return nil
	})
	if err != nil {
		heap.Stop()
		return nil, err
	}
	x.Seconds, x.CPUSeconds = time.Since(start).Seconds(), cputime.Process().Seconds()-cpu0
	if opt.IndexProfile != nil {
		pprof.StopCPUProfile()
	}
	x.PeakHeapBytes = heap.Stop()
	x.PeakRSSBytes = PeakRSS()
	svc := eng.Searcher()
	all, err := svc.Search(ctx, newsfind.Query{Size: 1})
	if err != nil {
		return nil, err
	}
	x.Passages = all.TotalPassages
	x.PassagesPerSec = float64(x.Passages) / x.Seconds
	x.MBPerSec = float64(x.TextBytes) / 1e6 / x.Seconds
	fmt.Fprintf(opt.Progress, "bench: newsfind indexed %d articles, %d passages in %.1f s (%.0f passages/s, %.1f CPU s); waiting for merges\n",
		x.Articles, x.Passages, x.Seconds, x.PassagesPerSec, x.CPUSeconds)
	x.DiskBytes = settle(dir, 3*time.Second, 90*time.Second)
	x.StoreBytes = engine.DirBytes(filepath.Join(dir, "articles.db"))
	x.IndexBytes = x.DiskBytes - x.StoreBytes
	if x.TextBytes > 0 {
		x.IndexToText = float64(x.IndexBytes) / float64(x.TextBytes)
	}
	if res.Built, err = readResident(dir, benchHeap, nil); err != nil {
		return nil, err
	}

	ResetPeakRSS()
	heap = startHeapSampler()
	scope := newsfind.Scope("")
	countOnly := false
	search := func(ctx context.Context, text string) (int, int, error) {
		r, err := svc.Search(ctx, newsfind.Query{Text: text, Size: 10, Scope: scope, CountOnly: countOnly})
		if err != nil {
			return 0, 0, err
		}
		return r.TotalArticles, r.TotalPassages, nil
	}
	if opt.CPUProfile != nil {
		if err := pprof.StartCPUProfile(opt.CPUProfile); err != nil {
			return nil, err
		}
	}
	scopes := opt.Scopes
	if len(scopes) == 0 {
		scopes = []newsfind.Scope{""}
	}
	for i, sc := range scopes {
		scope = sc
		classes, per := runQueries(ctx, opt, "newsfind", search)
		if i > 0 {
			for j := range classes {
				classes[j].Class += "@" + string(sc)
			}
			for j := range per {
				per[j].Class += "@" + string(sc)
			}
		}
		res.Classes, res.PerQuery = append(res.Classes, classes...), append(res.PerQuery, per...)
	}
	scope = scopes[0]
	if opt.CountOnly {
		countOnly = true
		classes, per := runQueries(ctx, opt, "newsfind", search)
		for j := range classes {
			classes[j].Class += "@count"
		}
		for j := range per {
			per[j].Class += "@count"
		}
		res.Classes, res.PerQuery = append(res.Classes, classes...), append(res.PerQuery, per...)
		countOnly = false
	}
	if opt.CPUProfile != nil {
		pprof.StopCPUProfile()
	}
	// Serving memory is read here, before the phases that only some runs
	// have (distinct, export, attention, terms, concurrent), so that every
	// run reads it after the same work.
	if res.Serving, err = readResident(dir, benchHeap, opt.MemProfile); err != nil {
		return nil, err
	}
	if opt.Distinct {
		res.Distinct = runDistinct(ctx, opt, svc)
	}
	if x, ok := svc.(newsfind.Exporter); ok {
		if res.Export, err = runExport(ctx, opt, x); err != nil {
			return nil, err
		}
	}
	if opt.Attention {
		res.Attention = runAttention(ctx, opt, svc)
	}
	if opt.Terms {
		res.Terms = runTerms(ctx, opt, svc)
	}
	if opt.Concurrency > 0 {
		res.Concurrent = runConcurrent(ctx, opt, "newsfind", search)
	}
	res.ServingPeakHeapBytes = heap.Stop()
	res.ServingRSSBytes = RSS()
	res.ServingPeakRSSBytes = PeakRSS()

	if opt.LiveArticles > 0 {
		res.Live, err = runLive(ctx, opt, eng, arts, x.Passages)
		if err != nil {
			return nil, err
		}
	}
	if opt.DeleteBatch > 0 {
		if res.Delete, err = runDelete(ctx, opt, eng, ids, x.Seconds); err != nil {
			return nil, err
		}
	}
	closed = true
	if err := eng.Close(); err != nil {
		return nil, err
	}
	return res, nil
}

// runLive adds articles the index does not have yet (the next copy of the
// corpus) in small Add calls, the way the API or a feed poller writes.
func runLive(ctx context.Context, opt Options, eng *engine.Engine, arts []newsfind.Article, built int) (*LiveStats, error) {
	n := min(opt.LiveArticles, len(arts))
	period := Period(arts)
	l := &LiveStats{BatchArticles: opt.LiveBatch}
	var calls []time.Duration
	start := time.Now()
	for i := 0; i < n; i += opt.LiveBatch {
		var batch []newsfind.Article
		for j := i; j < min(i+opt.LiveBatch, n); j++ {
			batch = append(batch, Scaled(arts[j], opt.Scale, period))
		}
		t := time.Now()
		outs, err := eng.Add(ctx, batch)
		if err != nil {
			return nil, fmt.Errorf("live ingest: %w", err)
		}
		calls = append(calls, time.Since(t))
		for _, o := range outs {
			if o.Status != newsfind.StatusError {
				l.Articles++
			}
		}
	}
	l.Seconds = time.Since(start).Seconds()
	after, err := eng.Searcher().Search(ctx, newsfind.Query{Size: 1})
	if err != nil {
		return nil, err
	}
	// Passages of the added articles: the catalog total minus the build.
	l.Passages = after.TotalPassages - built
	l.PassagesPerSec = float64(l.Passages) / l.Seconds
	sortDurations(calls)
	l.P50Ms, l.P99Ms = percentile(calls, 50), percentile(calls, 99)
	return l, nil
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), Go: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			m.MemBytes = kb * 1024
		}
	}
	return m
}
