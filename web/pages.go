package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
)

// contentSecurityPolicy allows our own script and stylesheet only: no inline
// script, no inline handlers, no inline styles, no plug-ins, no framing.
// The script may fetch from this server (the results page's terms panel).
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (s *Server) registerPageRoutes(open, read *mux.Router) {
	read.Handle("/", s.handle(s.handleHomePage)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/search", s.handle(s.handleSearchPage)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/articles/{id}", s.handle(s.handleArticlePage)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/compare", s.handle(s.handleComparePage)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/compare.csv", s.handle(s.handleCompareCSV)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/timeline.csv", s.handle(s.handleTimelineCSV)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/terms", s.handle(s.handleTermsPage)).Methods(http.MethodGet, http.MethodHead)
	open.PathPrefix("/static/").Handler(s.staticHandler()).Methods(http.MethodGet, http.MethodHead)
}

// isPagePath reports whether path is one of the HTML pages, whose errors
// are answered with an HTML page whatever the Accept header says.
func isPagePath(path string) bool {
	return path == "/" || path == "/search" || path == "/compare" || path == "/terms" || strings.HasPrefix(path, "/articles/")
}

// wantsHTML reports whether an error for r should be an HTML page: a page
// route, or any non-API path asked for by a browser.
func wantsHTML(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
		return false
	}
	return isPagePath(r.URL.Path) || strings.Contains(r.Header.Get("Accept"), "text/html")
}

func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// render executes a page into a buffer first, so that a template error
// still gets a clean error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, v any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	setPageHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	buf.WriteTo(w) // the client went away; nothing to tell it
	return nil
}

// errorPage is the view of templates/error.html.
type errorPage struct {
	Title   string
	Status  int
	Code    string
	Message string
}

// renderErrorPage answers err as a friendly HTML page with its status.
func (s *Server) renderErrorPage(w http.ResponseWriter, st int, code, msg string) {
	title := http.StatusText(st)
	switch code {
	case newsfind.ENOTFOUND:
		title = "Not found"
	case newsfind.EINVALID:
		title = "That request did not work"
	}
	if err := s.render(w, st, "error", errorPage{Title: title, Status: st, Code: code, Message: msg}); err != nil {
		setPageHeaders(w.Header())
		http.Error(w, msg, st)
	}
}

func (s *Server) staticHandler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(s.static))
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if strings.HasSuffix(r.URL.Path, "/") {
			return newsfind.Errorf(newsfind.ENOTFOUND, "no such file: %s", newsfind.Echo(r.URL.Path))
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
		return nil
	})
}
