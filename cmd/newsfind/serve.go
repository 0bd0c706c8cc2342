package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/arrive"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "serve [--addr :8080] [--data ./data] [--watch DIR] [--feed URL --every 15m] [--drain 1s]", stderr)
	addr := fs.String("addr", ":8080", "address to listen on")
	data := fs.String("data", "./data", "data directory: article store and index")
	logFormat := fs.String("log", "console", "log format: console or json")
	token := fs.String("token", "", "token for the write routes (default: generated into DATA/token)")
	private := fs.Bool("private", false, "the read routes (search, articles, pages, metrics) need the token too; /healthz, /readyz and /static/ stay open")
	watch := fs.String("watch", "", "ingest files dropped into this folder (then moved to done/ or failed/)")
	var feeds listFlag
	fs.Var(&feeds, "feed", "poll this RSS/Atom feed URL (repeatable)")
	feedsFile := fs.String("feeds", "", "file of feed URLs to poll, one a line")
	every := fs.Duration("every", arrive.DefaultEvery, "how often to poll the feeds")
	drain := fs.Duration("drain", defaultDrain, "on SIGTERM, keep serving this long with /readyz answering 503, then finish what is in flight and exit")
	if extra, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q (see newsfind serve --help)", extra[0])
	}
	log := newLogger(stderr, *logFormat)
	routeStdLog(log)
	eng, err := engine.Open(ctx, engine.Options{Dir: *data, Logger: log, Seeds: seeds.Articles, HealInBackground: true})
	if err != nil {
		return err
	}
	defer eng.Close()
	tok, tokPath, err := engine.Token(*data, *token)
	if err != nil {
		return fmt.Errorf("write token: %w", err)
	}
	if tokPath != "" {
		log.Info().Str("file", tokPath).Msg("the write token (POST /api/articles, /api/reindex) is in this file")
	}
	// Background work (re-index, watcher, feeds) stops with the server.
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	rx := engine.NewReindexer(bg, eng)
	defer func() { stopBG(); wg.Wait(); rx.Wait() }()
	if eng.Damaged() != nil {
		wg.Go(func() { rx.Heal(bg) })
	}
	poller, err := startArrivals(bg, &wg, eng, log, *watch, feeds, *feedsFile, *every)
	if err != nil {
		return err
	}
	var draining atomic.Bool
	ready := func() error {
		if draining.Load() {
			return errors.New("shutting down")
		}
		return eng.Ready()
	}
	srv, err := web.NewServer(web.Options{
		Searcher: eng.Searcher(), Logger: log, Ready: ready,
		Writer: eng, Intake: ingest.Intake{}, Token: tok, Private: *private, Reindexer: rx, Feeds: poller.Status,
		Metrics: metricsOf(eng, rx, poller),
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := web.NewHTTPServer(srv, web.DefaultTimeouts)
	log.Info().Str("addr", ln.Addr().String()).Str("data", *data).Msg("newsfind is serving")
	fmt.Fprintf(stdout, "newsfind: serving http://%s (data in %s)\n", displayAddr(ln.Addr()), *data)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// Shutdown closes the listener at once, and the kernel resets every
	// connection still in its accept queue: 12 of 50 searches sent within
	// 41 ms of the signal were reset. So the server first goes on
	// accepting, and tells balancers through /readyz to send nothing
	// more; answers say "Connection: close", so clients leave their
	// kept-alive connections before Shutdown closes them.
	draining.Store(true)
	hs.SetKeepAlivesEnabled(false)
	log.Info().Dur("drain", *drain).Msg("shutting down: /readyz answers 503; serving what is queued")
	select {
	case err := <-errc:
		return err
	case <-time.After(*drain):
	}
	log.Info().Msg("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// defaultDrain is long enough to accept what the kernel has queued (a
// few milliseconds) with a wide margin, and short enough for a restart by
// hand. Behind a load balancer, set it to a little over the balancer's
// /readyz interval.
const defaultDrain = time.Second

// metricsOf lists what the engine and the re-indexer report on /metrics.
func metricsOf(eng *engine.Engine, rx *engine.Reindexer, feeds *arrive.Poller) []web.Metric {
	gauge := func(name, help string, v func() float64) web.Metric {
		return web.Metric{Name: name, Help: help, Value: v}
	}
	bit := func(b bool) float64 {
		if b {
			return 1
		}
		return 0
	}
	ms := []web.Metric{
		gauge("newsfind_articles", "Articles in the index.", func() float64 { return float64(eng.Articles()) }),
		gauge("newsfind_passages", "Passage documents in the index.", func() float64 { return float64(eng.Passages()) }),
		gauge("newsfind_index_bytes", "Size of the index on disk.", func() float64 { return float64(eng.IndexBytes()) }),
		gauge("newsfind_ready", "1 while /readyz answers 200.", func() float64 { return bit(eng.Ready() == nil) }),
		{Name: "newsfind_background_errors_total", Help: "Errors of the index's background work (each turns /readyz red).", Counter: true,
			Value: func() float64 { return float64(eng.BackgroundErrors()) }},
		gauge("newsfind_reindex_running", "1 while an index rebuild runs.", func() float64 { return bit(rx.ReindexStatus().Running) }),
		gauge("newsfind_reindex_done_articles", "Articles the running (or last) rebuild has indexed.", func() float64 { return float64(rx.ReindexStatus().Done) }),
		gauge("newsfind_reindex_total_articles", "Articles the running (or last) rebuild has to index.", func() float64 { return float64(rx.ReindexStatus().Total) }),
		gauge("newsfind_feeds", "Feeds polled.", func() float64 { return float64(len(feeds.Status())) }),
		gauge("newsfind_feeds_failing", "Feeds whose last poll failed (GET /api/feeds says why).", func() float64 {
			n := 0
			for _, f := range feeds.Status() {
				if f.LastError != "" {
					n++
				}
			}
			return float64(n)
		}),
	}
	// Articles given to the engine by any way in (API, watcher, feeds).
	for result, n := range map[string]func(engine.IngestCounts) int64{
		"created":   func(c engine.IngestCounts) int64 { return c.Created },
		"updated":   func(c engine.IngestCounts) int64 { return c.Updated },
		"unchanged": func(c engine.IngestCounts) int64 { return c.Unchanged },
		"refused":   func(c engine.IngestCounts) int64 { return c.Refused },
		"failed":    func(c engine.IngestCounts) int64 { return c.Failed },
	} {
		ms = append(ms, web.Metric{
			Name: "newsfind_ingested_articles_total", Help: "Articles received, by result: created, updated, unchanged, refused (invalid), failed (store or index error).",
			Counter: true, Labels: map[string]string{"result": result},
			Value: func() float64 { return float64(n(eng.Ingested())) },
		})
	}
	return ms
}

// startArrivals starts the watched folder and the feed poller, if asked.
// The poller is nil when there are no feeds.
func startArrivals(ctx context.Context, wg *sync.WaitGroup, eng *engine.Engine, log zerolog.Logger, watch string, feeds []string, feedsFile string, every time.Duration) (*arrive.Poller, error) {
	if watch != "" {
		w, err := arrive.NewWatcher(arrive.WatcherOptions{Dir: watch, Writer: eng, Logger: log.With().Str("part", "watch").Logger()})
		if err != nil {
			return nil, err
		}
		log.Info().Str("dir", watch).Msg("watching for dropped files")
		wg.Go(func() { w.Run(ctx) })
	}
	if feedsFile != "" {
		urls, err := arrive.ReadFeedsFile(feedsFile)
		if err != nil {
			return nil, err
		}
		feeds = append(feeds, urls...)
	}
	if len(feeds) == 0 {
		return nil, nil
	}
	p := arrive.NewPoller(arrive.PollerOptions{URLs: feeds, Writer: eng, Every: every, Logger: log.With().Str("part", "feeds").Logger()})
	log.Info().Int("feeds", len(feeds)).Dur("every", every).Msg("polling feeds")
	wg.Go(func() { p.Run(ctx) })
	return p, nil
}

func newLogger(w io.Writer, format string) zerolog.Logger {
	if format == "json" {
		return zerolog.New(w).With().Timestamp().Logger()
	}
	return zerolog.New(zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}).With().Timestamp().Logger()
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", t.Port)
	}
	return a.String()
}
