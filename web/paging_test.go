package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// walk reads every page of a query by following the next cursors, and
// returns the article ids in order.
func walk(t *testing.T, get func(string) (int, apiResult), params string) []string {
	t.Helper()
	var out []string
	after := ""
	for range 10000 {
		p := params
		if after != "" {
			p += "&after=" + url.QueryEscape(after)
		}
		status, r := get("/api/search?" + p)
		if status != http.StatusOK {
			t.Fatalf("%s: status %d %+v", p, status, r.Error)
		}
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
		if r.Next == "" {
			return out
		}
		if len(r.Hits) == 0 {
			t.Fatalf("%s: a next cursor on an empty page", p)
		}
		after = r.Next
	}
	t.Fatalf("%s: the cursor never ends", params)
	return nil
}

// pages reads pages 1..n by number and returns the article ids in order.
func pages(t *testing.T, get func(string) (int, apiResult), params string, n int) []string {
	t.Helper()
	var out []string
	for page := 1; page <= n; page++ {
		status, r := get(fmt.Sprintf("/api/search?%s&page=%d", params, page))
		if status != http.StatusOK {
			t.Fatalf("%s page %d: status %d %+v", params, page, status, r.Error)
		}
		for _, h := range r.Hits {
			out = append(out, h.ID)
		}
	}
	return out
}

func TestCursorPagingSeeds(t *testing.T) {
	ts := newSeedServer(t)
	g := func(p string) (int, apiResult) { return get(t, ts, p) }
	for _, params := range []string{"size=1", "size=1&sort=date", "q=rare+earth&size=1", "q=tariffs&size=1&sort=date", "size=2"} {
		byCursor := walk(t, g, params)
		byPage := pages(t, g, params, 3)
		if strings.Join(byCursor, " ") != strings.Join(byPage, " ") {
			t.Errorf("%s: cursor order %v, page order %v", params, byCursor, byPage)
		}
		_, first := g("/api/search?" + params)
		if len(byCursor) != first.TotalArticles {
			t.Errorf("%s: the cursor walk read %d articles of %d", params, len(byCursor), first.TotalArticles)
		}
	}
	// The last page says so by having no cursor.
	if _, r := g("/api/search?size=3"); r.Next != "" || len(r.Hits) != 3 {
		t.Errorf("size=3: %d hits, next %q; want all 3 and no next", len(r.Hits), r.Next)
	}

	_, r := g("/api/search?size=1")
	bad := []struct{ params, want string }{
		{"after=not-a-cursor", "is not a cursor"},
		{"after=" + url.QueryEscape(r.Next) + "&sort=date", "is not a cursor"}, // a relevance cursor
		{"after=" + url.QueryEscape(r.Next) + "&page=2", "use page or after, not both"},
	}
	for _, b := range bad {
		status, r := g("/api/search?" + b.params)
		if status != http.StatusBadRequest || r.Error == nil || !strings.Contains(r.Error.Message, b.want) {
			t.Errorf("%s: status %d, error %+v; want 400 with %q", b.params, status, r.Error, b.want)
		}
	}
}

func TestFacetSize(t *testing.T) {
	ts := newSeedServer(t)
	_, all := get(t, ts, "/api/search?q=rare+earth")
	if len(all.Facets.Country) < 3 {
		t.Fatalf("rare earth: %d countries in the facet; the seeds have more", len(all.Facets.Country))
	}
	_, one := get(t, ts, "/api/search?q=rare+earth&facet_size=1")
	if len(one.Facets.Country) != 1 || one.Facets.Country[0] != all.Facets.Country[0] {
		t.Errorf("facet_size=1: countries %+v, want only %+v", one.Facets.Country, all.Facets.Country[0])
	}
	status, r := get(t, ts, "/api/search?q=rare+earth&facet_size=100000")
	if status != http.StatusBadRequest || r.Error == nil || r.Error.Limit != "max_facet_size" {
		t.Errorf("facet_size=100000: status %d, error %+v; want 400 naming max_facet_size", status, r.Error)
	}
}

// TestPrefixExpansionLimit adds an article with more distinct words under
// one prefix than a query may expand to: the prefix is refused up front
// with the limit named, a narrower one still answers.
func TestPrefixExpansionLimit(t *testing.T) {
	s := newWriteServer(t, 0)
	var words []string
	for i := range 4200 {
		words = append(words, fmt.Sprintf("zq%04d", i))
	}
	art := newsfind.Article{ID: "many-words", Title: "Many words", Source: "Test", URL: "https://example.com/many",
		Body: strings.Join(words, " ") + "."}
	if _, err := s.eng.Add(context.Background(), []newsfind.Article{art}); err != nil {
		t.Fatal(err)
	}
	status, r := get(t, s.Server, "/api/search?q=zq*")
	if status != http.StatusBadRequest || r.Error == nil || r.Error.Limit != "max_expansions" {
		t.Fatalf("q=zq*: status %d, error %+v; want 400 naming max_expansions", status, r.Error)
	}
	if status, r := get(t, s.Server, "/api/search?q=zq00*"); status != http.StatusOK || r.TotalArticles != 1 {
		t.Errorf("q=zq00*: status %d, %d articles (%+v); want the article", status, r.TotalArticles, r.Error)
	}
	if status, _ := get(t, s.Server, "/api/search?q=rare+earth"); status != http.StatusOK {
		t.Errorf("after a refused query: status %d", status)
	}
}

// TestCursorPastWindowReuters reads all of Reuters-21578's articles, more
// than the numbered pages reach, by cursor: each once, none left out, in
// the order the numbered pages give while they last.
func TestCursorPastWindowReuters(t *testing.T) {
	corpus.Long(t)
	data := corpus.Read(t, "reuters21578.jsonl.gz")
	items, err := ingest.ParseJSON(data, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var arts []newsfind.Article
	for _, it := range items {
		if it.Err == nil {
			arts = append(arts, it.Article)
		}
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	g := func(p string) (int, apiResult) { return get(t, ts, p) }

	if status, r := g("/api/search?size=100&page=101"); status != http.StatusBadRequest || r.Error == nil || r.Error.Limit != "max_result_window" {
		t.Fatalf("page 101 of 100: status %d, error %+v; want 400 naming max_result_window", status, r.Error)
	}
	// In the browser, the last numbered page leads on by cursor.
	page := func(path string) string {
		t.Helper()
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, resp.StatusCode)
		}
		return string(b)
	}
	last := page("/search?size=100&page=100")
	m := regexp.MustCompile(`rel="next" href="/search\?after=([^&"]+)&amp;size=100"`).FindStringSubmatch(last)
	if m == nil || !strings.Contains(last, `<span class="current" aria-current="page">100</span>`) || strings.Contains(last, ">101<") {
		t.Fatalf("page 100 of 100 articles a page: no cursor link to page 101, or numbered pages past the window")
	}
	deeper := page("/search?size=100&after=" + m[1])
	if !strings.Contains(deeper, `rel="next" href="/search?after=`) || !strings.Contains(deeper, `« First page`) {
		t.Errorf("page 101 by cursor: no next or first-page link")
	}

	for _, params := range []string{"size=100", "size=100&sort=date", "q=oil&size=100"} {
		_, first := g("/api/search?" + params)
		all := walk(t, g, params)
		seen := map[string]bool{}
		for _, id := range all {
			if seen[id] {
				t.Fatalf("%s: article %s twice", params, id)
			}
			seen[id] = true
		}
		if len(all) != first.TotalArticles {
			t.Errorf("%s: the cursor walk read %d articles of %d", params, len(all), first.TotalArticles)
		}
		n := min(5, (first.TotalArticles+99)/100)
		if got, want := strings.Join(all[:min(len(all), n*100)], " "), strings.Join(pages(t, g, params, n), " "); got != want {
			t.Errorf("%s: the first %d pages differ between cursor and page numbers", params, n)
		}
	}
}
