package engine_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// TestQueueWait: a write's wait is counted from the queue. On an idle
// engine a big write whose preparing alone outlasts its queue wait is
// stored; a write that waits in the queue behind a commit past its wait
// is withdrawn unstored, answered EUNAVAILABLE, and counted in no ingest
// counter (it was not tried), while the write ahead of it is counted once.
func TestQueueWait(t *testing.T) {
	e := open(t, t.TempDir())
	big := articles("big", 3000)
	start := time.Now()
	outs, err := e.Add(newsfind.WithQueueWait(context.Background(), time.Millisecond), big)
	if err != nil {
		t.Fatalf("idle engine, %v of preparing and committing: %v", time.Since(start), err)
	}
	if n := tally(outs).Created; n != len(big) {
		t.Fatalf("created %d of %d", n, len(big))
	}
	before := e.Ingested()

	// Hold the queue with a long commit, then queue a small write behind it.
	var wg sync.WaitGroup
	wg.Go(func() {
		if _, err := e.Add(context.Background(), articles("slow", 4000)); err != nil {
			t.Errorf("the write ahead: %v", err)
		}
	})
	var backedUp bool
	for range 200 {
		time.Sleep(5 * time.Millisecond)
		_, err := e.Add(newsfind.WithQueueWait(context.Background(), time.Millisecond), articles("late", 1))
		if err != nil {
			if newsfind.ErrorCode(err) != newsfind.EUNAVAILABLE {
				t.Fatalf("withdrawn write: %v", err)
			}
			backedUp = true
			break
		}
	}
	wg.Wait()
	if !backedUp {
		t.Skip("no write had to wait behind the 4,000-article commit (a very fast machine)")
	}
	after := e.Ingested()
	if after.Failed != before.Failed {
		t.Errorf("a withdrawn write counted as failed: %d -> %d", before.Failed, after.Failed)
	}
	if got := after.Created - before.Created; got != 4000 && got != 4001 {
		t.Errorf("created counted %d times for the 4,000 ahead", got)
	}
}

func tally(outs []newsfind.Outcome) newsfind.Tally {
	var t newsfind.Tally
	for _, o := range outs {
		t.Add(o)
	}
	return t
}
