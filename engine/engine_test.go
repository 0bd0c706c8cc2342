package engine_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/seeds"
)

func open(t *testing.T, dir string) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), engine.Options{Dir: dir, Logger: zerolog.Nop(), Seeds: seeds.Articles})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func search(t *testing.T, e *engine.Engine, q string) *newsfind.Result {
	t.Helper()
	r, err := e.Searcher().Search(context.Background(), newsfind.Query{Text: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return r
}

func add(t *testing.T, e *engine.Engine, arts ...newsfind.Article) []newsfind.Outcome {
	t.Helper()
	outs, err := e.Add(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	return outs
}

func checkCounts(t *testing.T, e *engine.Engine) engine.Counts {
	t.Helper()
	c, err := e.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if c.Stored != c.Catalog || c.Passages != c.WantPassages {
		t.Errorf("store, catalog and index disagree: %+v", c)
	}
	return c
}

func TestSeeds(t *testing.T) {
	e := open(t, t.TempDir())
	defer e.Close()
	want, _ := seeds.Articles()
	if c := checkCounts(t, e); c.Stored != len(want) {
		t.Errorf("stored %d, want the %d seeds", c.Stored, len(want))
	}
	if r := search(t, e, "fentanyl tariff"); r.TotalArticles != 1 {
		t.Errorf("seed not searchable: %d", r.TotalArticles)
	}
}

// TestSeedsOnlyIntoNewStore: the seeds go into a data directory that has
// no article store yet, never into one that has a store, even an empty
// one (started with --seeds=false, or emptied by its user).
func TestSeedsOnlyIntoNewStore(t *testing.T) {
	dir := t.TempDir()
	e, err := engine.Open(context.Background(), engine.Options{Dir: dir, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	if c := checkCounts(t, e); c.Stored != 0 {
		t.Errorf("opened without seeds: %d articles", c.Stored)
	}
	e.Close()
	e = open(t, dir)
	defer e.Close()
	if c := checkCounts(t, e); c.Stored != 0 {
		t.Errorf("an existing empty store got %d articles, want no seeds", c.Stored)
	}
}

func TestUpdateSemantics(t *testing.T) {
	dir := t.TempDir()
	e := open(t, dir)
	a := newsfind.Article{URL: "https://example.com/a?utm_source=feed", Title: "Copper smelter", Source: "Wire",
		Body: "Zambia opened a copper smelter.\n\nThe plant cost four hundred million dollars.\n\nOfficials praised it."}
	outs := add(t, e, a)
	if outs[0].Status != newsfind.StatusCreated {
		t.Fatalf("first: %+v", outs[0])
	}
	id := outs[0].ID
	if r := search(t, e, "smelter"); len(r.Hits) != 1 || r.Hits[0].Passages[1].Text != "Zambia opened a copper smelter." {
		t.Fatalf("first text: %+v", r.Hits)
	}
	if outs := add(t, e, a); outs[0].Status != newsfind.StatusUnchanged || outs[0].ID != id {
		t.Errorf("same again: %+v", outs[0])
	}
	// Only tracking parameters differ: the same article.
	b := a
	b.URL = "https://example.com/a?utm_medium=x#top"
	if outs := add(t, e, b); outs[0].Status != newsfind.StatusUnchanged || outs[0].ID != id {
		t.Errorf("same URL without tracking: %+v", outs[0])
	}
	// A shorter changed body: updated, old passages gone, none duplicated.
	c := a
	c.Body = "Zambia opened a copper smelter near Kitwe."
	if outs := add(t, e, c); outs[0].Status != newsfind.StatusUpdated {
		t.Errorf("changed body: %+v", outs[0])
	}
	if r := search(t, e, "million dollars"); r.TotalArticles != 0 {
		t.Errorf("old passage still indexed")
	}
	if r := search(t, e, "smelter"); r.TotalArticles != 1 || r.TotalPassages != 2 {
		t.Errorf("smelter: %d articles, %d passages; want 1 and 2 (title + body)", r.TotalArticles, r.TotalPassages)
	}
	// The hit shows the new text, marked, though the old one was shown
	// (and kept for the next page) before.
	if r := search(t, e, "smelter"); len(r.Hits) != 1 || len(r.Hits[0].Passages) != 2 ||
		r.Hits[0].Passages[1].Highlight != "Zambia opened a copper <mark>smelter</mark> near Kitwe." {
		t.Errorf("after the update the hit shows %+v", r.Hits)
	}
	hl, err := e.Searcher().Highlight(context.Background(), id, newsfind.Query{Text: "Kitwe"})
	if err != nil || len(hl) != 2 || hl[1].Highlight != "Zambia opened a copper smelter near <mark>Kitwe</mark>." {
		t.Errorf("article page after the update: %+v %v", hl, err)
	}
	// Given metadata adds tags to what the tagger finds.
	d := c
	d.Countries = []string{"KZ"}
	d.Commodities = []string{"uranium"}
	if outs := add(t, e, d); outs[0].Status != newsfind.StatusUpdated {
		t.Errorf("metadata change: %+v", outs[0])
	}
	r := search(t, e, "Kitwe")
	if r.TotalArticles != 1 || !contains(r.Hits[0].Countries, "KZ") || !contains(r.Hits[0].Countries, "ZM") || !contains(r.Hits[0].Commodities, "uranium") {
		t.Errorf("tags: %+v", r.Hits)
	}
	checkCounts(t, e)
	// All of it survives a restart.
	e.Close()
	e = open(t, dir)
	defer e.Close()
	if r := search(t, e, "Kitwe"); r.TotalArticles != 1 {
		t.Errorf("after restart: %d", r.TotalArticles)
	}
	checkCounts(t, e)
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestSecondOpenFailsFast(t *testing.T) {
	dir := t.TempDir()
	e := open(t, dir)
	defer e.Close()
	start := time.Now()
	_, err := engine.Open(context.Background(), engine.Options{Dir: dir, Logger: zerolog.Nop(), LockTimeout: 2 * time.Second})
	took := time.Since(start)
	if !errors.Is(err, engine.ErrLocked) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "newsfind serve") {
		t.Errorf("second open: %v", err)
	}
	if took > 3*time.Second {
		t.Errorf("second open took %v", took)
	}
}

func TestToken(t *testing.T) {
	dir := t.TempDir()
	tok, path, err := engine.Token(dir, "")
	if err != nil || len(tok) != 64 || path == "" {
		t.Fatalf("generated: %q %q %v", tok, path, err)
	}
	if info, err := osStat(path); err != nil || info&0o077 != 0 {
		t.Errorf("token file mode %o, %v: want 0600", info, err)
	}
	again, _, err := engine.Token(dir, "")
	if err != nil || again != tok {
		t.Errorf("second start: %q, want the same token", again)
	}
	given, p, err := engine.Token(dir, "from-env")
	if err != nil || given != "from-env" || p != "" {
		t.Errorf("given: %q %q %v", given, p, err)
	}
}

func articles(prefix string, n int) []newsfind.Article {
	arts := make([]newsfind.Article, n)
	for i := range arts {
		arts[i] = newsfind.Article{ID: fmt.Sprintf("%s-%d", prefix, i), Title: fmt.Sprintf("Report %d on grain", i), Source: "Test",
			Body: fmt.Sprintf("Wheat shipments rose in week %d.\n\nBarley prices held steady, traders said.\n\nMarker %s%d.", i, prefix, i)}
	}
	return arts
}
