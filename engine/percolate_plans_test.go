package engine

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
)

// percolated waits until no written article waits to be matched.
func percolated(t *testing.T, e *Engine) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		busy, err := e.Percolating()
		if err != nil {
			t.Fatal(err)
		}
		if !busy {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("written articles still wait to be matched after 10 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func hitIDs(t *testing.T, e *Engine, id string) []string {
	t.Helper()
	hs, err := e.SearchHits(id, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hs {
		out = append(out, h.Article)
	}
	return out
}

// TestPercolationPlansOnce: a saved query is planned once, not once a
// pass: four writes, each matched in a pass of its own, plan each of 20
// plain queries once. A query whose plan reads its batch (a prefix word,
// a source filter) is planned each pass, and still matches. A query
// written anew (PUT) is planned again and matched as it now reads; a
// deleted one's plan goes. Every pass planned all of them before.
func TestPercolationPlansOnce(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, Options{Dir: t.TempDir(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	save := func(q newsfind.Query) newsfind.SavedSearch {
		t.Helper()
		ss, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate, Search: newsfind.SavedSearch{Name: "s", Query: q}})
		if err != nil {
			t.Fatal(err)
		}
		return ss
	}
	words := []string{"coffee", "cocoa", "sugar", "wheat", "corn", "gold", "silver", "copper", "oil", "gas",
		"bank", "rates", "yen", "dollar", "trade", "deficit", "merger", "profit", "loss", "strike"}
	plain := map[string]newsfind.SavedSearch{}
	for _, w := range words {
		plain[w] = save(newsfind.Query{Text: w})
	}
	prefix := save(newsfind.Query{Text: "coff*"})
	source := save(newsfind.Query{Text: "prices", Sources: []string{"wire"}})
	bound := 2 // planned every pass

	arts := []newsfind.Article{
		{ID: "a1", Title: "Coffee prices rise", Body: "Coffee prices rose in Brazil.", Source: "Wire"},
		{ID: "a2", Title: "Gold falls", Body: "Gold fell against the dollar.", Source: "Desk"},
		{ID: "a3", Title: "Sugar output", Body: "Sugar prices held.", Source: "Wire"},
		{ID: "a4", Title: "Yen strike", Body: "A strike hit yen trade.", Source: "Desk"},
	}
	base := e.perc.plans.Planned()
	for _, a := range arts {
		if _, err := e.Add(ctx, []newsfind.Article{a}); err != nil {
			t.Fatal(err)
		}
		percolated(t, e)
	}
	if got, want := e.perc.plans.Planned()-base, len(words)+bound*len(arts); got != want {
		t.Errorf("%d plans made over %d passes of %d saved queries; want %d (each plain query once, the %d that read their batch each pass)",
			got, len(arts), len(words)+bound, want, bound)
	}
	for w, want := range map[string]string{"coffee": "a1", "gold": "a2", "dollar": "a2", "sugar": "a3", "yen": "a4", "strike": "a4"} {
		if got := hitIDs(t, e, plain[w].ID); len(got) != 1 || got[0] != want {
			t.Errorf("%s: hits %v, want [%s]", w, got, want)
		}
	}
	if got := hitIDs(t, e, prefix.ID); fmt.Sprint(got) != "[a1]" {
		t.Errorf("coff*: hits %v, want [a1]", got)
	}
	if got := hitIDs(t, e, source.ID); fmt.Sprint(got) != "[a1 a3]" {
		t.Errorf("prices from Wire: hits %v, want [a1 a3]", got)
	}

	// "cocoa" now reads "silver", and "copper" is deleted.
	upd := plain["cocoa"]
	upd.Query = newsfind.Query{Text: "silver"}
	if _, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchUpdate, Search: upd}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchDelete, Search: newsfind.SavedSearch{ID: plain["copper"].ID}}); err != nil {
		t.Fatal(err)
	}
	base = e.perc.plans.Planned()
	if _, err := e.Add(ctx, []newsfind.Article{{ID: "a5", Title: "Silver and cocoa", Body: "Silver rose, and so did cocoa and copper."}}); err != nil {
		t.Fatal(err)
	}
	percolated(t, e)
	if got, want := e.perc.plans.Planned()-base, 1+bound; got != want {
		t.Errorf("after one search changed: %d plans made, want %d", got, want)
	}
	if got := hitIDs(t, e, upd.ID); fmt.Sprint(got) != "[a5]" {
		t.Errorf("the search changed to silver: hits %v, want [a5]", got)
	}
	if got := hitIDs(t, e, plain["silver"].ID); fmt.Sprint(got) != "[a5]" {
		t.Errorf("silver: hits %v, want [a5]", got)
	}
	if got, want := e.perc.plans.Kept(), len(words)-1; got != want {
		t.Errorf("%d plans kept, want %d (one search deleted, the two that read their batch not kept)", got, want)
	}
}

// TestPercolationFormsPerBatch: a kept plan asks each batch's index again
// whether a quoted word's form is all of its stem's passages. "corning"
// alone in the first batch is (the filter on the form is left out); in
// the next, "corn" is not "corning", and an answer kept from the first
// batch would match it.
func TestPercolationFormsPerBatch(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, Options{Dir: t.TempDir(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ss, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate,
		Search: newsfind.SavedSearch{Name: "Corning", Query: newsfind.Query{Text: `"corning"`}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []newsfind.Article{
		{ID: "glass", Title: "Corning results", Body: "Corning said its glass sales rose."},
		{ID: "grain", Title: "Corn harvest", Body: "The corn harvest was large."},
		{ID: "glass2", Title: "Corning again", Body: "Corning raised its dividend."},
	} {
		if _, err := e.Add(ctx, []newsfind.Article{a}); err != nil {
			t.Fatal(err)
		}
		percolated(t, e)
	}
	if got := hitIDs(t, e, ss.ID); fmt.Sprint(got) != "[glass glass2]" {
		t.Errorf(`"corning": hits %v, want [glass glass2]`, got)
	}
}
