package client_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/web"
)

// blockingSearcher holds every search until release is closed.
type blockingSearcher struct {
	newsfind.Searcher
	started chan struct{}
	release chan struct{}
	once    sync.Once
}

func (b *blockingSearcher) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	b.once.Do(func() { close(b.started) })
	<-b.release
	return b.Searcher.Search(ctx, q)
}

// TestUnavailable: a server with its one search slot taken answers 503,
// which comes back as EUNAVAILABLE naming the limit.
func TestUnavailable(t *testing.T) {
	bs := &blockingSearcher{started: make(chan struct{}), release: make(chan struct{})}
	s := newSeedServer(t, web.Options{MaxSearches: 1, SearchQueueWait: 10 * time.Millisecond},
		func(inner newsfind.Searcher) newsfind.Searcher { bs.Searcher = inner; return bs })
	ctx := context.Background()
	done := make(chan error)
	go func() { _, err := s.client.Search(ctx, newsfind.Query{Text: "tariffs"}); done <- err }()
	<-bs.started
	_, err := s.client.Search(ctx, newsfind.Query{Text: "tariffs"})
	wantError(t, "second search", err, newsfind.EUNAVAILABLE, "max_concurrent_searches")
	close(bs.release)
	if err := <-done; err != nil {
		t.Errorf("first search: %v", err)
	}
}
