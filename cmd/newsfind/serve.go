package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/arrive"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseServe(args, stderr)
	if err != nil {
		return err
	}
	log := newLogger(stderr, o.logFormat)
	routeStdLog(log)
	s, err := serve(ctx, o, log, stdout)
	if err != nil {
		return err
	}
	return s.Wait()
}

// serveOptions are the serve command's flags.
type serveOptions struct {
	addr, data, logFormat, token string
	private, seeds               bool
	watch                        string
	feeds                        []string
	feedsFile                    string
	synonyms                     string
	every, drain                 time.Duration
	cluster                      clusterOptions
	webhookHosts                 []string
}

func parseServe(args []string, stderr io.Writer) (serveOptions, error) {
	fs := newFlagSet("serve", "serve [--addr :8080] [--data ./data] [--watch DIR] [--feed URL --every 15m] [--drain 1s]", stderr)
	var o serveOptions
	fs.StringVar(&o.addr, "addr", ":8080", "address to listen on")
	fs.StringVar(&o.data, "data", "./data", "data directory: article store and index")
	fs.StringVar(&o.logFormat, "log", "console", "log format: console or json")
	fs.StringVar(&o.token, "token", "", "token for the write routes (default: generated into DATA/token)")
	fs.BoolVar(&o.private, "private", false, "the read routes (search, articles, pages, metrics) need the token too; /healthz, /readyz and /static/ stay open")
	fs.BoolVar(&o.seeds, "seeds", true, "index the embedded seed articles into a new data directory (one with no article store yet); --seeds=false starts it empty")
	fs.StringVar(&o.watch, "watch", "", "ingest files dropped into this folder (then moved to done/ or failed/)")
	var feeds listFlag
	fs.Var(&feeds, "feed", "poll this RSS/Atom feed URL (repeatable)")
	fs.StringVar(&o.feedsFile, "feeds", "", "file of feed URLs to poll, one a line")
	fs.StringVar(&o.synonyms, "synonyms", "", "file of synonym groups (one a line, forms separated by |) searched on top of the built-in ones")
	fs.DurationVar(&o.every, "every", arrive.DefaultEvery, "how often to poll the feeds")
	fs.DurationVar(&o.drain, "drain", defaultDrain, "on SIGTERM, keep serving this long with /readyz answering 503, then finish what is in flight and exit")
	addClusterFlags(fs, &o.cluster)
	var hooks listFlag
	fs.Var(&hooks, "webhook-hosts", "hosts (host or host:port, comma-separated or repeated) saved searches' webhooks may post to; none: any but this machine and private networks")
	if extra, err := parseFlags(fs, args); err != nil {
		return o, err
	} else if len(extra) > 0 {
		return o, fmt.Errorf("unexpected argument %q (see newsfind serve --help)", extra[0])
	}
	o.feeds = feeds
	for _, h := range hooks {
		for _, p := range strings.Split(h, ",") {
			if p = strings.TrimSpace(p); p != "" {
				o.webhookHosts = append(o.webhookHosts, p)
			}
		}
	}
	return o, nil
}

// serving is a server that is listening: serve returns it once requests
// can be sent to URL, so a test can run the real server in its own
// process and stop it by cancelling the context it gave serve.
type serving struct {
	URL  string
	done chan struct{}
	err  error
}

// Wait returns when the server has shut down and closed the data
// directory, with the error that ended it.
func (s *serving) Wait() error {
	<-s.done
	return s.err
}

// serve opens the data directory and starts serving. Everything it opens
// is closed again when ctx ends (after the drain) or when it fails.
func serve(ctx context.Context, o serveOptions, log zerolog.Logger, stdout io.Writer) (_ *serving, err error) {
	eo := engine.Options{Dir: o.data, Logger: log, HealInBackground: true, Synonyms: o.synonyms,
		Alerts: engine.AlertOptions{WebhookHosts: o.webhookHosts, ViaCluster: o.cluster.nats != ""}}
	if o.seeds && o.cluster.nats == "" {
		eo.Seeds = seeds.Articles
	}
	eng, err := engine.Open(ctx, eo)
	if err != nil {
		return nil, err
	}
	var undo []func() // run last first, when serving ends
	closeAll := func() {
		for i := len(undo) - 1; i >= 0; i-- {
			undo[i]()
		}
	}
	undo = append(undo, func() { eng.Close() })
	defer func() {
		if err != nil {
			closeAll()
		}
	}()
	node, err := startNode(o, eng, log)
	if err != nil {
		return nil, err
	}
	if node == nil {
		if err := refuseClusterDir(eng); err != nil {
			return nil, fmt.Errorf("%w; start it with --nats", err)
		}
	}
	var writer newsfind.Writer = eng
	var deleter newsfind.Deleter = eng
	var saved newsfind.SavedSearches = eng
	var clusterNode web.Cluster
	var ms []web.Metric
	if node != nil {
		undo = append(undo, node.Close)
		writer, deleter, clusterNode, saved = node, node, node, node
		ms = clusterMetrics(node)
	}
	tok, tokPath, err := engine.Token(o.data, o.token)
	if err != nil {
		return nil, fmt.Errorf("write token: %w", err)
	}
	if tokPath != "" {
		log.Info().Str("file", tokPath).Msg("the write token (POST /api/articles, /api/reindex) is in this file")
	}
	// Background work (re-index, watcher, feeds) stops with the server.
	bg, stopBG := context.WithCancel(ctx)
	var wg sync.WaitGroup
	rx := engine.NewReindexer(bg, eng)
	undo = append(undo, func() { stopBG(); wg.Wait(); rx.Wait() })
	if eng.Damaged() != nil {
		wg.Go(func() { rx.Heal(bg) })
	}
	poller, err := startArrivals(bg, &wg, writer, log, o.watch, o.feeds, o.feedsFile, o.every)
	if err != nil {
		return nil, err
	}
	var draining atomic.Bool
	ready := func() error {
		if draining.Load() {
			return errors.New("shutting down")
		}
		if node != nil {
			if err := node.Ready(); err != nil {
				return err
			}
		}
		return eng.Ready()
	}
	srv, err := web.NewServer(web.Options{
		Searcher: eng.Searcher(), Logger: log, Ready: ready,
		Writer: writer, Intake: ingest.Intake{}, Token: tok, Private: o.private, Reindexer: rx, Feeds: poller.Status, Deleter: deleter,
		Metrics: append(metricsOf(eng, rx, poller), ms...), Exporter: exporterOf(eng.Searcher()), Cluster: clusterNode, Saved: saved,
	})
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, err
	}
	hs := web.NewHTTPServer(srv, web.DefaultTimeouts)
	log.Info().Str("addr", ln.Addr().String()).Str("data", o.data).Msg("newsfind is serving")
	s := &serving{URL: "http://" + displayAddr(ln.Addr()), done: make(chan struct{})}
	// The other commands find this server through the file; without it
	// they still find one on the default address, so it is no reason to
	// stop serving.
	if err := writeServerAddr(o.data, s.URL); err != nil {
		log.Warn().Err(err).Msg("cannot write DATA/server.addr: commands find this server only by --server")
	} else {
		undo = append(undo, func() { removeServerAddr(o.data) })
	}
	fmt.Fprintf(stdout, "newsfind: serving %s (data in %s)\n", s.URL, o.data)
	go func() {
		defer close(s.done)
		defer closeAll()
		s.err = serveUntil(ctx, hs, ln, &draining, o.drain, log)
	}()
	return s, nil
}

// serveUntil serves on ln until ctx ends, then drains and shuts down.
func serveUntil(ctx context.Context, hs *http.Server, ln net.Listener, draining *atomic.Bool, drain time.Duration, log zerolog.Logger) error {
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
	log.Info().Dur("drain", drain).Msg("shutting down: /readyz answers 503; serving what is queued")
	select {
	case err := <-errc:
		return err
	case <-time.After(drain):
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
func startArrivals(ctx context.Context, wg *sync.WaitGroup, eng newsfind.Writer, log zerolog.Logger, watch string, feeds []string, feedsFile string, every time.Duration) (*arrive.Poller, error) {
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
