package web

import (
	"context"
	"net/http"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// handleTimeline serves GET /api/timeline: a search's parameters and
// interval=, the matches counted per bucket beside the same filters'
// volume.
func (s *Server) handleTimeline(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseTimeline(r.URL.Query())
	if err != nil {
		return err
	}
	tl, ok := s.searcher.(newsfind.Timeliner)
	if !ok {
		return newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no timelines")
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	t, err := tl.Timeline(ctx, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewTimelineAnswer(t))
}

// Timeline takes a search's slot: it runs one or two match steps, as
// costly as a search's.
func (l *limitedSearcher) Timeline(ctx context.Context, q newsfind.TimelineQuery) (*newsfind.Timeline, error) {
	tl, ok := l.Searcher.(newsfind.Timeliner)
	if !ok {
		return nil, newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no timelines")
	}
	release, err := l.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return tl.Timeline(ctx, q)
}
