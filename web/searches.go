package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// registerSearchRoutes registers the saved searches: keeping and
// changing them takes the token (they hold webhook URLs and secrets);
// their feeds and new matches are read as the server's reads are.
func (s *Server) registerSearchRoutes(read, write *mux.Router, saved newsfind.SavedSearches) {
	read.Handle("/api/feed.atom", s.handle(s.handleAdHocFeed)).Methods(http.MethodGet, http.MethodHead)
	if saved == nil {
		return
	}
	s.saved = saved
	write.Handle("/api/searches", s.handle(s.handleCreateSearch)).Methods(http.MethodPost)
	write.Handle("/api/searches", s.handle(s.handleListSearches)).Methods(http.MethodGet)
	write.Handle("/api/searches/{id}", s.handle(s.handleGetSearch)).Methods(http.MethodGet)
	write.Handle("/api/searches/{id}", s.handle(s.handlePutSearch)).Methods(http.MethodPut)
	write.Handle("/api/searches/{id}", s.handle(s.handleDeleteSearch)).Methods(http.MethodDelete)
	read.Handle("/api/searches/{id}/feed.atom", s.handle(s.handleSearchFeed)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/api/searches/{id}/new", s.handle(s.handleNewMatches)).Methods(http.MethodGet)
	s.registerSavedPages(read)
}

// handleCreateSearch serves POST /api/searches {"name","q",…,"webhook"}.
func (s *Server) handleCreateSearch(w http.ResponseWriter, r *http.Request) error {
	ss, err := wire.ParseSavedSearch(http.MaxBytesReader(w, r.Body, wire.MaxSavedSearchBody))
	if err != nil {
		return err
	}
	ss, err = s.saved.WriteSearch(r.Context(), newsfind.SearchWrite{Op: newsfind.SearchCreate, Search: ss})
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/searches/"+url.PathEscape(ss.ID))
	return writeJSON(w, http.StatusCreated, wire.NewSavedSearch(ss))
}

// handleListSearches serves GET /api/searches.
func (s *Server) handleListSearches(w http.ResponseWriter, r *http.Request) error {
	list, err := s.saved.ListSearches()
	if err != nil {
		return err
	}
	out := wire.SavedSearchList{Searches: make([]wire.SavedSearch, 0, len(list))}
	for _, ss := range list {
		out.Searches = append(out.Searches, wire.NewSavedSearch(ss))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleGetSearch serves GET /api/searches/{id}.
func (s *Server) handleGetSearch(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.saved.SavedSearch(mux.Vars(r)["id"])
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewSavedSearch(ss))
}

// handlePutSearch serves PUT /api/searches/{id}: the whole search again.
func (s *Server) handlePutSearch(w http.ResponseWriter, r *http.Request) error {
	ss, err := wire.ParseSavedSearch(http.MaxBytesReader(w, r.Body, wire.MaxSavedSearchBody))
	if err != nil {
		return err
	}
	ss.ID = mux.Vars(r)["id"]
	ss, err = s.saved.WriteSearch(r.Context(), newsfind.SearchWrite{Op: newsfind.SearchUpdate, Search: ss})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewSavedSearch(ss))
}

// handleDeleteSearch serves DELETE /api/searches/{id}.
func (s *Server) handleDeleteSearch(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	if _, err := s.saved.WriteSearch(r.Context(), newsfind.SearchWrite{Op: newsfind.SearchDelete, Search: newsfind.SavedSearch{ID: id}}); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleNewMatches serves GET /api/searches/{id}/new?since=&limit=: the
// matches recorded after the cursor, oldest first.
func (s *Server) handleNewMatches(w http.ResponseWriter, r *http.Request) error {
	since, limit, err := wire.ParseNew(r.URL.Query())
	if err != nil {
		return err
	}
	hits, err := s.saved.SearchHits(mux.Vars(r)["id"], since, limit)
	if err != nil {
		return err
	}
	if hits == nil {
		hits = []newsfind.SearchHit{}
	}
	return writeJSON(w, http.StatusOK, wire.NewMatches{Hits: hits, Next: wire.NextCursor(hits, since)})
}

// handleSearchFeed serves GET /api/searches/{id}/feed.atom.
func (s *Server) handleSearchFeed(w http.ResponseWriter, r *http.Request) error {
	if len(r.URL.Query()) > 0 {
		return newsfind.Errorf(newsfind.EINVALID, "a saved search's feed takes no parameters: its query is saved")
	}
	ss, err := s.saved.SavedSearch(mux.Vars(r)["id"])
	if err != nil {
		return err
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	res, err := s.searcher.Search(ctx, feedQuery(ss.Query))
	if err != nil {
		return err
	}
	return writeAtom(w, r, "urn:newsfind:search:"+url.PathEscape(ss.ID), ss.Name+" — newsfind", res, ss.Updated)
}

// handleAdHocFeed serves GET /api/feed.atom?q=&…: any query's feed.
func (s *Server) handleAdHocFeed(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseFeedQuery(r.URL.Query())
	if err != nil {
		return err
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	res, err := s.searcher.Search(ctx, feedQuery(q))
	if err != nil {
		return err
	}
	canon := wire.QueryValues(q).Encode()
	title := q.Text
	if title == "" {
		title = "every article"
	}
	// Undated matches carry the epoch: an ad-hoc query has no time of
	// its own to stand for them.
	return writeAtom(w, r, "urn:newsfind:query:"+canon, title+" — newsfind", res, time.Unix(0, 0))
}
