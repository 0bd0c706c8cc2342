package search

import (
	"context"
	"reflect"
	"runtime"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestHalvesSameAsOne: a search whose walks are split over two
// goroutines answers what one goroutine answers: totals, facets, the
// page's hits with their scores, best passages and marks, and the whole
// order of the matches, in every class of query, both scopes, both sorts
// and with distinct=story.
func TestHalvesSameAsOne(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core: nothing to split over")
	}
	s := segmentedService(t)
	ctx := context.Background()
	queries := append([]newsfind.Query{
		{Text: "said"}, {Text: "oil"}, {Text: `"crude oil"`}, {Text: `"the acquisition"`}, {Text: "oil OR gas"},
		{Text: "mln dlrs"}, {Text: "bank*"}, {Text: "oil", Countries: []string{"US"}}, {Text: "pct", Sort: newsfind.SortDate},
		{Text: "oil prices", Scope: newsfind.ScopePassage}, {Text: "wheat", Distinct: newsfind.DistinctStory},
		{Text: "trade", CountOnly: true}, {Text: "country:JP"},
	}, articleScopeQueries...)
	split0 := s.columns.splits.Load()
	for _, q := range queries {
		q.Size = 20
		one, err := s.search(ctx, q, tuning{dense: denseShare, halves: halvesNever})
		if err != nil {
			t.Fatal(err)
		}
		two, err := s.search(ctx, q, tuning{dense: denseShare, halves: halvesAlways})
		if err != nil {
			t.Fatal(err)
		}
		if one.TotalArticles == 0 {
			t.Errorf("%+v: nothing matched; the test needs queries that match", q)
		}
		if one.TotalArticles != two.TotalArticles || one.TotalPassages != two.TotalPassages || one.TotalStories != two.TotalStories {
			t.Errorf("%+v: one goroutine %d articles, %d passages; two %d, %d", q,
				one.TotalArticles, one.TotalPassages, two.TotalArticles, two.TotalPassages)
		}
		if !reflect.DeepEqual(one.Facets, two.Facets) {
			t.Errorf("%+v: the facets differ", q)
		}
		if !reflect.DeepEqual(one.Hits, two.Hits) {
			t.Errorf("%+v: the hits differ", q)
		}
		q.CountOnly = false
		ma, mb := s.matchWith(t, q, tuning{dense: denseShare, halves: halvesNever}), s.matchWith(t, q, tuning{dense: denseShare, halves: halvesAlways})
		a, b := collectAll(ma), collectAll(mb)
		ma.Release()
		mb.Release()
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: the order of the %d matches differs", q, len(a))
		}
	}
	if s.columns.splits.Load() == split0 {
		t.Error("no walk was split")
	}
}

// TestHalvesOnlyWhenIdle: a search splits its walks only while no other
// search runs, so that concurrent clients keep every core for their own.
func TestHalvesOnlyWhenIdle(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core: nothing to split over")
	}
	s := &Service{columns: newColumnCache()}
	s.running.Store(1)
	if s.halves(tuning{}) != nil {
		t.Error("a search splits without WithIdleSplit")
	}
	s.splitIdle = true
	if s.halves(tuning{}) == nil {
		t.Error("a lone search may not split")
	}
	s.running.Store(2)
	if s.halves(tuning{}) != nil {
		t.Error("a search beside another may split")
	}
	if s.halves(tuning{halves: halvesNever}) != nil || s.halves(tuning{halves: halvesAlways}) == nil {
		t.Error("the tuning is not followed")
	}
}
