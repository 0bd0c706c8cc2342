package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// wireCopy is wire copy as a user sends it: the dateline a field of its own.
const wireCopy = `[
{"id":"wire-1","title":"SOVIET GRAIN IMPORTS SEEN HIGHER","dateline":"MOSCOW, March 2","published":"1987-03-02","source":"Wire",
 "body":"The Soviet Union will import more grain this year, Moscow officials said.\n\nWheat purchases from Canada are expected to rise."},
{"id":"wire-2","title":"CANADA WHEAT BOARD RAISES PRICES","dateline":"WINNIPEG, March 3","published":"1987-03-03","source":"Wire",
 "body":"The Canadian Wheat Board raised its initial wheat prices.\n\nThe board said exports to the Soviet Union were steady."},
{"id":"wire-3","title":"Russia raises wheat export duty","dateline":"MOSCOW, March 2","published":"2025-03-02","source":"Wire",
 "body":"Moscow raised its wheat export duty on Monday."}
]`

// TestAboutFiltersAndFacets: what an article is about and what it
// mentions are two sets the API filters and counts apart; a country
// filter can ask for the states before and after it.
func TestAboutFiltersAndFacets(t *testing.T) {
	s := newWriteServer(t, 0)
	if code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(wireCopy)); code != 200 || a.Created != 3 {
		t.Fatalf("add: %d %+v", code, a)
	}
	for _, c := range []struct{ query, want string }{
		{"about_country=CA", "wire-2"},
		{"country=CA", "wire-1 wire-2"},
		{"q=wheat&about_country=SU", "wire-1"},
		{"about_country=RU", "wire-3"}, // the seeds name Russia but are not about it
		{"about_country=RU&lineage=true", "wire-1 wire-3"},
		{"about_country=SU&lineage=true&q=wheat", "wire-1 wire-3"},
		{"about_commodity=wheat", "wire-1 wire-2 wire-3"},
		{"about_commodity=rare-earths", "000_a9e5019015f98715 001_e5480f282a76346a 003_dd54bef6c421656c"},
		{"about_commodity=uranium", ""}, // 003 names it once, far down
		{"commodity=uranium", "003_dd54bef6c421656c"},
		{"q=about:SU", "wire-1"},
		{"q=wheat+about:CA", "wire-2"},
		{"q=about:wheat+-about:RU", "wire-1 wire-2"},
	} {
		code, r := get(t, s.Server, "/api/search?"+c.query)
		if code != 200 || ids(r) != c.want {
			t.Errorf("%s: %d %q, want %q (%+v)", c.query, code, ids(r), c.want, r.Error)
		}
	}
	for _, bad := range []string{"about_country=Atlantis", "about_commodity=unobtainium", "lineage=maybe", "q=about:Atlantis"} {
		if code, r := get(t, s.Server, "/api/search?"+bad); code != 400 || r.Error == nil {
			t.Errorf("%s: %d %+v, want 400 with an error", bad, code, r.Error)
		}
	}

	// Facets count both sets; about is never more than mentions.
	type facet []struct {
		Value string
		Count int
	}
	var res struct {
		Facets struct {
			Country        facet `json:"country"`
			AboutCountry   facet `json:"about_country"`
			AboutCommodity facet `json:"about_commodity"`
		} `json:"facets"`
		Hits []struct {
			ID       string `json:"id"`
			Dateline string `json:"dateline"`
			About    struct {
				Countries   []string `json:"countries"`
				Commodities []string `json:"commodities"`
			} `json:"about"`
		} `json:"hits"`
	}
	getJSON(t, s.URL+"/api/search?q=wheat&source=Wire", &res)
	facets := map[string]facet{"country": res.Facets.Country, "about_country": res.Facets.AboutCountry, "about_commodity": res.Facets.AboutCommodity}
	count := func(name, value string) int {
		for _, v := range facets[name] {
			if v.Value == value {
				return v.Count
			}
		}
		return 0
	}
	for _, c := range []struct {
		facet, value string
		want         int
	}{{"country", "CA", 2}, {"about_country", "CA", 1}, {"country", "SU", 2}, {"about_country", "SU", 1}, {"about_country", "RU", 1}, {"about_commodity", "wheat", 3}} {
		if got := count(c.facet, c.value); got != c.want {
			t.Errorf("facet %s %s = %d, want %d (%+v)", c.facet, c.value, got, c.want, facets[c.facet])
		}
	}
	if len(res.Hits) != 3 {
		t.Fatalf("hits %+v", res.Hits)
	}
	for _, h := range res.Hits {
		if h.Dateline == "" || h.About.Countries == nil || h.About.Commodities == nil {
			t.Errorf("hit %s: dateline %q about %+v, want both", h.ID, h.Dateline, h.About)
		}
	}

	// The article answers both sets and its dateline.
	var art struct {
		Dateline    string   `json:"dateline"`
		Countries   []string `json:"countries"`
		Commodities []string `json:"commodities"`
		About       struct {
			Countries   []string `json:"countries"`
			Commodities []string `json:"commodities"`
		} `json:"about"`
	}
	getJSON(t, s.URL+"/api/articles/wire-1", &art)
	if art.Dateline != "MOSCOW, March 2" || !reflect.DeepEqual(art.Countries, []string{"CA", "SU"}) ||
		!reflect.DeepEqual(art.About.Countries, []string{"SU"}) || !reflect.DeepEqual(art.About.Commodities, []string{"wheat"}) {
		t.Errorf("article wire-1: %+v", art)
	}
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", u, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
}
