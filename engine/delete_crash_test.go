package engine

import (
	"context"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
)

// TestDeleteCrashBeforeIndex: a process that dies after the store removed
// an article but before the index did leaves a pending mark; the next
// start removes the article's passages, so the index is whole again and
// no search finds it.
func TestDeleteCrashBeforeIndex(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e, err := Open(ctx, Options{Dir: dir, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	arts := []newsfind.Article{
		{ID: "a", URL: "https://example.com/a", Title: "Zinc smelter", Source: "Wire", Body: "The zinc smelter closed.\n\nWorkers were sent home."},
		{ID: "b", URL: "https://example.com/b", Title: "Tin mine", Source: "Wire", Body: "The tin mine reopened."},
	}
	if _, err := e.Add(ctx, arts); err != nil {
		t.Fatal(err)
	}
	// The store's half of Delete, and then the crash.
	if _, err := e.store.Delete([]string{"a"}); err != nil {
		t.Fatal(err)
	}
	e.Close()

	e, err = Open(ctx, Options{Dir: dir, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	c, err := e.Counts()
	if err != nil || c.Stored != 1 || c.Catalog != 1 || c.Passages != c.WantPassages {
		t.Errorf("after the restart: %+v %v; want 1 article and the index whole", c, err)
	}
	if e.damage.get() != nil {
		t.Errorf("the restart found the index damaged (%v): it should have caught up", e.damage.get())
	}
	r, err := e.Searcher().Search(ctx, newsfind.Query{Text: "zinc"})
	if err != nil || r.TotalArticles != 0 {
		t.Errorf("zinc after the restart: %v %v", r, err)
	}
}
