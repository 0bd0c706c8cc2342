package index

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// TestCatalogSnapshotIsolation: a snapshot (what a search walks with, no
// lock held) never changes, whatever is written after it, and a write
// never waits for a search that holds one.
func TestCatalogSnapshotIsolation(t *testing.T) {
	c := NewCatalog()
	for i := range 3000 {
		c.Put(Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i), Title: "old"}, Passages: 2})
	}
	ords, es := c.Snapshot()

	done := make(chan struct{})
	go func() {
		defer close(done)
		// An update, then adds past a base merge.
		c.Put(Entry{Summary: newsfind.Summary{ID: "a7", Title: "new"}, Passages: 5})
		for i := 3000; i < 6000; i++ {
			c.Put(Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i), Title: "added"}, Passages: 1})
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a write waited for a snapshot")
	}

	if len(es) != 3000 || es[7].Title != "old" || es[7].Passages != 2 {
		t.Errorf("the snapshot's entries changed: %d entries, a7 %q/%d", len(es), es[7].Title, es[7].Passages)
	}
	if _, ok := ords.Get("a3500"); ok {
		t.Errorf("the snapshot's ordinals gained an article added after it")
	}
	if o, ok := ords.Get("a7"); !ok || o != 7 {
		t.Errorf("a7 in the snapshot: %d %v", o, ok)
	}
	ords2, es2 := c.Snapshot()
	if len(es2) != 6000 || es2[7].Title != "new" {
		t.Errorf("a new snapshot: %d entries, a7 %q", len(es2), es2[7].Title)
	}
	for _, id := range []string{"a0", "a2999", "a3000", "a5999"} {
		o, ok := ords2.Get(id)
		if !ok || es2[o].ID != id {
			t.Errorf("%s in the new snapshot: ordinal %d %v", id, o, ok)
		}
	}
	if c.Passages() != 2999*2+5+3000 {
		t.Errorf("passages: %d", c.Passages())
	}
}

// TestCatalogConcurrent runs snapshots and writes at once (for -race).
func TestCatalogConcurrent(t *testing.T) {
	c := NewCatalog()
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 5000 {
			c.Put(Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i%3000)}, Passages: i % 7})
		}
	})
	for range 2 {
		wg.Go(func() {
			for range 500 {
				ords, es := c.Snapshot()
				for i := range es {
					if o, ok := ords.Get(es[i].ID); !ok || int(o) != i {
						t.Errorf("entry %d (%s) has ordinal %d %v", i, es[i].ID, o, ok)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
