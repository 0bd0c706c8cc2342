package search_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/bench"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/query"
	"github.com/newsfind/newsfind/seeds"
)

// Benchmarks of the query path; `newsfind bench` measures it at scale.

func BenchmarkParse(b *testing.B) {
	qs := bench.DefaultQueries()
	b.ReportAllocs()
	for b.Loop() {
		for _, q := range qs {
			if _, err := query.Parse(q.Text); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func openEngine(tb testing.TB, arts []newsfind.Article) newsfind.Searcher {
	tb.Helper()
	return enginetest.Open(tb, enginetest.Articles(arts)).Searcher()
}

// BenchmarkSearchSeeds: a search with top 10 and all four facets over the
// seed articles.
func BenchmarkSearchSeeds(b *testing.B) {
	arts, err := seeds.Articles()
	if err != nil {
		b.Fatal(err)
	}
	s := openEngine(b, arts)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Search(ctx, newsfind.Query{Text: "oil", Size: 10}); err != nil {
			b.Fatal(err)
		}
	}
}

// reutersSlice returns the first n articles of Reuters-21578, or skips.
func reutersSlice(tb testing.TB, n int) []newsfind.Article {
	arts, err := bench.ReadCorpus(corpus.Path(tb, "reuters21578.jsonl.gz"))
	if err != nil {
		tb.Fatal(err)
	}
	return arts[:min(n, len(arts))]
}

// BenchmarkSearchReuters runs the default query file's classes over 5,000
// Reuters articles (about 25k passages), one sub-benchmark per class.
func BenchmarkSearchReuters(b *testing.B) { benchmarkReuters(b, newsfind.DefaultScope) }

// BenchmarkSearchReutersPassageScope is BenchmarkSearchReuters in passage
// scope, to state what article scope costs.
func BenchmarkSearchReutersPassageScope(b *testing.B) { benchmarkReuters(b, newsfind.ScopePassage) }

func benchmarkReuters(b *testing.B, scope newsfind.Scope) {
	s := openEngine(b, reutersSlice(b, 5000))
	ctx := context.Background()
	byClass := map[string][]string{}
	var order []string
	for _, q := range bench.DefaultQueries() {
		if byClass[q.Class] == nil {
			order = append(order, q.Class)
		}
		byClass[q.Class] = append(byClass[q.Class], q.Text)
	}
	for _, class := range order {
		qs := byClass[class]
		b.Run(class, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := s.Search(ctx, newsfind.Query{Text: qs[i%len(qs)], Size: 10, Scope: scope}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkCountOnlyReuters compares size=0 (totals and facets alone)
// with a page of 10 over the broad and term classes of BenchmarkSearchReuters.
func BenchmarkCountOnlyReuters(b *testing.B) {
	s := openEngine(b, reutersSlice(b, 5000))
	ctx := context.Background()
	byClass := map[string][]string{}
	for _, q := range bench.DefaultQueries() {
		byClass[q.Class] = append(byClass[q.Class], q.Text)
	}
	for _, class := range []string{"broad", "term"} {
		qs := byClass[class]
		if len(qs) == 0 {
			b.Fatalf("no %s queries", class)
		}
		for _, size := range []int{0, 10} {
			b.Run(fmt.Sprintf("%s/size=%d", class, size), func(b *testing.B) {
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					q := newsfind.Query{Text: qs[i%len(qs)], Size: size, CountOnly: size == 0}
					if _, err := s.Search(ctx, q); err != nil {
						b.Fatal(err)
					}
					i++
				}
			})
		}
	}
}

// TestFacetsCountArticles checks the slice-based facet counting against a
// count over the hits themselves, on queries with fewer hits than a page.
func TestFacetsCountArticles(t *testing.T) {
	s := openEngine(t, reutersSlice(t, 3000))
	ctx := context.Background()
	for _, q := range []string{"cocoa", "copper", `"crude oil" japan`, "country:JP gold", "tin"} {
		r, err := s.Search(ctx, newsfind.Query{Text: q, Size: newsfind.MaxPageSize})
		if err != nil {
			t.Fatal(err)
		}
		if r.TotalArticles == 0 || r.TotalArticles > newsfind.MaxPageSize {
			t.Logf("%s: %d articles, skipped", q, r.TotalArticles)
			continue
		}
		country, commodity, source := map[string]int{}, map[string]int{}, map[string]int{}
		dated := 0
		for i, h := range r.Hits {
			for _, c := range h.Countries {
				country[c]++
			}
			for _, c := range h.Commodities {
				commodity[c]++
			}
			source[h.Source]++
			if !h.Published.IsZero() {
				dated++
			}
			if i > 0 && h.Score > r.Hits[i-1].Score {
				t.Errorf("%s: hit %d scores above hit %d", q, i, i-1)
			}
		}
		check := func(name string, got []newsfind.FacetValue, want map[string]int) {
			for _, v := range got {
				if want[v.Value] != v.Count {
					t.Errorf("%s: %s %s = %d, hits say %d", q, name, v.Value, v.Count, want[v.Value])
				}
			}
			if len(got) < min(len(want), newsfind.DefaultFacetSize) {
				t.Errorf("%s: %s facet has %d values, hits have %d", q, name, len(got), len(want))
			}
		}
		check("country", r.Facets.Country, country)
		check("commodity", r.Facets.Commodity, commodity)
		check("source", r.Facets.Source, source)
		n := r.Facets.Date.Undated
		for _, b := range r.Facets.Date.Buckets {
			n += b.Count
		}
		if n != r.TotalArticles || r.Facets.Date.Undated != r.TotalArticles-dated {
			t.Errorf("%s: date facet counts %d (undated %d), want %d (%d)", q, n, r.Facets.Date.Undated, r.TotalArticles, r.TotalArticles-dated)
		}
	}
}

// TestFiltersSameEitherWay: a facet field the query requires is checked
// on the catalog when common and in Bleve when rare; both must give what
// the same field under an OR, which always stays in Bleve, gives.
func TestFiltersSameEitherWay(t *testing.T) {
	corpus.Long(t)
	s := openEngine(t, reutersSlice(t, 5000))
	ctx := context.Background()
	for _, c := range []struct{ field, text string }{
		{"country:US", "oil"}, // common: on the catalog
		{"country:US", `"interest rates"`},
		{"country:JP", "trade"}, // rarer
		{"country:DE", "said"},  // rare value, broad text: in Bleve
		{"commodity:gold", "mine"},
		{"source:Reuters", "bank*"},
	} {
		lifted, err := s.Search(ctx, newsfind.Query{Text: c.field + " " + c.text, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		inBleve, err := s.Search(ctx, newsfind.Query{Text: "(" + c.field + " OR " + c.field + ") " + c.text, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		if lifted.TotalArticles == 0 || lifted.TotalArticles != inBleve.TotalArticles || lifted.TotalPassages != inBleve.TotalPassages {
			t.Errorf("%s %s: %d articles, %d passages; in Bleve %d, %d", c.field, c.text,
				lifted.TotalArticles, lifted.TotalPassages, inBleve.TotalArticles, inBleve.TotalPassages)
		}
		if len(lifted.Facets.Country) == 0 || len(inBleve.Facets.Country) == 0 || lifted.Facets.Country[0] != inBleve.Facets.Country[0] {
			t.Errorf("%s %s: country facets differ", c.field, c.text)
		}
	}
}
