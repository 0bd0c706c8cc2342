package search_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestReusedMatchSets: searches reuse their match sets, and no search
// sees what an earlier one matched, whatever it was (another query, article
// scope, stories, a set shortened by a deleted article).
func TestReusedMatchSets(t *testing.T) {
	var arts []newsfind.Article
	for i := range 60 {
		body := fmt.Sprintf("Wheat exports rose %d percent.\n\nCopper mines were shut by a strike.", i)
		if i%3 == 0 {
			body = fmt.Sprintf("Copper prices fell %d percent in London.", i)
		}
		arts = append(arts, newsfind.Article{ID: fmt.Sprintf("a%02d", i), Title: fmt.Sprintf("Report %d", i),
			Body: body, Source: "Wire", Published: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)})
	}
	e := enginetest.Open(t, enginetest.Articles(arts))
	s := e.Searcher()
	ctx := context.Background()
	search := func(q newsfind.Query) *newsfind.Result {
		t.Helper()
		q.Size = 100
		r, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	summary := func(r *newsfind.Result) string {
		s := fmt.Sprintf("%d articles %d passages %d stories:", r.TotalArticles, r.TotalPassages, r.TotalStories)
		for _, h := range r.Hits {
			s += fmt.Sprintf(" %s/%d/%.6f", h.ID, h.MatchedPassages, h.Score)
		}
		return s
	}
	queries := []newsfind.Query{
		{Text: "copper"},
		{Text: "wheat strike", Scope: newsfind.ScopeArticle},
		{Text: "wheat strike", Scope: newsfind.ScopePassage},
		{Text: "copper", Distinct: newsfind.DistinctStory},
		{Text: "prices"},
	}
	first := map[int]string{}
	for i, q := range queries {
		first[i] = summary(search(q))
	}
	for round := range 3 {
		for i := len(queries) - 1; i >= 0; i-- {
			if got := summary(search(queries[i])); got != first[i] {
				t.Errorf("round %d, %+v:\n  now   %s\n  first %s", round, queries[i], got, first[i])
			}
		}
	}
	// A deleted article shortens a set's list of articles; the next
	// searches must still start from nothing.
	if _, err := e.Delete(ctx, []string{"a00", "a01"}); err != nil {
		t.Fatal(err)
	}
	copper := search(newsfind.Query{Text: "copper"})
	for range 3 {
		if r := search(newsfind.Query{Text: "copper"}); summary(r) != summary(copper) {
			t.Errorf("copper after a delete: %s, then %s", summary(copper), summary(r))
		}
		if r := search(newsfind.Query{Text: "prices"}); r.TotalArticles != 19 {
			t.Errorf("prices after deleting a00: %d articles, want 19", r.TotalArticles)
		}
	}
}
