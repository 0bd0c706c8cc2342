package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestTermsBackgroundFollowsWrites: a distinctive term's background (its
// passages in the whole collection, kept between answers by catalog
// state) counts an article added or deleted after the last question.
func TestTermsBackgroundFollowsWrites(t *testing.T) {
	day := func(d string) time.Time { v, _ := time.Parse(newsfind.DateLayout, d); return v }
	art := func(id, title, body string) newsfind.Article {
		return newsfind.Article{ID: id, URL: "https://example.com/" + id, Title: title, Body: body, Source: "Example", Published: day("2025-01-06")}
	}
	arts := []newsfind.Article{
		art("a", "Cocoa grindings rose in Europe", "Cocoa grindings in Europe rose in the first quarter, the association said.\n\nGrindings in Germany were steady."),
		art("b", "Cocoa grindings fell in Asia", "Asian cocoa grindings fell as processors cut output.\n\nTraders had expected grindings to rise."),
	}
	for i, topic := range []string{"Wheat harvest", "Copper output", "Oil prices", "Bank rates", "Car sales", "Steel exports"} {
		arts = append(arts, art(string(rune('c'+i)), topic+" report", topic+" were reported by the ministry.\n\n"+topic+" are watched by analysts."))
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	ctx := context.Background()
	tm := eng.Searcher().(newsfind.Termer)
	background := func() int {
		t.Helper()
		got, err := tm.Terms(ctx, newsfind.TermsQuery{Query: newsfind.Query{Text: "cocoa"}})
		if err != nil {
			t.Fatal(err)
		}
		var shown []string
		for _, term := range got.Terms {
			if strings.EqualFold(term.Term, "grindings") {
				return term.Background
			}
			shown = append(shown, term.Term)
		}
		t.Fatalf("grindings is not among cocoa's terms: %v", shown)
		return 0
	}
	// Titles are passages: each cocoa article has grindings in three.
	if n := background(); n != 6 {
		t.Fatalf("before: grindings in %d passages, want 6", n)
	}
	background() // asked again: now from the kept counts
	if _, err := eng.Add(ctx, []newsfind.Article{art("z", "Coffee report", "Coffee grindings in Hamburg were lower, roasters said.")}); err != nil {
		t.Fatal(err)
	}
	if n := background(); n != 7 {
		t.Errorf("after an add: grindings in %d passages, want 7", n)
	}
	if _, err := eng.Delete(ctx, []string{"z"}); err != nil {
		t.Fatal(err)
	}
	if n := background(); n != 6 {
		t.Errorf("after a delete: grindings in %d passages, want 6", n)
	}
}
