package engine

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
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

// TestStoriesBackfill: a data directory written before stories gets them
// at its next start, the earliest article naming each story.
func TestStoriesBackfill(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e, err := Open(ctx, Options{Dir: dir, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	body := "The zinc smelter at Avonmouth closed on Friday after 60 years, its owner Commonwealth Smelting said, and 400 workers were sent home.\n\nThe company said prices of 1,050 dlrs a tonne no longer covered its costs."
	day := func(s string) time.Time { d, _ := time.Parse(newsfind.DateLayout, s); return d }
	arts := []newsfind.Article{
		{ID: "late", URL: "https://example.com/late", Title: "Copy", Source: "Herald", Published: day("1987-03-02"), Body: "From the wire.\n\n" + body},
		{ID: "early", URL: "https://example.com/early", Title: "Zinc", Source: "Wire", Published: day("1987-03-01"), Body: body},
	}
	if _, err := e.Add(ctx, arts); err != nil {
		t.Fatal(err)
	}
	// As a store from before stories has them: none.
	if err := e.store.SetStories([]store.StoryOf{{ID: "late"}, {ID: "early"}}); err != nil {
		t.Fatal(err)
	}
	e.Close()
	e, err = Open(ctx, Options{Dir: dir, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, id := range []string{"late", "early"} {
		d, err := e.Searcher().Document(ctx, id)
		if err != nil || d.StoryID != "early" {
			t.Errorf("%s after the backfill: story %q (%v), want early", id, d.StoryID, err)
		}
	}
	r, err := e.Searcher().Search(ctx, newsfind.Query{Text: "zinc", Distinct: newsfind.DistinctStory})
	if err != nil || r.TotalStories != 1 {
		t.Errorf("distinct after the backfill: %+v %v", r, err)
	}
}
