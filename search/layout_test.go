package search

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

// TestScopeRankingIndependentOfLayout: article scope finds the same
// articles with the same scores, matched passages and facets whether the
// index was written in one batch or in twelve: an article's passages lie
// in the index in whatever order Bleve's analysis finished, and an
// article's score must not depend on it.
func TestScopeRankingIndependentOfLayout(t *testing.T) {
	corpus.Long(t)
	arts := reutersArticles(t, 3000)
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	service := func(batch int) *Service {
		x, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { x.Close() })
		cat := catalog.NewCatalog()
		for i := 0; i < len(arts); i += batch {
			part := arts[i:min(i+batch, len(arts))]
			docs := make([]newsfind.Document, len(part))
			for i, a := range part {
				docs[i] = derive.Prepare(tg, a)
			}
			if err := x.Write(docs, nil); err != nil {
				t.Fatal(err)
			}
			for i := range docs {
				cat.Put(catalog.EntryOf(&docs[i]))
			}
		}
		s, err := New(index.NewCurrent(x), cat, tg, func(string) (newsfind.Article, bool, error) { return newsfind.Article{}, false, nil })
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	one, twelve := service(len(arts)), service(250)
	ctx := context.Background()
	for _, text := range []string{
		"oil prices", "bank same made", "fell japan pct", "oil -opec", "(grain OR wheat) export", "trade -japan -tariff",
		`"interest rates" bundesbank`, "oil NEAR/3 price opec", "crude country:US", "mln dlrs", "cocoa export ivory coast",
		"china trade", "copper mine -zambia", "net -loss -profit",
	} {
		q := newsfind.Query{Text: text, Scope: newsfind.ScopeArticle, Size: 100}
		var got [2]*newsfind.Result
		for i, s := range []*Service{one, twelve} {
			if got[i], err = s.Search(ctx, q); err != nil {
				t.Fatalf("%s: %v", text, err)
			}
		}
		a, b := got[0], got[1]
		if a.TotalArticles == 0 {
			t.Errorf("%s: nothing matched; the test needs queries that match", text)
		}
		if a.TotalArticles != b.TotalArticles || a.TotalPassages != b.TotalPassages || len(a.Hits) != len(b.Hits) {
			t.Errorf("%s: one batch %d articles/%d passages, twelve %d/%d", text, a.TotalArticles, a.TotalPassages, b.TotalArticles, b.TotalPassages)
			continue
		}
		for i := range a.Hits {
			ha, hb := a.Hits[i], b.Hits[i]
			if ha.ID != hb.ID || ha.Score != hb.Score || ha.MatchedPassages != hb.MatchedPassages {
				t.Errorf("%s: hit %d: one batch %s %v (%d), twelve %s %v (%d)", text, i, ha.ID, ha.Score, ha.MatchedPassages, hb.ID, hb.Score, hb.MatchedPassages)
				break
			}
		}
		if !reflect.DeepEqual(a.Facets, b.Facets) {
			t.Errorf("%s: facets differ", text)
		}
	}
}
