package search

import (
	"context"
	"slices"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestDocumentTagsFromCatalog: the article page shows the tags the
// catalog holds for the article, those its filters and facets count, not
// what today's tagger would say of the text (the entry's tags were given
// when it was indexed, perhaps by an older tagger).
func TestDocumentTagsFromCatalog(t *testing.T) {
	arts := reutersArticles(t, 200)
	s, _ := countedService(t, arts)
	ctx := context.Background()
	id := ""
	for _, a := range arts {
		if e, ok := s.catalog.Get(a.ID); ok && len(e.Countries) > 0 && !slices.Contains(e.Countries, "KZ") {
			id = a.ID
			break
		}
	}
	if id == "" {
		t.Fatal("no tagged article")
	}
	e, _ := s.catalog.Get(id)
	tagged := e.Countries[0] // the tagger says so; the entry will not
	e.Countries, e.Commodities = []string{"KZ"}, []string{"uranium"}
	e.About = newsfind.TagSet{Countries: []string{"KZ"}, Commodities: []string{"uranium"}}
	s.catalog.Put(e)

	res, err := s.Search(ctx, newsfind.Query{Countries: []string{"KZ"}, CountOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalArticles != 1 {
		t.Fatalf("country=KZ: %d articles, want the one retagged", res.TotalArticles)
	}
	values := func(fv []newsfind.FacetValue) []string {
		var out []string
		for _, v := range fv {
			out = append(out, v.Value)
		}
		return out
	}
	d, err := s.Document(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name        string
		page, facet []string
	}{
		{"countries", d.Countries, values(res.Facets.Country)},
		{"commodities", d.Commodities, values(res.Facets.Commodity)},
		{"about countries", d.About.Countries, values(res.Facets.AboutCountry)},
		{"about commodities", d.About.Commodities, values(res.Facets.AboutCommodity)},
	} {
		if !slices.Equal(c.page, c.facet) {
			t.Errorf("%s: the page shows %v, the facets count %v", c.name, c.page, c.facet)
		}
	}
	if slices.Contains(d.Countries, tagged) {
		t.Errorf("the page shows %s, which today's tagger finds but the catalog entry does not have", tagged)
	}
	if d.Labels["KZ"] != "Kazakhstan" {
		t.Errorf("label of KZ: %q", d.Labels["KZ"])
	}
}
