package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/bench"
)

func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench", "bench --corpus FILE.jsonl[.gz] [--scale N] [--queries FILE] [--concurrency K] [--duration D] [--json] [--baseline]", stderr)
	corpus := fs.String("corpus", "", "corpus file, one JSON article a line (.jsonl or .jsonl.gz; Reuters/HuffPost schema)")
	scale := fs.Int("scale", 1, "index N copies of every article (new ids, dates shifted)")
	limit := fs.Int("limit", 0, "read only the first N articles of the corpus (0 = all)")
	queries := fs.String("queries", "", "query file, CLASS<TAB>QUERY a line (default: the built-in bench/queries.tsv)")
	passes := fs.Int("passes", 5, "timed passes over the queries, one query at a time, after a warm-up pass")
	conc := fs.Int("concurrency", 4, "concurrent clients of the throughput phase (0 skips it)")
	dur := fs.Duration("duration", 10*time.Second, "how long the concurrent phase runs")
	batch := fs.Int("batch", 2000, "articles per Engine.Add call when bulk indexing (Add indexes them in Bleve batches of ~2000 passages)")
	live := fs.Int("live", 2000, "articles added after the build in small Add calls, to measure live ingest (0 skips)")
	liveBatch := fs.Int("live-batch", 10, "articles per Add call of the live-ingest phase")
	distinct := fs.Bool("distinct", false, "also time every query with distinct=story beside the same query without, interleaved")
	attention := fs.Bool("attention", false, "also time each broad and term query's timeline, and comparisons of four of them, beside their searches, interleaved")
	terms := fs.Bool("terms", false, "also time the distinctive terms (GET /api/terms) of the term and broad queries")
	scopes := fs.String("scope", "", "run the queries in these scopes, comma-separated (article, passage; default: the default scope); further scopes' classes are reported as CLASS@SCOPE on the same index")
	countOnly := fs.Bool("count-only", false, "also time every query with size=0 (totals and facets, no page), reported as CLASS@count on the same index")
	deleteBatch := fs.Int("delete", 0, "end by deleting every article the build created, in Delete calls of N ids, timed beside the build (0 skips)")
	deleteprofile := fs.String("deleteprofile", "", "write a CPU profile of the bulk delete (--delete) to this file")
	baseline := fs.Bool("baseline", true, "also run the same work through a plain Bleve index (default mapping) for comparison")
	keep := fs.String("keep", "", "build newsfind's data directory here and keep it (for `newsfind serve --data`)")
	reuse := fs.String("reuse", "", "time the queries on a data directory a --keep run built, without building (needs --live 0)")
	tmp := fs.String("tmp", "", "directory for the temporary indexes (default: the system's)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of newsfind's one-at-a-time query phase to this file")
	memprofile := fs.String("memprofile", "", "write a heap profile, taken where the serving memory is read (after the one-at-a-time searches and a collection), to this file")
	indexprofile := fs.String("indexprofile", "", "write a CPU profile of newsfind's bulk indexing to this file")
	jsonOut := fs.String("json-out", "", "also write the JSON summary to this file")
	asJSON := fs.Bool("json", false, "print one machine-readable JSON summary (see docs/benchmarks.md)")
	if extra, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q (see newsfind bench --help)", extra[0])
	}
	if *corpus == "" {
		fs.Usage()
		return errUsage
	}
	opt := bench.Options{
		Corpus: *corpus, Scale: *scale, Limit: *limit, Passes: *passes,
		Concurrency: *conc, Duration: *dur, BatchArticles: *batch,
		LiveArticles: *live, LiveBatch: *liveBatch, Baseline: *baseline, Distinct: *distinct,
		CountOnly: *countOnly, DeleteBatch: *deleteBatch,
		Attention: *attention, Terms: *terms,
		Keep: *keep, Reuse: *reuse, TempDir: *tmp, Progress: stderr,
	}
	for _, sc := range strings.Split(*scopes, ",") {
		switch sc = strings.TrimSpace(sc); newsfind.Scope(sc) {
		case "":
		case newsfind.ScopeArticle, newsfind.ScopePassage:
			opt.Scopes = append(opt.Scopes, newsfind.Scope(sc))
		default:
			return fmt.Errorf("unknown scope %q in --scope: use article, passage or both, comma-separated", sc)
		}
	}
	if *queries != "" {
		qs, err := bench.LoadQueries(*queries)
		if err != nil {
			return err
		}
		opt.Queries = qs
	}
	for _, p := range []struct {
		path string
		to   *io.Writer
	}{{*cpuprofile, &opt.CPUProfile}, {*indexprofile, &opt.IndexProfile}, {*deleteprofile, &opt.DeleteProfile}, {*memprofile, &opt.MemProfile}} {
		if p.path == "" {
			continue
		}
		f, err := os.Create(p.path)
		if err != nil {
			return err
		}
		defer f.Close()
		*p.to = f
	}
	rep, err := bench.Run(ctx, opt)
	if err != nil {
		return err
	}
	if *jsonOut != "" {
		f, err := os.Create(*jsonOut)
		if err != nil {
			return err
		}
		if err := rep.WriteJSON(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if *asJSON {
		return rep.WriteJSON(stdout)
	}
	rep.WriteText(stdout)
	return nil
}
