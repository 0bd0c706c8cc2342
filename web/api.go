package web

import (
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
)

// searchTimeout bounds one search.
const searchTimeout = 10 * time.Second

func (s *Server) registerAPIRoutes(open, read, crossOrigin *mux.Router) {
	crossOrigin.Handle("/api/search", s.handle(s.handleSearch)).Methods(http.MethodGet, http.MethodHead, http.MethodOptions)
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

// searchJSON is the /api/search answer.
type searchJSON struct {
	TotalArticles int             `json:"total_articles"`
	TotalPassages int             `json:"total_passages"`
	TookMS        float64         `json:"took_ms"`
	Hits          []hitJSON       `json:"hits"`
	Facets        newsfind.Facets `json:"facets"`
	Next          string          `json:"next,omitempty"`
	Warnings      []string        `json:"warnings"`
	Expanded      string          `json:"expanded,omitempty"`
	TotalStories  int             `json:"total_stories,omitempty"`
}

type hitJSON struct {
	newsfind.Hit
	// Published is YYYY-MM-DD, or null for an undated article.
	Published *string `json:"published"`
	// CopyIDs are the ids of the hit's story's other articles (distinct=story).
	CopyIDs []string `json:"copies,omitempty"`
	// About is always there, its lists never null, though an article
	// stored before about tags existed has none until it is re-indexed.
	About tagSetJSON `json:"about"`
}

// tagSetJSON is a newsfind.TagSet with lists, never nulls.
type tagSetJSON struct {
	Countries   []string `json:"countries"`
	Commodities []string `json:"commodities"`
}

func tagSet(t newsfind.TagSet) tagSetJSON {
	out := tagSetJSON{Countries: t.Countries, Commodities: t.Commodities}
	if out.Countries == nil {
		out.Countries = []string{}
	}
	if out.Commodities == nil {
		out.Commodities = []string{}
	}
	return out
}

// copyIDs lists the ids of copies.
func copyIDs(cs []newsfind.Copy) []string {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}

func published(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(newsfind.DateLayout)
	return &s
}

// handleSearch serves GET /api/search?q=&country=&commodity=&about_country=&about_commodity=&lineage=&source=&from=&to=&sort=&page=&size=&after=&facet_size=&distinct=
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := parseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	res, err := s.searcher.Search(ctx, q)
	if err != nil {
		return err
	}
	out := searchJSON{
		TotalArticles: res.TotalArticles,
		TotalPassages: res.TotalPassages,
		TookMS:        float64(res.Took.Microseconds()) / 1000,
		Hits:          make([]hitJSON, len(res.Hits)),
		Facets:        res.Facets,
		Next:          res.Next,
		Warnings:      res.Warnings,
		Expanded:      res.Expanded,
		TotalStories:  res.TotalStories,
	}
	if out.Warnings == nil {
		out.Warnings = []string{} // a Searcher other than search's may leave it nil
	}
	for i, h := range res.Hits {
		out.Hits[i] = hitJSON{Hit: h, Published: published(h.Published), About: tagSet(h.About), CopyIDs: copyIDs(h.Copies)}
	}
	return writeJSON(w, http.StatusOK, out)
}

type articleJSON struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	URL       string  `json:"url"`
	Source    string  `json:"source"`
	Byline    string  `json:"byline,omitempty"`
	Section   string  `json:"section,omitempty"`
	Lang      string  `json:"lang,omitempty"`
	Published *string `json:"published"`
	DateNote  string  `json:"date_note,omitempty"`
	Dateline  string  `json:"dateline,omitempty"`
	// Countries and Commodities are what the article mentions; About is
	// what it is about.
	Countries   []string           `json:"countries"`
	Commodities []string           `json:"commodities"`
	About       tagSetJSON         `json:"about"`
	Passages    []newsfind.Passage `json:"passages"`
	// StoryID is the article's story; Copies the ids of its other
	// articles (the canonical one first), CopiesDetail the same with their
	// titles, sources and days. Copies is [] when the story has no other.
	StoryID      string          `json:"story_id,omitempty"`
	Copies       []string        `json:"copies"`
	CopiesDetail []newsfind.Copy `json:"copies_detail,omitempty"`
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
	return writeJSON(w, http.StatusOK, articleJSON{
		ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source, Byline: d.Byline, Section: d.Section, Lang: d.Lang,
		Published: published(d.Published), DateNote: d.DateNote, Dateline: d.Dateline,
		Countries: d.Countries, Commodities: d.Commodities, About: tagSet(d.About), Passages: d.Passages,
		StoryID: d.StoryID, Copies: append([]string{}, copyIDs(d.Copies)...), CopiesDetail: d.Copies,
	})
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
		return writeJSON(w, http.StatusOK, map[string][]newsfind.FeedStatus{"feeds": feeds()})
	})).Methods(http.MethodGet, http.MethodHead)
}

// handleHealth serves GET /healthz: the process is up and serving.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady serves GET /readyz: the index is open, the store writable,
// and no background error has happened.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) error {
	if err := s.ready(); err != nil {
		return newsfind.Errorf(newsfind.EUNAVAILABLE, "not ready: %v", err)
	}
	return writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}
