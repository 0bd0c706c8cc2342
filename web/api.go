package web

import (
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// searchTimeout bounds one search.
const searchTimeout = 10 * time.Second

func (s *Server) registerAPIRoutes(open, read, crossOrigin *mux.Router) {
	crossOrigin.Handle("/api/search", s.handle(s.handleSearch)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
	crossOrigin.Handle("/api/timeline", s.handle(s.handleTimeline)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
	crossOrigin.Handle("/api/compare", s.handle(s.handleCompare)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
	crossOrigin.Handle("/api/terms", s.handle(s.handleTerms)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
	crossOrigin.Handle("/api/stories/{id}", s.handle(s.handleStory)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
	crossOrigin.Handle("/api/articles/{id}", s.handle(s.handleArticle)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
	open.Handle("/healthz", s.handle(s.handleHealth)).Methods(http.MethodGet, http.MethodHead)
	open.Handle("/readyz", s.handle(s.handleReady)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/metrics", s.handle(s.handleMetrics)).Methods(http.MethodGet)
	crossOrigin.Handle("/api/openapi.json", s.handle(s.handleOpenAPI)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
}

// cors lets pages on other origins read the read-only API. The write and
// admin routes do not get it, so a browser never sends them a token from
// another site's page.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		if r.Method == http.MethodOptions {
			h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
			h.Set("Access-Control-Allow-Headers", "Authorization") // for a private server
			h.Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// handleSearch serves GET /api/search?q=&country=&commodity=&about_country=&about_commodity=&lineage=&source=&from=&to=&sort=&page=&size=&after=&facet_size=&distinct=
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	res, err := s.searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewSearchAnswer(res))
}

// handleArticle serves GET /api/articles/{id}
func (s *Server) handleArticle(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	id := mux.Vars(r)["id"]
	d, err := s.searcher.Document(ctx, id)
	if newsfind.ErrorCode(err) == newsfind.ENOTFOUND {
		return newsfind.Errorf(newsfind.ENOTFOUND, "no article with id %q", newsfind.Echo(id))
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewArticleAnswer(d))
}

// handleMetrics serves GET /metrics in Prometheus' text format.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler().ServeHTTP(w, r)
	return nil
}

// registerFeedRoute registers GET /api/feeds: what each polled feed last
// did, for an operator asking why articles stopped arriving.
func (s *Server) registerFeedRoute(r *mux.Router, feeds func() []newsfind.FeedStatus) {
	if feeds == nil {
		feeds = func() []newsfind.FeedStatus { return []newsfind.FeedStatus{} }
	}
	r.Handle("/api/feeds", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return writeJSON(w, http.StatusOK, wire.FeedsAnswer{Feeds: feeds()})
	})).Methods(http.MethodGet, http.MethodHead)
}

// handleHealth serves GET /healthz: the process is up and serving.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, wire.StatusAnswer{Status: "ok"})
}

// handleReady serves GET /readyz: the index is open, the store writable,
// and no background error has happened.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	if err := s.ready(); err != nil {
		return newsfind.Errorf(newsfind.EUNAVAILABLE, "not ready: %v", err)
	}
	return writeJSON(w, http.StatusOK, wire.StatusAnswer{Status: "ready"})
}
