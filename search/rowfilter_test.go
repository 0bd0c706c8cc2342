package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
)

// TestRowFilterMatchesEntries: a filter checked on facet rows by id
// accepts exactly the articles the same filter checked on entries by name
// does: mentions, about tags, sources under any of their names, language
// tags and their primary subtags, deleted articles.
func TestRowFilterMatchesEntries(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	countries := []string{"US", "GB", "JP", "KZ", "DE"}
	commodities := []string{"oil", "gold", "wheat"}
	sources := []string{"The Guardian", "the Guardian", "GUARDIAN", "Reuters", "TRT World"}
	langs := []string{"", "en", "pt-BR", "pt", "de"}
	some := func(vs []string) []string {
		var out []string
		for _, v := range vs {
			if rng.IntN(3) == 0 {
				out = append(out, v)
			}
		}
		return out
	}
	cat := catalog.NewCatalog()
	for i := range 500 {
		e := catalog.Entry{Summary: newsfind.Summary{ID: fmt.Sprintf("a%d", i), Source: sources[rng.IntN(len(sources))],
			Lang: langs[rng.IntN(len(langs))], Countries: some(countries), Commodities: some(commodities)}}
		e.About = newsfind.TagSet{Countries: some(e.Countries), Commodities: some(e.Commodities)}
		cat.Put(e)
	}
	for i := range 500 {
		if rng.IntN(10) == 0 {
			cat.Delete(fmt.Sprintf("a%d", i))
		}
	}
	s := &Service{catalog: cat}
	v := cat.View()
	fields := []string{index.FieldCountry, index.FieldCommodity, index.FieldAboutCountry, index.FieldAboutCommodity, index.FieldSource, index.FieldLang}
	pools := [][]string{countries, commodities, countries, commodities, nil, {"en", "pt", "pt-BR", "de", "fr"}}
	tried, accepted := 0, 0
	for round := range 300 {
		var f filter
		for k, field := range fields {
			if rng.IntN(3) == 0 {
				vals := some(pools[k])
				if field == index.FieldSource {
					// As values.source resolves them: every name of a
					// source, or the name as typed when no article has it.
					vals = nil
					for _, name := range some([]string{"guardian", "reuters", "trt world", "Nobody"}) {
						if names := cat.SourceNames(name); names != nil {
							vals = append(vals, names...)
						} else {
							vals = append(vals, name)
						}
					}
				}
				if len(vals) > 0 {
					f.constraints = append(f.constraints, constraint{field: field, values: vals})
				}
			}
		}
		rf, ok := s.rowFilterOf(f, cat.Languages())
		if !ok {
			t.Fatalf("round %d: a filter without dates was not compiled for rows", round)
		}
		for o := range v.Entries {
			want := f.matches(&v.Entries[o])
			if got := rf.matches(&v, &v.Facets[o]); got != want {
				t.Fatalf("round %d, %+v, article %+v: rows say %v, entries %v", round, f.constraints, v.Entries[o].Summary, got, want)
			}
			tried++
			if want {
				accepted++
			}
		}
	}
	if accepted == 0 || accepted == tried {
		t.Fatalf("%d of %d accepted: the comparison says nothing", accepted, tried)
	}
}

// TestRowFilterSameAnswer: on Reuters, searches with their filters checked
// on the catalog answer the same whether rows or entries are read.
func TestRowFilterSameAnswer(t *testing.T) {
	s, _ := reutersService(t, 3000)
	ctx := context.Background()
	for _, q := range []newsfind.Query{
		{Text: "oil", Countries: []string{"US", "GB"}},
		{Text: "country:US trade"},
		{Text: "bank", AboutCountries: []string{"JP"}},
		{Text: "crude", Commodities: []string{"crude"}, Sources: []string{"reuters"}},
		{Text: "said", Langs: []string{"en"}},
		{Countries: []string{"US"}, Commodities: []string{"wheat"}},
		{Text: "oil", Countries: []string{"US"}, Distinct: newsfind.DistinctStory},
	} {
		q.Size = 50
		var got []string
		for _, entries := range []bool{true, false} {
			r, err := s.search(ctx, q, tuning{dense: 0, entries: entries})
			if err != nil {
				t.Fatal(err)
			}
			out := fmt.Sprintf("%d %d %d %v\n", r.TotalArticles, r.TotalPassages, r.TotalStories, r.Facets)
			for _, h := range r.Hits {
				out += fmt.Sprintf("%s %.9f %d\n", h.ID, h.Score, h.MatchedPassages)
			}
			got = append(got, out)
			if entries && r.TotalArticles == 0 {
				t.Errorf("%+v finds nothing: the test compares nothing", q)
			}
		}
		if got[0] != got[1] {
			t.Errorf("%+v: entries and rows differ:\n%s\n%s", q, got[0], got[1])
		}
	}
}
