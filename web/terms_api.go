package web

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"strings"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// handleTerms serves GET /api/terms: a search's parameters and size=,
// the words and phrases that set its matches apart.
//
// format=csv answers the same table as CSV (term,score,count,background),
// as the terms panel's download.
func (s *Server) handleTerms(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	format := strings.ToLower(strings.TrimSpace(v.Get("format")))
	v.Del("format")
	if format != "" && format != "json" && format != "csv" {
		return newsfind.Errorf(newsfind.EINVALID, "format=%s: give json or csv", newsfind.Echo(format))
	}
	q, err := wire.ParseTerms(v)
	if err != nil {
		return err
	}
	tm, ok := s.searcher.(newsfind.Termer)
	if !ok {
		return newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no terms")
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	t, err := tm.Terms(ctx, q)
	if err != nil {
		return err
	}
	if format == "csv" {
		return writeTermsCSV(w, q, t)
	}
	return writeJSON(w, http.StatusOK, wire.NewTermsAnswer(t))
}

// writeTermsCSV writes the terms table as a CSV download.
func writeTermsCSV(w http.ResponseWriter, q newsfind.TermsQuery, t *newsfind.Terms) error {
	var buf bytes.Buffer
	if err := wire.WriteTermsCSV(&buf, t); err != nil {
		return err
	}
	name := wire.ExportFilename(q.Query, wire.ExportOptions{Format: "csv"})
	name = strings.TrimSuffix(name, ".csv") + "-terms.csv"
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.WriteHeader(http.StatusOK)
	buf.WriteTo(w) // the client went away; nothing to tell it
	return nil
}

// handleStory serves GET /api/stories/{id}: a story's articles in order,
// its first outlet and its outlets per day.
func (s *Server) handleStory(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	sr, ok := s.searcher.(newsfind.StoryReader)
	if !ok {
		return newsfind.Errorf(newsfind.ENOTFOUND, "no story with id %q", newsfind.Echo(id))
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	st, err := sr.Story(ctx, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewStoryAnswer(st))
}

// Terms takes a search's slot: a match step, then a sample read from the
// store and analyzed.
func (l *limitedSearcher) Terms(ctx context.Context, q newsfind.TermsQuery) (*newsfind.Terms, error) {
	tm, ok := l.Searcher.(newsfind.Termer)
	if !ok {
		return nil, newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no terms")
	}
	release, err := l.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return tm.Terms(ctx, q)
}

// Story reads the story index and the catalog, in memory: it takes no
// search slot, as an article's page does not.
func (l *limitedSearcher) Story(ctx context.Context, id string) (*newsfind.Story, error) {
	sr, ok := l.Searcher.(newsfind.StoryReader)
	if !ok {
		return nil, newsfind.Errorf(newsfind.ENOTFOUND, "no story with id %q", newsfind.Echo(id))
	}
	return sr.Story(ctx, id)
}
