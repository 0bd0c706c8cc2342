package search

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
	"github.com/newsfind/newsfind/tagger"
)

// TestPhraseWalkSameAsBleve: the walk's phrase query must match exactly
// the passages Bleve's phrase query matches, with the same scores, on real
// text (Reuters-21578, 3,000 stories).
func TestPhraseWalkSameAsBleve(t *testing.T) {
	s, cat := reutersService(t, 3000)
	phrases := []string{`"crude oil"`, `"interest rates"`, `"bank of england"`, `"oil prices" -opec`, `"central bank" OR "federal reserve"`,
		"third-quarter", `"soviet union"`, `"the the"`, `"net income" "per share"`, `"said it" company`, `"oil oil"`, `"U.S. dollar"`}
	for _, text := range phrases {
		walked, marked := s.walkBoth(t, text, cat)
		if walked.passages == 0 && text != `"the the"` && text != `"oil oil"` {
			t.Errorf("%s: nothing matched; the test needs phrases that occur", text)
		}
		if walked.passages != marked.passages || len(walked.articles) != len(marked.articles) {
			t.Errorf("%s: walk %d passages in %d articles, Bleve %d in %d", text,
				walked.passages, len(walked.articles), marked.passages, len(marked.articles))
			continue
		}
		for _, o := range marked.articles {
			if walked.hits[o] != marked.hits[o] || walked.score[o] != marked.score[o] {
				t.Errorf("%s: article %d: walk %d hits score %v, Bleve %d hits score %v", text, o,
					walked.hits[o], walked.score[o], marked.hits[o], marked.score[o])
				break
			}
		}
	}
}

// TestFilterPathKeepsOrder: a filter checked in Bleve and the same filter
// checked on the catalog give the same hits in the same order with the
// same scores, so which path a query takes (it depends on how common the
// value is) never moves a result or a cursor.
func TestFilterPathKeepsOrder(t *testing.T) {
	s, _ := reutersService(t, 3000)
	ctx := context.Background()
	for _, q := range []newsfind.Query{
		{Text: "country:US oil", Size: 50},
		{Text: "country:JP trade", Size: 50},
		{Text: "oil", Countries: []string{"US", "GB"}, Size: 50},
		{Text: "tariff", Countries: []string{"US"}, Size: 50},
		{Text: "loss", Countries: []string{"JP"}, Size: 50},
		{Text: "loss", Countries: []string{"US", "GB"}, Size: 50},
		{Text: "bank*", Commodities: []string{"oil", "gas"}, Sources: []string{"Reuters"}, Size: 50, Sort: newsfind.SortDate},
	} {
		var got [2]*newsfind.Result
		for i, dense := range []float64{2, 0} { // all in Bleve, all on the catalog
			r, err := s.search(ctx, q, tuning{dense: dense})
			if err != nil {
				t.Fatal(err)
			}
			got[i] = r
		}
		a, b := got[0], got[1]
		if a.TotalArticles == 0 || a.TotalArticles != b.TotalArticles || a.TotalPassages != b.TotalPassages || len(a.Hits) != len(b.Hits) {
			t.Errorf("%+v: Bleve %d/%d, catalog %d/%d", q, a.TotalArticles, a.TotalPassages, b.TotalArticles, b.TotalPassages)
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || a.Hits[i].Score != b.Hits[i].Score {
				t.Errorf("%q: hit %d: Bleve %s %v, catalog %s %v", q.Text, i, a.Hits[i].ID, a.Hits[i].Score, b.Hits[i].ID, b.Hits[i].Score)
				break
			}
		}
	}
}

// reutersService indexes the first n stories of Reuters-21578 (or skips)
// and returns a search service over them with the stories as its article
// store. Indexing the whole corpus takes most of a minute, so each n is
// indexed once per test run and shared: tests must only search it.
func reutersService(t testing.TB, n int) (*Service, *catalog.Catalog) {
	t.Helper()
	arts := reutersArticles(t, n)
	reutersServices.mu.Lock()
	defer reutersServices.mu.Unlock()
	if c, ok := reutersServices.byN[n]; ok {
		return c.s, c.cat
	}
	tagger, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "newsfind-search-test-")
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reutersServices.close = append(reutersServices.close, func() { x.Close(); os.RemoveAll(dir) })
	cat := catalog.NewCatalog()
	docs := make([]newsfind.Document, len(arts))
	byID := make(map[string]newsfind.Article, len(arts))
	for i, a := range arts {
		docs[i] = derive.Prepare(tagger, a)
		cat.Put(catalog.EntryOf(&docs[i]))
		byID[a.ID] = a
	}
	if err := x.Write(docs, nil); err != nil {
		t.Fatal(err)
	}
	s, err := New(index.NewCurrent(x), cat, tagger, func(id string) (newsfind.Article, bool, error) {
		a, ok := byID[id]
		return a, ok, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if reutersServices.byN == nil {
		reutersServices.byN = map[int]cachedService{}
	}
	reutersServices.byN[n] = cachedService{s, cat}
	return s, cat
}

type cachedService struct {
	s   *Service
	cat *catalog.Catalog
}

// reutersServices are the services reutersService built, closed by TestMain.
var reutersServices struct {
	mu    sync.Mutex
	byN   map[int]cachedService
	close []func()
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, c := range reutersServices.close {
		c()
	}
	os.Exit(code)
}

// walkBoth runs a query's walk with the walk's phrases and with Bleve's.
func (s *Service) walkBoth(t *testing.T, text string, cat *catalog.Catalog) (walked, marked *matchSet) {
	t.Helper()
	node, err := nfquery.Parse(text)
	if err != nil {
		t.Fatal(err)
	}
	for _, walk := range []bool{true, false} {
		c := &compiler{analyzer: s.analyzer, values: s.values, walk: walk}
		q, err := c.compile(node)
		if err != nil {
			t.Fatal(err)
		}
		if q == nil { // only stop words
			q = query.NewMatchNoneQuery()
		}
		err = s.index.Use(func(x *index.Index) error {
			r, err := x.Reader()
			if err != nil {
				return err
			}
			defer r.Close()
			v := cat.View()
			ords, es := v.Ords, v.Entries
			set := newMatchSet(len(es))
			cerr := collect(context.Background(), s.columns, r, s.mapping, q, tuning{}.searcher(), ords, nil, set)
			if walk {
				walked = set
			} else {
				marked = set
			}
			return cerr
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return walked, marked
}
