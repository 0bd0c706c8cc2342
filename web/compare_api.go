package web

import (
	"context"
	"net/http"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// handleCompare serves GET /api/compare: q=A&q=B… under shared filters,
// each counted over the same buckets beside the filters' volume.
func (s *Server) handleCompare(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseCompare(r.URL.Query())
	if err != nil {
		return err
	}
	c, err := s.compare(r, q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.NewCompareAnswer(c))
}

func (s *Server) compare(r *http.Request, q newsfind.CompareQuery) (*newsfind.Comparison, error) {
	cp, ok := s.searcher.(newsfind.Comparer)
	if !ok {
		return nil, newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no comparisons")
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	return cp.Compare(ctx, q)
}

// Compare takes one search slot for all its match steps: the slots bound
// concurrent answers (memory), and a comparison's steps share its one
// answer's deadline.
func (l *limitedSearcher) Compare(ctx context.Context, q newsfind.CompareQuery) (*newsfind.Comparison, error) {
	cp, ok := l.Searcher.(newsfind.Comparer)
	if !ok {
		return nil, newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no comparisons")
	}
	release, err := l.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return cp.Compare(ctx, q)
}
