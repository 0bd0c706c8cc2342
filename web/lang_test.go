package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestLanguageFacetAndFilter: a German article beside the English seeds is
// detected as German, counted in the Language facet of the page and the
// API, found by its own stems, and filtered by lang= and lang:.
func TestLanguageFacetAndFilter(t *testing.T) {
	ts, eng := newEngineServer(t)
	if _, err := eng.Add(context.Background(), []newsfind.Article{{
		ID: "zoelle", Title: "Zölle auf Stahl", Source: "Beispiel", URL: "https://example.de/zoelle",
		Body: "Die Bundesregierung hat am Montag neue Zölle auf Stahl und Aluminium aus mehreren Ländern angekündigt.\n\n" +
			"Die Maßnahme soll die heimische Industrie schützen, sagte ein Sprecher des Wirtschaftsministeriums in Berlin.",
	}}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/api/search?q=Zoll", 1},
		{"/api/search?lang=de", 1},
		{"/api/search?q=lang:en", 3},
		{"/api/search?q=tariff&lang=de", 0},
	} {
		res, err := http.Get(ts.URL + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Total  int `json:"total_articles"`
			Facets struct {
				Lang []newsfind.FacetValue `json:"lang"`
			} `json:"facets"`
		}
		err = json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 || out.Total != tt.want {
			t.Errorf("%s: %d, %d articles (%v), want %d", tt.path, res.StatusCode, out.Total, err, tt.want)
		}
	}
	res, err := http.Get(ts.URL + "/api/search?lang=xx_yy_!")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 400 {
		t.Errorf("a bad lang: %d, want 400", res.StatusCode)
	}
	code, _, body := get(t, ts, "/search?q=")
	if code != 200 || !strings.Contains(body, "Language") || !strings.Contains(body, "German") {
		t.Errorf("the search page has no Language facet with German (%d)", code)
	}
	code, _, body = get(t, ts, "/search?lang=de")
	if code != 200 || !strings.Contains(body, "Zölle auf Stahl") || strings.Contains(body, "Busan") {
		t.Errorf("/search?lang=de does not show the German article alone (%d)", code)
	}
}
