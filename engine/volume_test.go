package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestVolumeFollowsWrites: a timeline's and a comparison's totals (the
// collection's volume, cached by catalog state) count an article added or
// deleted after the last question.
func TestVolumeFollowsWrites(t *testing.T) {
	day := func(d string) time.Time { v, _ := time.Parse(newsfind.DateLayout, d); return v }
	art := func(id, body, d string) newsfind.Article {
		return newsfind.Article{ID: id, URL: "https://example.com/" + id, Title: "A report " + id, Body: body, Source: "Example", Published: day(d)}
	}
	eng := enginetest.Open(t, enginetest.Articles([]newsfind.Article{
		art("a", "Cocoa prices rose in Abidjan.", "2025-01-06"),
		art("b", "Coffee was steady in Santos.", "2025-01-07"),
	}))
	ctx := context.Background()
	svc := eng.Searcher()
	tl, cp := svc.(newsfind.Timeliner), svc.(newsfind.Comparer)
	totals := func() (timeline, compared, collection int) {
		t.Helper()
		got, err := tl.Timeline(ctx, newsfind.TimelineQuery{Query: newsfind.Query{Text: "cocoa"}, Interval: newsfind.IntervalMonth})
		if err != nil || len(got.Buckets) != 1 {
			t.Fatalf("timeline: %+v, %v", got, err)
		}
		c, err := cp.Compare(ctx, newsfind.CompareQuery{Texts: []string{"cocoa", "coffee"}, Query: newsfind.Query{}, Interval: newsfind.IntervalMonth})
		if err != nil || len(c.Series[0].Buckets) != 1 {
			t.Fatalf("compare: %+v, %v", c, err)
		}
		return got.Buckets[0].Total, c.Series[0].Buckets[0].Total, c.Collection
	}
	if a, b, n := totals(); a != 2 || b != 2 || n != 2 {
		t.Fatalf("before: totals %d and %d of %d, want 2 and 2 of 2", a, b, n)
	}
	if _, err := eng.Add(ctx, []newsfind.Article{art("c", "Sugar cane harvest began.", "2025-01-20")}); err != nil {
		t.Fatal(err)
	}
	if a, b, n := totals(); a != 3 || b != 3 || n != 3 {
		t.Errorf("after an add: totals %d and %d of %d, want 3 and 3 of 3", a, b, n)
	}
	if _, err := eng.Delete(ctx, []string{"b", "c"}); err != nil {
		t.Fatal(err)
	}
	if a, b, n := totals(); a != 1 || b != 1 || n != 1 {
		t.Errorf("after a delete: totals %d and %d of %d, want 1 and 1 of 1", a, b, n)
	}
}
