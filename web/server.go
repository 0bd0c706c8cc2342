package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/gorilla/mux"
	"github.com/rs/zerolog"
	"github.com/rs/zerolog/hlog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/tagger"
	"github.com/newsfind/newsfind/wire"
)

// Options configure a Server.
type Options struct {
	Searcher newsfind.Searcher
	Logger   zerolog.Logger
	// Ready reports whether the server can answer; nil means always.
	Ready func() error
	// Writer takes articles in through POST /api/articles; nil disables
	// the write routes.
	Writer newsfind.Writer
	// Intake reads the bodies of POST /api/articles and writes them
	// through Writer (bounded by MaxWrites); needed with a Writer.
	Intake newsfind.Intake
	// Token guards the write and admin routes, and the read routes of a
	// Private server.
	Token string
	// Private closes the read routes (search, articles, pages, metrics,
	// the OpenAPI document) to requests without the token; /healthz,
	// /readyz and /static/ stay open for probes and the pages' styles.
	Private bool
	// Reindexer runs POST /api/reindex; nil disables the reindex routes.
	Reindexer newsfind.Reindexer
	// Deleter removes articles on DELETE /api/articles/{id} (with the
	// token); nil disables the route.
	Deleter newsfind.Deleter
	// Feeds reports the polled feeds on GET /api/feeds; nil: none.
	Feeds func() []newsfind.FeedStatus
	// MaxBody caps a write request's body; 0 means DefaultMaxBody.
	MaxBody int64
	// MaxArticles caps the articles of one write request; 0 means
	// DefaultMaxArticles.
	MaxArticles int
	// MaxSearches bounds concurrent searches; 0 means DefaultMaxSearches.
	// A search waits up to SearchQueueWait (0: DefaultSearchQueueWait)
	// for a slot before it gets a 503.
	MaxSearches     int
	SearchQueueWait time.Duration
	// MaxWrites bounds concurrent POST /api/articles writes; 0 means
	// DefaultMaxWrites. A write waits up to WriteQueueWait (0:
	// DefaultWriteQueueWait) for a slot, and at most MaxWriteQueue (0:
	// DefaultMaxWriteQueue) wait at once; the others get a 503 at once.
	MaxWrites      int
	WriteQueueWait time.Duration
	MaxWriteQueue  int
	// Metrics are reported on /metrics besides the server's own.
	Metrics []Metric
	// Names names country codes and commodity slugs on the pages (the API
	// answers the codes); nil means the tagger's vocabulary, the one the
	// engine tags with.
	Names Names
	// Exporter streams every match on GET /api/export, under the bound on
	// concurrent searches; nil disables the route.
	Exporter newsfind.Exporter
	// Cluster is the node of a cluster this server is (cluster.go); nil
	// for a single process.
	Cluster Cluster
	// Saved keeps the saved searches of /api/searches; nil disables them
	// (the ad-hoc feed /api/feed.atom stays).
	Saved newsfind.SavedSearches
}

// Names gives the display name of a tag value, "" when it knows none.
// *tagger.Tagger is one.
type Names interface {
	CountryName(code string) string
	CommodityLabel(slug string) string
}

// Server is newsfind's HTTP handler.
type Server struct {
	searcher newsfind.Searcher
	log      zerolog.Logger
	ready    func() error
	router   *mux.Router
	pages    pages // parsed templates, one set per page
	static   fs.FS // files served under /static/
	handler  http.Handler
	metrics  *metrics
	token    string
	private  bool
	errLog   *logLimiter
	names    Names
	// corpus is the searcher unbounded and uncounted, for the examples
	// the pages draw from the corpus (one search at a time, rarely).
	corpus       newsfind.Searcher
	exampleCache exampleCache
	exporter     newsfind.Exporter
	searchGate   *gate // the searches' bound, which exports share
	saved        newsfind.SavedSearches
}

// Defaults of the bound on concurrent searches: two cores gain nothing
// from more searches at once, and a short wait absorbs bursts.
const (
	DefaultMaxSearches     = 16
	DefaultSearchQueueWait = 2 * time.Second
)

// Defaults of the bound on concurrent writes. The engine commits the
// writes waiting for it as one group of up to 64, so 64 in flight fill a
// group; fewer cut groups short (under 200 clients, 4 in flight accepted
// 441 writes in 5 s, 64 accepted 777). The 2 s wait keeps every write
// answered well inside a client's timeout (accepted, or 503 to come
// back), and 64 more waiting bound the parsed bodies held meanwhile.
const (
	DefaultMaxWrites      = 64
	DefaultWriteQueueWait = 2 * time.Second
	DefaultMaxWriteQueue  = 64
)

// NewServer returns a server with every route registered.
func NewServer(opt Options) (*Server, error) {
	if opt.Writer != nil && opt.Intake == nil {
		return nil, errors.New("web: Options.Writer needs an Intake to read request bodies")
	}
	if opt.MaxSearches <= 0 {
		opt.MaxSearches = DefaultMaxSearches
	}
	if opt.SearchQueueWait <= 0 {
		opt.SearchQueueWait = DefaultSearchQueueWait
	}
	if opt.MaxWrites <= 0 {
		opt.MaxWrites = DefaultMaxWrites
	}
	if opt.WriteQueueWait <= 0 {
		opt.WriteQueueWait = DefaultWriteQueueWait
	}
	if opt.MaxWriteQueue <= 0 {
		opt.MaxWriteQueue = DefaultMaxWriteQueue
	}
	s := &Server{log: opt.Logger, ready: opt.Ready, router: mux.NewRouter(), token: opt.Token, private: opt.Private,
		errLog: newLogLimiter(time.Now)}
	if s.ready == nil {
		s.ready = func() error { return nil }
	}
	s.router.NotFoundHandler = s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return newsfind.Errorf(newsfind.ENOTFOUND, "no such page: %s", newsfind.Echo(r.URL.Path))
	})
	s.router.MethodNotAllowedHandler = s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return &newsfind.Error{Code: wire.MethodNotAllowed, Message: newsfind.Echo(r.Method) + " is not allowed on " + newsfind.Echo(r.URL.Path)}
	})
	var err error
	if s.metrics, err = newMetrics(opt.Metrics); err != nil {
		return nil, err
	}
	s.corpus, s.names = opt.Searcher, opt.Names
	if s.names == nil {
		// 8 ms and 0.3 MB, once per server.
		if s.names, err = tagger.New(); err != nil {
			return nil, err
		}
	}
	limited := limitSearches(opt.Searcher, opt.MaxSearches, opt.SearchQueueWait, s.metrics.searched)
	s.searcher, s.searchGate, s.exporter = limited, limited.gate, opt.Exporter
	s.router.Use(s.metrics.instrument)
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	if s.static, err = staticFS(); err != nil {
		return nil, err
	}
	s.registerRoutes(opt)
	// Outermost first: every request gets an id and an access log line
	// (with any token in the query redacted), requests no route should see
	// are refused, then a panic anywhere below is logged and answered as a
	// 500.
	s.handler = hlog.NewHandler(s.log)(
		hlog.RequestIDHandler("req_id", "X-Request-Id")(
			hlog.AccessHandler(func(r *http.Request, status, size int, d time.Duration) {
				hlog.FromRequest(r).Info().Str("method", r.Method).Str("url", redactedURI(r)).
					Int("status", status).Int("size", size).Dur("took", d).Msg("request")
			})(s.guardRequest(s.recoverPanics(s.router)))))
	return s, nil
}

// registerRoutes registers every route in the group of its guard, so
// that who may use a route is said once, where it is registered:
//   - open: the probes and the static files, always;
//   - read: open unless the server is private, then the token as Bearer
//     or as a browser's Basic password;
//   - crossOrigin: read routes that pages on other origins may use. CORS
//     wraps the read guard, so that a preflight, which never carries a
//     token, is answered on a private server too;
//   - write: the token as Bearer only, always (see authorized).
func (s *Server) registerRoutes(opt Options) {
	open := s.router.NewRoute().Subrouter()
	read := s.router.NewRoute().Subrouter()
	read.Use(s.readable)
	shared := s.router.NewRoute().Subrouter()
	shared.Use(cors)
	crossOrigin := shared.NewRoute().Subrouter()
	crossOrigin.Use(s.readable)
	write := s.router.NewRoute().Subrouter()
	write.Use(s.authorized)
	s.registerAPIRoutes(open, read, crossOrigin)
	s.registerExportRoute(crossOrigin)
	s.registerSearchRoutes(read, write, opt.Saved)
	s.registerFeedRoute(read, opt.Feeds)
	s.registerWriteRoutes(write, read, opt)
	s.registerPageRoutes(open, read)
	s.registerClusterRoutes(read, opt.Cluster)
}

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// recoverPanics turns a panic in a handler into a logged 500 with the
// usual error body, so one bad request cannot take the server down.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				hlog.FromRequest(r).Error().Interface("panic", v).Bytes("stack", debug.Stack()).Msg("handler panicked")
				s.writeError(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// handlerFunc is a handler that returns its error to one place, handle,
// which turns it into a status and a JSON body.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// How often writeError logs a 5xx of one code. A full disk is a state
// that lasts (and the engine reports it on /readyz), so a warning every
// few seconds says all there is; internal errors may differ from one
// another, so more of them get through.
const (
	noSpaceLogEvery  = 5 * time.Second
	internalLogEvery = 100 * time.Millisecond
)

// Retry-After, in seconds, by code: a busy server frees a slot within a
// second; freeing disk space takes an operator a while.
var retryAfter = map[string]string{newsfind.EUNAVAILABLE: "1", newsfind.ENOSPACE: "5"}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code := newsfind.ErrorCode(err)
	st := wire.Status(code)
	switch {
	case code == newsfind.ENOSPACE:
		if ok, held := s.errLog.allow(code, noSpaceLogEvery); ok {
			hlog.FromRequest(r).Warn().Err(err).Int("held_back", held).Msg("write refused: the disk is full")
		}
	case st >= 500 && code != newsfind.EUNAVAILABLE:
		if ok, held := s.errLog.allow(code, internalLogEvery); ok {
			hlog.FromRequest(r).Error().Err(err).Int("held_back", held).Msg("internal error")
		}
	}
	if ra, ok := retryAfter[code]; ok {
		w.Header().Set("Retry-After", ra)
	}
	if wantsHTML(r) {
		s.renderErrorPage(w, st, code, newsfind.ErrorMessage(err))
		return
	}
	writeJSON(w, st, wire.NewErrorBody(err))
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // highlights are already escaped; keep <mark> readable in curl
	return enc.Encode(v)
}

// requestContext bounds a request's work.
func requestContext(r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), d)
}
