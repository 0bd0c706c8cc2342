package web

import (
	"context"
	"net/http"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// handleTerms serves GET /api/terms: a search's parameters and size=,
// the words and phrases that set its matches apart.
func (s *Server) handleTerms(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseTerms(r.URL.Query())
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
	return writeJSON(w, http.StatusOK, wire.NewTermsAnswer(t))
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
