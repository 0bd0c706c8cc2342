package web

import (
	"context"
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

var (
	hitPassage  = regexp.MustCompile(`(?s)<a class="passage" href="[^"]*">(.*?)</a>`)
	articlePara = regexp.MustCompile(`(?s)<(?:p|h1) id="p(\d+)"[^>]*>(.*?)</(?:p|h1)>`)
)

// sameMarkup compares two renderings of a highlight by what a browser
// shows: escaping may spell a character differently (&#43; or +).
func sameMarkup(a, b string) bool { return html.UnescapeString(a) == html.UnescapeString(b) }

// TestPagesMarkAsTheAPI: over the seeds, the search page's passages and
// the article page's paragraphs mark what the API's highlight marks, and
// nothing else.
func TestPagesMarkAsTheAPI(t *testing.T) {
	ts, eng := newEngineServer(t)
	queries := []string{"fentanyl tariff", `"fentanyl tariff"`, "rare earth", "rare-earth", "C5+1", "U.S.", "tarif*", "Kazakstan~",
		"uranium OR gold", "tariffs -magnets", "Kazakhstan tariffs", "China", "critical minerals", "uranium"}
	for _, q := range queries {
		var res struct {
			Hits []struct {
				ID       string                `json:"id"`
				Passages []newsfind.PassageHit `json:"passages"`
			} `json:"hits"`
		}
		_, _, body := get(t, ts, "/api/search?q="+url.QueryEscape(q))
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("%s: no hits; the test needs queries that match", q)
			continue
		}
		_, _, page := get(t, ts, "/search?q="+url.QueryEscape(q))
		shown := hitPassage.FindAllStringSubmatch(page, -1)
		var want []string
		for _, h := range res.Hits {
			for _, p := range h.Passages {
				want = append(want, p.Highlight)
			}
		}
		if len(shown) != len(want) {
			t.Errorf("%s: page shows %d passages, API has %d", q, len(shown), len(want))
			continue
		}
		for i := range shown {
			if !sameMarkup(shown[i][1], want[i]) {
				t.Errorf("%s: passage %d:\n page %q\n  API %q", q, i, shown[i][1], want[i])
			}
		}

		id := res.Hits[0].ID
		hl, err := eng.Searcher().Highlight(context.Background(), id, newsfind.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		byIndex := map[string]string{}
		for _, p := range hl {
			byIndex[strings.TrimSpace(p.Text)] = p.Highlight
		}
		_, _, page = get(t, ts, "/articles/"+id+"?q="+url.QueryEscape(q))
		paras := articlePara.FindAllStringSubmatch(page, -1)
		if len(paras) == 0 {
			t.Fatalf("%s: article page %s has no paragraphs", q, id)
		}
		marked := 0
		for _, m := range paras {
			text := html.UnescapeString(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(m[2]))
			want, ok := byIndex[text]
			if !ok {
				t.Errorf("%s: article %s paragraph p%s is no passage: %q", q, id, m[1], text)
				continue
			}
			if !sameMarkup(m[2], want) {
				t.Errorf("%s: article %s p%s:\n page %q\n want %q", q, id, m[1], m[2], want)
			}
			marked += strings.Count(m[2], "<mark>")
		}
		if marked == 0 {
			t.Errorf("%s: article %s has nothing marked", q, id)
		}
	}
}
