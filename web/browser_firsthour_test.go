package web

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// newCorpusServer serves testdata/corpus.jsonl, a small corpus that is not
// the seeds, over a real engine: what a first-time user sees after
// ingesting their own news.
func newCorpusServer(t testing.TB) *httptest.Server {
	t.Helper()
	f, err := os.Open("testdata/corpus.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var arts []newsfind.Article
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a newsfind.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("testdata/corpus.jsonl: %v", err)
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	return newTestServer(t, eng.Searcher())
}

// skipShort skips a browser test in -short mode.
func skipShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
}

// jsStrings evaluates a script that answers a list of strings.
func jsStrings(t *testing.T, ctx context.Context, what, js string) []string {
	t.Helper()
	return run(t, ctx, what, chromedp.Evaluate[[]string](js))
}

var isoCode = regexp.MustCompile(`^[A-Z]{2}$`)

// TestBrowserTagNames: a hit's tags, and the chips of active filters, name
// countries and commodities as people do ("Canada", "Rare earths"), not by
// the codes and slugs the API uses, whether or not the value made it into
// the facets' top values.
func TestBrowserTagNames(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts := newCorpusServer(t)
	seeds, _ := newEngineServer(t)
	ctx := newTab(t, browser, false)

	// facet_size=1 leaves every tag but the commonest out of the facets.
	do(t, ctx, "coffee", chromedp.Navigate(ts.URL+"/search?q=coffee&facet_size=1"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	countries := jsStrings(t, ctx, "country tags", `[...document.querySelectorAll('li.hit a.tag.country')].map(a => a.textContent.trim())`)
	for _, want := range []string{"Brazil", "Canada", "Zimbabwe"} {
		if !strings.Contains(strings.Join(countries, "|"), want) {
			t.Errorf("q=coffee: the hits' country tags %q lack %s", countries, want)
		}
	}
	for _, c := range countries {
		if isoCode.MatchString(c) {
			t.Errorf("q=coffee: a country tag shows the code %q", c)
		}
	}

	// The seeds: a hit's commodity tags carry their labels, not slugs.
	do(t, ctx, "rare earth", chromedp.Navigate(seeds.URL+"/search?q=rare+earth&facet_size=1"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	for _, sel := range []string{"li.hit a.tag.country", "li.hit a.tag.commodity"} {
		for _, l := range jsStrings(t, ctx, sel, `[...document.querySelectorAll('`+sel+`')].map(a => a.textContent.trim())`) {
			if isoCode.MatchString(l) || strings.Contains(l, "-") || l == strings.ToLower(l) {
				t.Errorf("seeds: tag %s shows %q, a code or slug", sel, l)
			}
		}
	}

	// A chip of a filter value outside the facets' top values.
	do(t, ctx, "filter ZW", chromedp.Navigate(ts.URL+"/search?q=coffee&country=ZW&commodity=coffee&facet_size=1"), chromedp.WaitVisible(chromedp.CSS("ul.chips")))
	chips := strings.Join(jsStrings(t, ctx, "chips", `[...document.querySelectorAll('ul.chips a.chip')].map(a => a.textContent.trim())`), "|")
	if !strings.Contains(chips, "Country: Zimbabwe") || !strings.Contains(chips, "Commodity: Coffee") {
		t.Errorf("chips %q, want Country: Zimbabwe and Commodity: Coffee", chips)
	}
}

// TestBrowserFacetCaptions: every facet says what its numbers count:
// stories when a story counts once, articles otherwise.
func TestBrowserFacetCaptions(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts := newCorpusServer(t)
	ctx := newTab(t, browser, false)
	for _, c := range []struct{ query, unit, other string }{
		{"", "articles", "stories"},
		{"&distinct=story", "stories", "articles"},
	} {
		do(t, ctx, "search", chromedp.Navigate(ts.URL+"/search?q=wheat"+c.query), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		caps := jsStrings(t, ctx, "captions", `[...document.querySelectorAll('fieldset.facet')].map(f => {
			const p = f.querySelector('.facet-counts');
			return f.querySelector('legend').textContent.trim() + ': ' + (p ? p.textContent.trim() : '(none)'); })`)
		if len(caps) < 4 {
			t.Fatalf("q=wheat%s: %d facets: %q", c.query, len(caps), caps)
		}
		for _, cp := range caps {
			if !strings.Contains(cp, c.unit) || strings.Contains(cp, c.other) {
				t.Errorf("q=wheat%s: facet caption %q, want one that counts %s", c.query, cp, c.unit)
			}
		}
		if got := text(t, ctx, ".timeline figcaption"); !strings.HasPrefix(strings.ToLower(got), c.unit) {
			t.Errorf("q=wheat%s: timeline caption %q, want %s", c.query, got, c.unit)
		}
	}
}
