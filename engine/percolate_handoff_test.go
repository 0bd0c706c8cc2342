package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
)

// TestPercolationRidesWrites: under a stream of single writes, one after
// another, a percolation pass's record goes in a write's transaction, not
// in one of its own that the next write would wait for; only the pass
// after the stream ends records its own. Every match is recorded once.
// Every pass had its own transaction before.
func TestPercolationRidesWrites(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, Options{Dir: t.TempDir(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ss, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate,
		Search: newsfind.SavedSearch{Name: "crude", Query: newsfind.Query{Text: "crude oil"}}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	end := time.Now().Add(3 * percolateLag)
	for n := 1; time.Now().Before(end); n++ {
		a := newsfind.Article{ID: fmt.Sprintf("a%d", n), Title: fmt.Sprintf("Wheat report %d", n), Body: "Wheat prices held."}
		if n%3 == 0 {
			a.Title, a.Body = fmt.Sprintf("Crude report %d", n), "Crude oil prices rose."
			want[a.ID] = true
		}
		if _, err := e.Add(ctx, []newsfind.Article{a}); err != nil {
			t.Fatal(err)
		}
	}
	percolated(t, e)
	own, carried := e.perc.own.Load(), e.perc.carried.Load()
	if carried == 0 || own > 2 {
		t.Errorf("passes recorded in a write's transaction: %d, in their own: %d; want most in writes', at most 2 of their own (after the stream)", carried, own)
	}
	hs, err := e.SearchHits(ss.ID, 0, 100000)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range hs {
		if seen[h.Article] || !want[h.Article] {
			t.Errorf("hit %s: again, or not a match", h.Article)
		}
		seen[h.Article] = true
	}
	if len(seen) != len(want) {
		t.Errorf("%d of %d matches recorded", len(seen), len(want))
	}
	t.Logf("%d matches; passes recorded in writes' transactions %d, in their own %d", len(want), carried, own)
}
