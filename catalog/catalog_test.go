package catalog

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
		c.Put(Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i), Title: "old", Countries: []string{"US"}}, Passages: 2})
	}
	ves := c.View()
	ords, es := ves.Ords, ves.Entries

	done := make(chan struct{})
	go func() {
		defer close(done)
		// An update, then adds past a base merge.
		c.Put(Entry{Summary: newsfind.Summary{ID: "a7", Title: "new", Countries: []string{"JP", "KZ"}}, Passages: 5})
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
	countries, _, _ := c.FacetValues()
	names := func(v View, o int32) (out []string) {
		cs, _, _, _ := v.Tags(&v.Facets[o])
		for _, id := range cs {
			out = append(out, countries[id])
		}
		return out
	}
	if got := names(ves, 7); len(got) != 1 || got[0] != "US" {
		t.Errorf("the snapshot's facets of a7 changed: %q", got)
	}
	if got := names(c.View(), 7); len(got) != 2 || got[0] != "JP" || got[1] != "KZ" {
		t.Errorf("a new view's facets of a7: %q", got)
	}
	if _, ok := ords.Get("a3500"); ok {
		t.Errorf("the snapshot's ordinals gained an article added after it")
	}
	if o, ok := ords.Get("a7"); !ok || o != 7 {
		t.Errorf("a7 in the snapshot: %d %v", o, ok)
	}
	ves2 := c.View()
	ords2, es2 := ves2.Ords, ves2.Entries
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
				ves := c.View()
				ords, es := ves.Ords, ves.Entries
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

// TestCatalogViewAfterAppend: a write that only appends leaves a view's
// arrays shared, so the next write that replaces must still copy them; and
// a write that only replaces leaves its ids map shared, so the next add
// must still copy that.
func TestCatalogViewAfterAppend(t *testing.T) {
	c := NewCatalog()
	for i := range 10 {
		c.Put(Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i), Title: "old", Countries: []string{"US"}}})
	}
	v := c.View()
	c.Put(Entry{Summary: newsfind.Summary{ID: "b0"}})                                                            // appends only
	c.Put(Entry{Summary: newsfind.Summary{ID: "a3", Title: "new", Countries: []string{"JP", "KZ", "GB", "FR"}}}) // replaces
	if v.Entries[3].Title != "old" {
		t.Errorf("a view's entry was written in place: %q", v.Entries[3].Title)
	}
	if cs, _, _, _ := v.Tags(&v.Facets[3]); len(cs) != 1 {
		t.Errorf("a view's facets were written in place: %d countries", len(cs))
	}

	v = c.View()
	c.Put(Entry{Summary: newsfind.Summary{ID: "a4", Title: "new"}}) // replaces only
	c.Put(Entry{Summary: newsfind.Summary{ID: "b1"}})               // adds
	if _, ok := v.Ords.Get("b1"); ok {
		t.Errorf("a view's ids gained an article added after it")
	}
}

// TestCatalogTagsCompacted: replacing every article again and again (as a
// re-index does) keeps the tag array near what the rows use, and neither
// the new view nor one taken before a compaction loses an article's tags.
func TestCatalogTagsCompacted(t *testing.T) {
	c := NewCatalog()
	put := func(round int) {
		var es []Entry
		for i := range 2000 {
			cs := []string{"US", "GB"}
			if (i+round)%2 == 0 {
				cs = []string{"JP"}
			}
			es = append(es, Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i), Countries: cs}})
		}
		c.Put(es...)
	}
	put(0)
	old := c.View()
	for round := 1; round <= 20; round++ {
		put(round)
	}
	countries, _, _ := c.FacetValues()
	check := func(v View, round int) {
		t.Helper()
		for o := range v.Facets {
			cs, _, _, _ := v.Tags(&v.Facets[o])
			want := 2
			if (o+round)%2 == 0 {
				want = 1
			}
			if len(cs) != want || (want == 1 && countries[cs[0]] != "JP") {
				t.Fatalf("round %d, article %d: countries %v", round, o, cs)
			}
		}
	}
	check(old, 0)
	check(c.View(), 20)
	if len(c.tags) > 2*c.liveTags+4096 || c.liveTags != 3000 {
		t.Errorf("tag array %d ids for %d live", len(c.tags), c.liveTags)
	}
}
