package web

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind"
)

// gate admits a bounded number of callers at once. A caller that finds it
// full waits a moment for a slot, and past that fails with EUNAVAILABLE
// (503 with Retry-After) naming the limit, instead of queueing until every
// request times out. maxQueue, when not 0, also bounds how many wait: a
// waiting write holds its parsed body, so the queue is memory too.
type gate struct {
	slots    chan struct{}
	wait     time.Duration
	maxQueue int64
	queued   atomic.Int64
	err      *newsfind.Error
}

func newGate(n int, wait time.Duration, maxQueue int, limit, what string) *gate {
	return &gate{
		slots: make(chan struct{}, n), wait: wait, maxQueue: int64(maxQueue),
		err: newsfind.LimitErrorf(newsfind.EUNAVAILABLE, limit,
			"too many %s at once (%s: %d in flight, %v wait); retry in a second", what, limit, n, wait),
	}
}

func (g *gate) acquire(ctx context.Context) (func(), error) {
	release := func() { <-g.slots }
	select {
	case g.slots <- struct{}{}:
		return release, nil
	default:
	}
	if n := g.queued.Add(1); g.maxQueue > 0 && n > g.maxQueue {
		g.queued.Add(-1)
		return nil, g.err
	}
	defer g.queued.Add(-1)
	t := time.NewTimer(g.wait)
	defer t.Stop()
	select {
	case g.slots <- struct{}{}:
		return release, nil
	case <-t.C:
	case <-ctx.Done():
	}
	return nil, g.err
}

// limitedSearcher bounds concurrent searches, so that a burst cannot run
// the machine out of memory.
// It also counts searches by result, since every search passes here.
type limitedSearcher struct {
	newsfind.Searcher
	gate     *gate
	searched func(error)
}

func limitSearches(s newsfind.Searcher, n int, wait time.Duration, searched func(error)) *limitedSearcher {
	return &limitedSearcher{Searcher: s, gate: newGate(n, wait, 0, "max_concurrent_searches", "searches"), searched: searched}
}

func (l *limitedSearcher) Search(ctx context.Context, q newsfind.Query) (res *newsfind.Result, err error) {
	defer func() {
		if v := recover(); v != nil {
			l.searched(errors.New("panic")) // counted as internal, then on to the recovery middleware
			panic(v)
		}
		l.searched(err)
	}()
	release, err := l.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Searcher.Search(ctx, q)
}

func (l *limitedSearcher) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	release, err := l.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Searcher.Highlight(ctx, id, q)
}

// limitedWriter bounds concurrent writes. The engine takes one group of
// writes at a time, so writes past a group in flight only wait inside it:
// under 200 clients the median ingest took 15–18 s and one in ten hit the
// client's 30 s timeout. Past the bound, writes are told at once to come
// back.
type limitedWriter struct {
	newsfind.Writer
	gate *gate
}

func limitWrites(w newsfind.Writer, n int, wait time.Duration, maxQueue int) newsfind.Writer {
	return &limitedWriter{Writer: w, gate: newGate(n, wait, maxQueue, "max_concurrent_writes", "writes")}
}

// writeBudget is how long a write may wait in the engine's queue, from
// when it joins it (after the gate's wait, and after its body was parsed
// and its articles prepared, which is work done for it, not waiting) to
// the start of its commit; the engine withdraws it, unstored, then. A
// commit under way is never cut short, so a write is answered within the
// gate's wait, its own preparing, writeBudget and one commit.
const writeBudget = 3 * time.Second

func (l *limitedWriter) Add(ctx context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	release, err := l.gate.acquire(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return l.Writer.Add(newsfind.WithQueueWait(ctx, writeBudget), arts)
}

// capParagraphs refuses, before anything is stored, a write of more
// paragraphs than max: the work of a write grows with them.
type capParagraphs struct {
	newsfind.Writer
	max int
}

func (c capParagraphs) Add(ctx context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	n := 0
	for i := range arts {
		n++ // the title
		for line := range strings.Lines(arts[i].Body) {
			if strings.TrimSpace(line) != "" {
				n++
			}
		}
		if n > c.max {
			return nil, newsfind.LimitErrorf(newsfind.ETOOLARGE, "max_paragraphs_per_request",
				"the request has more than %d paragraphs (max_paragraphs_per_request): nothing was stored; send the articles in several requests", c.max)
		}
	}
	return c.Writer.Add(ctx, arts)
}
