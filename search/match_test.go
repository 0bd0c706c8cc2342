package search

import (
	"context"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/tagger"
)

// countedService indexes arts into a service of its own (no other test
// searches it, so its walks are this test's) whose article store counts
// its reads.
func countedService(t *testing.T, arts []newsfind.Article, opts ...Option) (*Service, *atomic.Int64) {
	t.Helper()
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	cat := index.NewCatalog()
	docs := make([]newsfind.Document, len(arts))
	byID := make(map[string]newsfind.Article, len(arts))
	for i, a := range arts {
		docs[i] = index.Prepare(tg, a)
		cat.Put(index.EntryOf(&docs[i]))
		byID[a.ID] = a
	}
	if err := x.Write(docs, nil); err != nil {
		t.Fatal(err)
	}
	var reads atomic.Int64
	s, err := New(index.NewCurrent(x), cat, tg, func(id string) (newsfind.Article, bool, error) {
		reads.Add(1)
		a, ok := byID[id]
		return a, ok, nil
	}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return s, &reads
}

// TestCountOnly: size=0 answers the totals and facets size=10 answers,
// with no hits, no cursor, and no article read from the store.
func TestCountOnly(t *testing.T) {
	s, reads := countedService(t, reutersArticles(t, 2000))
	ctx := context.Background()
	for _, q := range []newsfind.Query{
		{Text: "oil"},
		{},
		{Text: "oil prices", Distinct: newsfind.DistinctStory},
		{Text: `"crude oil" OR gas`, Scope: newsfind.ScopePassage, Sort: newsfind.SortDate},
		{Text: "bank -rates", Countries: []string{"US"}},
	} {
		reads.Store(0)
		q0 := q
		q0.CountOnly = true
		zero, err := s.Search(ctx, q0)
		if err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); n != 0 {
			t.Errorf("%+v: size=0 read %d articles from the store", q, n)
		}
		full, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if full.TotalArticles <= 10 || len(full.Hits) == 0 || reads.Load() == 0 {
			t.Fatalf("%+v: %d articles, %d hits, %d reads: too few to tell", q, full.TotalArticles, len(full.Hits), reads.Load())
		}
		if len(zero.Hits) != 0 || zero.Next != "" {
			t.Errorf("%+v: size=0 answered %d hits, next %q", q, len(zero.Hits), zero.Next)
		}
		if zero.Hits == nil {
			t.Errorf("%+v: size=0 hits are null, want []", q)
		}
		if zero.TotalArticles != full.TotalArticles || zero.TotalPassages != full.TotalPassages || zero.TotalStories != full.TotalStories ||
			!reflect.DeepEqual(zero.Facets, full.Facets) || !reflect.DeepEqual(zero.Warnings, full.Warnings) {
			t.Errorf("%+v: size=0 totals %d/%d/%d, size=10 %d/%d/%d, or their facets differ", q,
				zero.TotalArticles, zero.TotalPassages, zero.TotalStories, full.TotalArticles, full.TotalPassages, full.TotalStories)
		}
	}
	for _, q := range []newsfind.Query{{Text: "oil", CountOnly: true, Page: 2}, {Text: "oil", CountOnly: true, After: "x"}} {
		if _, err := s.Search(ctx, q); newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Errorf("%+v: %v, want EINVALID", q, err)
		}
	}
}
