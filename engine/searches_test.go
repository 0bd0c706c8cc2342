package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

func openAlerts(t *testing.T, dir string, ao engine.AlertOptions) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), engine.Options{Dir: dir, Logger: zerolog.Nop(), Alerts: ao})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// waitHits waits for a saved search to have n hits and returns them.
func waitHits(t *testing.T, e *engine.Engine, id string, n int) []newsfind.SearchHit {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		hs, err := e.SearchHits(id, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) == n || time.Now().After(deadline) {
			if len(hs) != n {
				t.Fatalf("search %s has hits %v, want %d", id, hs, n)
			}
			return hs
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSavedSearchPercolation: a write that adds a matching article records
// it once in the search's list, in order; one that does not match records
// nothing; an update that no longer matches and a delete take it out; the
// searches and their hits survive a restart.
func TestSavedSearchPercolation(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e := openAlerts(t, dir, engine.AlertOptions{})
	oil, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate,
		Search: newsfind.SavedSearch{Name: "crude", Query: newsfind.Query{Text: "crude oil"}}})
	if err != nil {
		t.Fatal(err)
	}
	coffee, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate,
		Search: newsfind.SavedSearch{Name: "coffee in BR", Query: newsfind.Query{Text: "coffee", Countries: []string{"BR"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if oil.ID == "" || oil.ID == coffee.ID || oil.Secret == "" {
		t.Fatalf("ids %q %q, secret %q", oil.ID, coffee.ID, oil.Secret)
	}
	add := func(id, title, body string) {
		t.Helper()
		if _, err := e.Add(ctx, []newsfind.Article{{ID: id, Title: title, Body: body}}); err != nil {
			t.Fatal(err)
		}
	}
	add("a1", "Crude oil falls", "Crude oil prices fell in London.")
	add("a2", "Coffee in Brazil", "Brazil's coffee exports rose.")
	add("a3", "Coffee in Kenya", "Kenya's coffee exports rose.")
	add("a4", "More crude", "Crude oil rose again.")
	hs := waitHits(t, e, oil.ID, 2)
	if hs[0].Article != "a1" || hs[1].Article != "a4" || hs[0].Seq >= hs[1].Seq {
		t.Fatalf("crude hits %v, want a1 then a4", hs)
	}
	if hs := waitHits(t, e, coffee.ID, 1); hs[0].Article != "a2" {
		t.Fatalf("coffee hits %v, want a2 only", hs)
	}
	if later, _ := e.SearchHits(oil.ID, hs[0].Seq, 10); len(later) != 1 || later[0].Article != "a4" {
		t.Fatalf("hits after cursor %d: %v, want a4", hs[0].Seq, later)
	}
	// The same article sent again unchanged is no new match.
	add("a1", "Crude oil falls", "Crude oil prices fell in London.")
	add("a4", "More coffee", "Coffee rose again.") // no longer matches crude
	if _, err := e.Delete(ctx, []string{"a2"}); err != nil {
		t.Fatal(err)
	}
	waitHits(t, e, coffee.ID, 0)
	if hs := waitHits(t, e, oil.ID, 1); hs[0].Article != "a1" {
		t.Fatalf("crude hits %v after a4 changed, want a1", hs)
	}
	// Re-indexing rebuilds the index from the store; the store keeps
	// the saved searches and their hits.
	if err := e.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if hs := waitHits(t, e, oil.ID, 1); hs[0].Article != "a1" {
		t.Fatalf("after re-indexing crude hits %v", hs)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e = openAlerts(t, dir, engine.AlertOptions{})
	defer e.Close()
	list, err := e.ListSearches()
	if err != nil || len(list) != 2 || list[0].Name != "crude" || list[1].Query.Countries[0] != "BR" {
		t.Fatalf("after restart: %+v %v", list, err)
	}
	if hs := waitHits(t, e, oil.ID, 1); hs[0].Article != "a1" {
		t.Fatalf("after restart crude hits %v", hs)
	}
}

// TestSavedSearchRefusals: a query that does not run, a webhook that is
// not http(s) or points at this machine, a missing search and one over the
// bound are refused, with messages naming what is wrong.
func TestSavedSearchRefusals(t *testing.T) {
	ctx := context.Background()
	e := openAlerts(t, t.TempDir(), engine.AlertOptions{MaxSearches: 2})
	defer e.Close()
	create := func(ss newsfind.SavedSearch) error {
		_, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate, Search: ss})
		return err
	}
	for _, c := range []struct {
		ss   newsfind.SavedSearch
		want string
	}{
		{newsfind.SavedSearch{Name: "broken", Query: newsfind.Query{Text: `"unclosed phrase`}}, "query"},
		{newsfind.SavedSearch{Name: "", Query: newsfind.Query{Text: "oil"}}, "name"},
		{newsfind.SavedSearch{Name: "ftp", Query: newsfind.Query{Text: "oil"}, Webhook: "ftp://example.com/x"}, "http"},
		{newsfind.SavedSearch{Name: "self", Query: newsfind.Query{Text: "oil"}, Webhook: "http://127.0.0.1:8080/hook"}, "--webhook-hosts"},
		{newsfind.SavedSearch{Name: "local", Query: newsfind.Query{Text: "oil"}, Webhook: "http://localhost/hook"}, "--webhook-hosts"},
	} {
		err := create(c.ss)
		if newsfind.ErrorCode(err) != newsfind.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want an invalid error naming %q", c.ss, err, c.want)
		}
	}
	for range 2 {
		if err := create(newsfind.SavedSearch{Name: "ok", Query: newsfind.Query{Text: "oil"}}); err != nil {
			t.Fatal(err)
		}
	}
	err := create(newsfind.SavedSearch{Name: "one too many", Query: newsfind.Query{Text: "oil"}})
	if newsfind.ErrorLimit(err) != "max_saved_searches" {
		t.Errorf("third search with a bound of 2: %v", err)
	}
	if _, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchDelete, Search: newsfind.SavedSearch{ID: "99"}}); newsfind.ErrorCode(err) != newsfind.ENOTFOUND {
		t.Errorf("delete of a missing search: %v", err)
	}
}
