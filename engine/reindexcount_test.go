package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/newsfind/newsfind/engine"
)

// TestReindexTotalFollowsDeletes: articles deleted while a re-index runs
// leave its reported total at once, those it has written and those it
// has not reached alike, and it ends with done equal to that total.
func TestReindexTotalFollowsDeletes(t *testing.T) {
	e := open(t, t.TempDir())
	const n = 3000
	add(t, e, articles("base", n)...)
	start := checkCounts(t, e).Stored

	rx := engine.NewReindexer(context.Background(), e)
	first := make(chan struct{})
	cont := make(chan struct{})
	errs := make(chan error, 1)
	go func() {
		calls := 0
		errs <- rx.Run(context.Background(), func(done, total int) {
			if calls++; calls == 2 { // one batch written, most of the rest not
				close(first)
				<-cont
			}
		})
	}()
	<-first
	// The first written and the last, not yet reached.
	ids := []string{"base-0", "base-1", fmt.Sprintf("base-%d", n-1), fmt.Sprintf("base-%d", n-2)}
	done := make(chan error, 1)
	go func() { _, err := e.Delete(context.Background(), ids); done <- err }()
	// Delete reports through the same progress, which the rebuild holds
	// until cont: let it go once the delete is under way.
	close(cont)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	st := rx.ReindexStatus()
	if st.Running && st.Total != start-len(ids) {
		t.Errorf("during the re-index, after %d deletes: total %d, want %d", len(ids), st.Total, start-len(ids))
	}
	if err := <-errs; err != nil {
		t.Fatal(err)
	}
	st = rx.ReindexStatus()
	if st.Total != start-len(ids) || st.Done != st.Total {
		t.Errorf("at the end: done %d, total %d; want both %d", st.Done, st.Total, start-len(ids))
	}
}
