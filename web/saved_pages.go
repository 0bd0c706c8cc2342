package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// savedHitsShown is how many of each search's newest matches its page lists.
const savedHitsShown = 5

type savedPage struct {
	Title    string
	Searches []savedView
}

type savedView struct {
	ID, Name, Query, Link, Feed, New string
	Hits                             []savedHitView
}

type savedHitView struct {
	Title, Link, At string
}

type saveNewPage struct {
	Title, Name, Query, Back, FormToken string
	Params                              []param
}

type param struct{ Name, Value string }

// registerSavedPages registers the saved-search pages. Saving one asks for
// the token as a browser's Basic password, as a --private server's pages
// do; the form it posts carries a token derived from it, so that another
// site's page cannot post through credentials the browser remembers.
func (s *Server) registerSavedPages(read *mux.Router) {
	if s.saved == nil {
		return
	}
	read.Handle("/searches", s.handle(s.handleSavedPage)).Methods(http.MethodGet, http.MethodHead)
	token := s.router.NewRoute().Subrouter()
	token.Use(func(next http.Handler) http.Handler { return s.checkToken(next, true) })
	token.Handle("/searches/new", s.handle(s.handleSaveNewPage)).Methods(http.MethodGet)
	token.Handle("/searches", s.handle(s.handleSaveForm)).Methods(http.MethodPost)
}

// formToken is what the save form carries: only a page the token's holder
// was served has it.
func (s *Server) formToken() string {
	m := hmac.New(sha256.New, []byte(s.token))
	m.Write([]byte("newsfind save-search form"))
	return hex.EncodeToString(m.Sum(nil))
}

// saveLink is the results page's "Save this search" and its feed.
func (p *searchPage) saveLinks(can bool, q newsfind.Query) {
	if !can {
		return
	}
	v := savedValues(q)
	p.Save = "/searches/new?" + v.Encode()
	p.Feed = "/api/feed.atom?" + v.Encode()
}

// savedValues are the parameters of q a saved search keeps.
func savedValues(q newsfind.Query) url.Values {
	v := wire.QueryValues(q)
	for k := range v {
		if !slices.Contains(wire.SavedSearchParams, k) {
			delete(v, k)
		}
	}
	return v
}

// handleSaveNewPage serves GET /searches/new?q=&…: the form that names
// and saves the results' query.
func (s *Server) handleSaveNewPage(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseFeedQuery(r.URL.Query())
	if err != nil {
		return err
	}
	v := savedValues(q)
	p := saveNewPage{Title: "Save this search", Name: q.Text, Query: v.Encode(), Back: "/search?" + v.Encode(), FormToken: s.formToken()}
	if p.Name == "" {
		p.Name = "every article"
	}
	if qs, err := url.QueryUnescape(p.Query); err == nil {
		p.Query = qs
	}
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range v {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, val := range v[k] {
			p.Params = append(p.Params, param{k, val})
		}
	}
	return s.render(w, http.StatusOK, "savenew", p)
}

// handleSaveForm serves POST /searches from the save form.
func (s *Server) handleSaveForm(w http.ResponseWriter, r *http.Request) error {
	if site := r.Header.Get("Sec-Fetch-Site"); site != "" && site != "same-origin" {
		return newsfind.Errorf(newsfind.EUNAUTHORIZED, "a search is saved from this server's own page")
	}
	r.Body = http.MaxBytesReader(w, r.Body, wire.MaxSavedSearchBody)
	if err := r.ParseForm(); err != nil {
		return newsfind.Errorf(newsfind.EINVALID, "the form could not be read: %s", newsfind.Echo(err.Error()))
	}
	f := r.PostForm
	if !hmac.Equal([]byte(f.Get("form_token")), []byte(s.formToken())) {
		return newsfind.Errorf(newsfind.EUNAUTHORIZED, "the form is not one this server gave: open Save this search again")
	}
	name := f.Get("name")
	f.Del("form_token")
	f.Del("name")
	q, err := wire.ParseFeedQuery(f)
	if err != nil {
		return err
	}
	if _, err := s.saved.WriteSearch(r.Context(), newsfind.SearchWrite{Op: newsfind.SearchCreate,
		Search: newsfind.SavedSearch{Name: name, Query: q}}); err != nil {
		return err
	}
	http.Redirect(w, r, "/searches", http.StatusSeeOther)
	return nil
}

// handleSavedPage serves GET /searches: every saved search with its
// newest matches.
func (s *Server) handleSavedPage(w http.ResponseWriter, r *http.Request) error {
	list, err := s.saved.ListSearches()
	if err != nil {
		return err
	}
	p := savedPage{Title: "Saved searches"}
	for i := len(list) - 1; i >= 0; i-- { // newest first
		ss := list[i]
		v := savedValues(ss.Query)
		qs, _ := url.QueryUnescape(v.Encode())
		base := "/api/searches/" + url.PathEscape(ss.ID)
		sv := savedView{ID: ss.ID, Name: ss.Name, Query: strings.TrimSpace(qs), Link: "/search?" + v.Encode(), Feed: base + "/feed.atom", New: base + "/new"}
		hits, err := s.saved.LatestHits(ss.ID, savedHitsShown)
		if err != nil {
			return err
		}
		for _, h := range hits {
			title := h.Title
			if title == "" {
				title = h.Article
			}
			sv.Hits = append(sv.Hits, savedHitView{Title: title, Link: "/articles/" + url.PathEscape(h.Article), At: h.At.UTC().Format(time.DateTime)})
		}
		p.Searches = append(p.Searches, sv)
	}
	return s.render(w, http.StatusOK, "saved", p)
}
