package search

import (
	"context"
	"path/filepath"
	"reflect"
	"sync/atomic"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/internal/corpus"
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
	cat := catalog.NewCatalog()
	docs := make([]newsfind.Document, len(arts))
	byID := make(map[string]newsfind.Article, len(arts))
	for i, a := range arts {
		docs[i] = derive.Prepare(tg, a)
		cat.Put(catalog.EntryOf(&docs[i]))
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

// TestStreamOneWalk: streaming every oil article from the match step walks
// the index once, where paging through them with sort-key cursors (no
// pins) walks it once a page; both give the same articles in the same
// order, with the scores the pages show.
func TestStreamOneWalk(t *testing.T) {
	corpus.Long(t)
	// MaxBytes 1: no answer is pinned, every cursor is a sort key.
	s, reads := countedService(t, reutersArticles(t, 6000), WithCursors(CursorOptions{MaxBytes: 1}))
	ctx := context.Background()
	for _, q := range []newsfind.Query{{Text: "oil"}, {Text: "oil", Sort: newsfind.SortDate}} {
		w0 := s.Walks()
		reads.Store(0)
		m, err := s.Match(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var streamed []string
		var scores []float64
		for h := range m.All() {
			streamed = append(streamed, h.Entry.ID)
			scores = append(scores, h.Score)
		}
		total := m.Articles()
		m.Release()
		if walks := s.Walks() - w0; walks != 1 {
			t.Errorf("%+v: streaming %d articles walked the index %d times, want 1", q, len(streamed), walks)
		}
		if reads.Load() != 0 {
			t.Errorf("%+v: streaming read %d articles from the store", q, reads.Load())
		}
		if len(streamed) != total || total < 300 {
			t.Fatalf("%+v: streamed %d of %d articles; want all, and more than 3 pages", q, len(streamed), total)
		}

		w0 = s.Walks()
		var paged []string
		var pagedScores []float64
		pages := 0
		for p := q; ; pages++ {
			p.Size = newsfind.MaxPageSize
			res, err := s.Search(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.ID)
				pagedScores = append(pagedScores, h.Score)
			}
			if res.Next == "" {
				pages++
				break
			}
			p.After = res.Next
		}
		if walks := s.Walks() - w0; walks != uint64(pages) || pages != (total+99)/100 {
			t.Errorf("%+v: paging walked %d times over %d pages of %d articles", q, walks, pages, total)
		}
		t.Logf("oil by %q: %d articles; streamed in 1 walk, paged in %d", q.Sort, total, pages)
		if !reflect.DeepEqual(streamed, paged) || !reflect.DeepEqual(scores, pagedScores) {
			t.Errorf("oil by %q: the stream's order or scores differ from the pages'", q.Sort)
		}
	}
}

// TestMatchSet: the set a comparison or a timeline reads counts what the
// search counts, and two sets intersect by ordinal.
func TestMatchSet(t *testing.T) {
	s, _ := countedService(t, reutersArticles(t, 2000))
	ctx := context.Background()
	q := newsfind.Query{Text: "oil prices", Distinct: newsfind.DistinctStory}
	res, err := s.Search(ctx, newsfind.Query{Text: q.Text, Distinct: q.Distinct, CountOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	oil, err := s.Match(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	defer oil.Release()
	if oil.Articles() != res.TotalArticles || oil.Passages() != res.TotalPassages || oil.Stories() != res.TotalStories {
		t.Errorf("match %d/%d/%d, search %d/%d/%d", oil.Articles(), oil.Passages(), oil.Stories(), res.TotalArticles, res.TotalPassages, res.TotalStories)
	}
	units, members := 0, 0
	for h := range oil.All() {
		units++
		members += h.StoryArticles
	}
	if units != oil.Stories() || members != oil.Articles() {
		t.Errorf("all: %d stories of %d articles, want %d of %d", units, members, oil.Stories(), oil.Articles())
	}
	opec, err := s.Match(ctx, newsfind.Query{Text: "opec"})
	if err != nil {
		t.Fatal(err)
	}
	defer opec.Release()
	both, err := s.Search(ctx, newsfind.Query{Text: "oil prices opec", CountOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	oil.Each(func(m Match) bool {
		if opec.Has(m.Ord) {
			n++
		}
		return true
	})
	if n != both.TotalArticles || n == 0 {
		t.Errorf("oil prices ∩ opec: %d articles, the query of both %d", n, both.TotalArticles)
	}
}
