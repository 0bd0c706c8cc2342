package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

// TestApplySearchesAlikeOnEveryNode: two nodes apply the same log, one
// entry at a time and in one run, with a saved search created, changed
// and a matching article deleted in between. Both end with the same
// saved searches under the same ids and the same hits under the same
// numbers (a ?since= cursor means the same on both), and an article
// applied before the search's query changed was matched by the old one.
func TestApplySearchesAlikeOnEveryNode(t *testing.T) {
	ctx := context.Background()
	art := func(id, body string) newsfind.Article {
		return newsfind.Article{ID: id, Title: "Wire " + id, Body: body}
	}
	type step struct {
		search *newsfind.SearchWrite
		arts   []newsfind.Article
		del    []string
	}
	create := func(name, q string) *newsfind.SearchWrite {
		return &newsfind.SearchWrite{Op: newsfind.SearchCreate, Search: newsfind.SavedSearch{Name: name, Query: newsfind.Query{Text: q}}}
	}
	log := []step{
		{arts: []newsfind.Article{art("a0", "Copper prices rose before anyone watched.")}},
		{search: create("copper", "copper")},
		// Out of id order: a run is percolated in id order.
		{arts: []newsfind.Article{art("a3", "Copper stocks grew in Rotterdam."), art("a2", "Tin rose in Bolivia."), art("a1", "Copper output fell in Chile.")}},
		{search: create("tin", "tin")},
		{arts: []newsfind.Article{art("a4", "Tin and copper both fell.")}},
		{del: []string{"a3"}},
		{search: &newsfind.SearchWrite{Op: newsfind.SearchUpdate, Search: newsfind.SavedSearch{ID: "1", Name: "zinc", Query: newsfind.Query{Text: "zinc"}}}},
		{arts: []newsfind.Article{art("a5", "Copper again, and zinc.")}},
	}
	apply := func(e *engine.Engine, oneRun bool) string {
		t.Helper()
		seq := uint64(0)
		for _, s := range log {
			switch {
			case s.search != nil:
				seq++
				w, err := e.AcceptSearch(*s.search)
				if err != nil {
					t.Fatal(err)
				}
				if _, refused, err := e.ApplySearch(ctx, seq, w); err != nil || refused != nil {
					t.Fatalf("ApplySearch %d: %v %v", seq, refused, err)
				}
			case s.del != nil:
				seq++
				if _, err := e.ApplyDelete(ctx, seq, s.del); err != nil {
					t.Fatal(err)
				}
			case oneRun:
				var at []uint64
				for range s.arts {
					seq++
					at = append(at, seq)
				}
				if _, err := e.ApplyAt(ctx, seq, s.arts, at); err != nil {
					t.Fatal(err)
				}
			default:
				for _, a := range s.arts {
					seq++
					if _, err := e.ApplyAt(ctx, seq, []newsfind.Article{a}, []uint64{seq}); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
		list, err := e.ListSearches()
		if err != nil {
			t.Fatal(err)
		}
		out := ""
		for _, ss := range list {
			hits, err := e.SearchHits(ss.ID, 0, 100)
			if err != nil {
				t.Fatal(err)
			}
			out += fmt.Sprintf("%s %s seq=%d:", ss.ID, ss.Name, ss.Seq)
			for _, h := range hits {
				out += fmt.Sprintf(" %d=%s", h.Seq, h.Article)
			}
			out += "\n"
		}
		return out
	}
	a := openApply(t, t.TempDir(), nil)
	defer a.Close()
	b := openApply(t, t.TempDir(), nil)
	defer b.Close()
	got, other := apply(a, false), apply(b, true)
	if got != other {
		t.Errorf("the nodes differ:\none entry at a time:\n%s\nin runs:\n%s", got, other)
	}
	// Entries: 1 a0, 2 "copper" created, 3-5 a3 a2 a1, 6 "tin" created, 7
	// a4, 8 a3 deleted, 9 search 1 changed to "zinc", 10 a5. Search 1
	// matched a1 and a4 as "copper" (a0 came before it, a3 was deleted)
	// and a5 as "zinc"; "tin" matched a4 alone (a2 came before it).
	want := "1 zinc seq=9: 5=a1 7=a4 10=a5\n2 tin seq=6: 7=a4\n"
	if got != want {
		t.Errorf("hits:\n%s\nwant:\n%s", got, want)
	}
}
