package web

import (
	"context"
	"errors"
	"time"

	"github.com/newsfind/newsfind"
)

// limitedSearcher bounds concurrent searches, so that a burst cannot run
// the machine out of memory: a search waits a moment for a slot, and past
// that fails with EUNAVAILABLE (503 with Retry-After) instead of queueing
// until every request times out.
// It also counts searches by result, since every search passes here.
type limitedSearcher struct {
	newsfind.Searcher
	slots    chan struct{}
	wait     time.Duration
	searched func(error)
}

func limitSearches(s newsfind.Searcher, n int, wait time.Duration, searched func(error)) newsfind.Searcher {
	return &limitedSearcher{Searcher: s, slots: make(chan struct{}, n), wait: wait, searched: searched}
}

func (l *limitedSearcher) acquire(ctx context.Context) (func(), error) {
	release := func() { <-l.slots }
	select {
	case l.slots <- struct{}{}:
		return release, nil
	default:
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return release, nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, newsfind.LimitErrorf(newsfind.EUNAVAILABLE, "max_concurrent_searches", "too many searches at once (max_concurrent_searches); retry in a second")
}

func (l *limitedSearcher) Search(ctx context.Context, q newsfind.Query) (res *newsfind.Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			l.searched(errors.New("panic")) // counted as internal, then on to the recovery middleware
			panic(v)
		}
		l.searched(err)
	}()
	release, err := l.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Searcher.Search(ctx, q)
}

func (l *limitedSearcher) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	release, err := l.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Searcher.Highlight(ctx, id, q)
}
