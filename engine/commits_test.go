package engine_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

// TestFollowCommits: a follower hears every stored change once, in commit
// order, with story ids and tags, numbered without gaps; an unchanged
// re-send is not a change; a delete is one; after stop, nothing more.
func TestFollowCommits(t *testing.T) {
	e, err := engine.Open(context.Background(), engine.Options{Dir: t.TempDir(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	var mu sync.Mutex
	var got []newsfind.Commit
	stop := e.Follow(func(c newsfind.Commit) {
		mu.Lock()
		got = append(got, c)
		mu.Unlock()
	})
	ctx := context.Background()
	// Writers at once: group commit may join them, the order must hold.
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 5 {
				a := newsfind.Article{ID: fmt.Sprintf("w%d-%d", w, i), Title: "Coffee in Brazil", Body: "Brazil's coffee exports rose."}
				if _, err := e.Add(ctx, []newsfind.Article{a}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if _, err := e.Add(ctx, []newsfind.Article{{ID: "w0-0", Title: "Coffee in Brazil", Body: "Brazil's coffee exports rose."}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Delete(ctx, []string{"w1-1"}); err != nil {
		t.Fatal(err)
	}
	wait := func(n int) []newsfind.Commit {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			c := append([]newsfind.Commit(nil), got...)
			mu.Unlock()
			var changed, deleted int
			for _, x := range c {
				changed += len(x.Changed)
				deleted += len(x.Deleted)
			}
			if changed+deleted >= n || time.Now().After(deadline) {
				return c
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	commits := wait(21)
	seen := map[string]int{}
	for i, c := range commits {
		if c.Seq != uint64(i+1) {
			t.Errorf("commit %d has seq %d", i, c.Seq)
		}
		for _, s := range c.Changed {
			seen[s.ID]++
			if s.StoryID == "" || len(s.Countries) == 0 || s.Countries[0] != "BR" {
				t.Errorf("%s: story %q countries %v", s.ID, s.StoryID, s.Countries)
			}
		}
	}
	if len(seen) != 20 {
		t.Errorf("%d articles heard of, want 20", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s heard of %d times (an unchanged re-send is no change)", id, n)
		}
	}
	last := commits[len(commits)-1]
	if len(last.Deleted) != 1 || last.Deleted[0] != "w1-1" {
		t.Errorf("last commit %+v, want the delete of w1-1", last)
	}
	stop()
	if _, err := e.Add(ctx, []newsfind.Article{{ID: "after", Title: "t", Body: "b"}}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(got) != len(commits) {
		t.Errorf("a stopped follower heard %d more commits", len(got)-len(commits))
	}
}
