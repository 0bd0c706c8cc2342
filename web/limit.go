package web

import (
	"context"

	"github.com/newsfind/newsfind"
)

// limitedSearcher bounds concurrent searches: past the bound a search
// fails at once with EUNAVAILABLE (503 with Retry-After) instead of queueing
// behind the others until every request times out.
type limitedSearcher struct {
	newsfind.Searcher
	slots chan struct{}
}

func limitSearches(s newsfind.Searcher, n int) newsfind.Searcher {
	return &limitedSearcher{Searcher: s, slots: make(chan struct{}, n)}
}

func (l *limitedSearcher) acquire() (func(), error) {
	select {
	case l.slots <- struct{}{}:
		return func() { <-l.slots }, nil
	default:
		return nil, newsfind.Errorf(newsfind.EUNAVAILABLE, "too many searches at once; retry in a second")
	}
}

func (l *limitedSearcher) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Searcher.Search(ctx, q)
}

func (l *limitedSearcher) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	release, err := l.acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Searcher.Highlight(ctx, id, q)
}
