package engine

import (
	"context"
	"sync"

	"github.com/newsfind/newsfind"
)

// commitFeed hands commits to followers in commit order, outside the
// write lock: a write publishes under the lock (which fixes the order)
// and returns; one goroutine delivers. With no follower nothing is kept.
type commitFeed struct {
	mu        sync.Mutex
	wake      chan struct{} // one pending wake-up for the delivering goroutine
	seq       uint64
	queue     []newsfind.Commit
	followers map[int]newsfind.CommitFollower
	nextID    int
}

func newCommitFeed() *commitFeed {
	return &commitFeed{wake: make(chan struct{}, 1), followers: map[int]newsfind.CommitFollower{}}
}

// publish numbers c and queues it for the followers; the caller holds the
// write lock.
func (f *commitFeed) publish(c newsfind.Commit) {
	f.mu.Lock()
	f.seq++
	c.Seq = f.seq
	if len(f.followers) > 0 {
		f.queue = append(f.queue, c)
	}
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// follow adds fn; the returned function removes it.
func (f *commitFeed) follow(fn newsfind.CommitFollower) (stop func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := f.nextID
	f.nextID++
	f.followers[id] = fn
	return func() {
		f.mu.Lock()
		delete(f.followers, id)
		f.mu.Unlock()
	}
}

// run delivers queued commits until ctx ends.
func (f *commitFeed) run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		}
		for {
			f.mu.Lock()
			if len(f.queue) == 0 {
				f.mu.Unlock()
				break
			}
			c := f.queue[0]
			f.queue = f.queue[1:]
			fns := make([]newsfind.CommitFollower, 0, len(f.followers))
			for _, fn := range f.followers {
				fns = append(fns, fn)
			}
			f.mu.Unlock()
			for _, fn := range fns {
				fn(c)
			}
		}
	}
}

// Follow calls fn with every commit from now on (articles created,
// updated or deleted), in commit order, outside the write lock; stop ends
// it. Delivery runs after the write has answered, so a follower sees a
// commit shortly after its writer does.
func (e *Engine) Follow(fn newsfind.CommitFollower) (stop func()) { return e.commits.follow(fn) }
