package web

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestBrowserCompare: from a results page to a comparison and through its
// toggles, with JavaScript and without: the chart draws a line per query
// with a legend and dates, the table's totals are the API's, and the CSV
// link gives the chart's numbers.
func TestBrowserCompare(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 60*time.Second)
	ts, _ := newEngineServer(t)
	for _, scripts := range []bool{true, false} {
		t.Run(fmt.Sprintf("scripts=%v", scripts), func(t *testing.T) {
			ctx := newTab(t, browser, scripts)
			do(t, ctx, "results", chromedp.Navigate(ts.URL+"/search?q="+url.QueryEscape("rare earth")), chromedp.WaitReady(chromedp.CSS("footer")))
			do(t, ctx, "share", chromedp.Click(`//a[.="share of all articles"]`), chromedp.WaitVisible(chromedp.CSS(".timeline svg")))
			if loc := run(t, ctx, "location", chromedp.Evaluate[string](`location.search`)); !strings.Contains(loc, "measure=share") {
				t.Errorf("after the share link the results page is %s", loc)
			}
			if n := count(t, ctx, `.timeline svg a[href*="from="]`); n == 0 {
				t.Error("by share, no bar links to its bucket")
			}
			do(t, ctx, "compare with", chromedp.Click(`a[href^="/compare"]`, chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS("#cq2")))
			if v := run(t, ctx, "first query", chromedp.Evaluate[string](`document.getElementById('cq1').value`)); v != "rare earth" {
				t.Fatalf("the compare page starts with %q, want the results page's query", v)
			}
			do(t, ctx, "second query", chromedp.SendKeys("#cq2", "tariffs"), chromedp.Click(`.compare-form button`), chromedp.WaitVisible(chromedp.CSS("svg.lines")))
			if n := count(t, ctx, ".chart.wide svg.lines polyline"); n != 2 {
				t.Errorf("%d lines, want 2", n)
			}
			legend := jsStrings(t, ctx, "legend", `[...document.querySelectorAll('.legend li')].map(li => li.textContent.trim())`)
			if !slices.Equal(legend, []string{"rare earth", "tariffs"}) {
				t.Errorf("legend %q", legend)
			}
			dates := jsStrings(t, ctx, "dates", `[...document.querySelectorAll('.chart.wide .xaxis text')].map(t => t.textContent)`)
			if len(dates) == 0 || !strings.HasPrefix(dates[0], "2025") {
				t.Errorf("dates under the chart: %q", dates)
			}
			var api struct {
				Queries []struct {
					Label         string
					TotalArticles int `json:"total_articles"`
				}
			}
			getJSON(t, ts.URL+"/api/compare?q=rare+earth&q=tariffs", &api)
			cells := jsStrings(t, ctx, "totals", `[...document.querySelectorAll('.cmp-table tbody tr')].map(r => r.cells[0].textContent.trim() + '=' + r.cells[1].textContent.trim())`)
			var want []string
			for _, q := range api.Queries {
				want = append(want, fmt.Sprintf("%s=%d", q.Label, q.TotalArticles))
			}
			if !slices.Equal(cells, want) {
				t.Errorf("table %q, the API %q", cells, want)
			}
			href := run(t, ctx, "csv link", chromedp.Evaluate[string](`document.querySelector('a[href^="/compare.csv"]').href`))
			rows := fetchCSV(t, href)
			data := jsStrings(t, ctx, "data rows", `[...document.querySelectorAll('.cmp-data tbody tr')].map(r => [...r.cells].map(c => c.textContent).join(','))`)
			if len(rows) != len(data)+1 || strings.Join(rows[0], ",") != "start,rare earth,tariffs" {
				t.Errorf("CSV %v; the page's numbers %v", rows, data)
			}
			for i, d := range data {
				if strings.Join(rows[i+1], ",") != d {
					t.Errorf("CSV row %v, the page's %s", rows[i+1], d)
				}
			}
			do(t, ctx, "share", chromedp.Click(`//a[contains(., "Share of all")]`), chromedp.WaitVisible(chromedp.CSS("svg.lines")))
			if title := run(t, ctx, "y title", chromedp.Evaluate[string](`document.querySelector('.chart.wide .yaxis .title').textContent`)); !strings.Contains(title, "%") {
				t.Errorf("share: the y-axis says %q", title)
			}
			do(t, ctx, "year", chromedp.Click(`//p[@aria-label="Interval"]/a[.="year"]`), chromedp.WaitVisible(chromedp.CSS("svg.lines")))
			loc := run(t, ctx, "location", chromedp.Evaluate[string](`location.search`))
			if !strings.Contains(loc, "interval=year") || !strings.Contains(loc, "measure=share") {
				t.Errorf("after the toggles the page is %s", loc)
			}
			if d := jsStrings(t, ctx, "dates", `[...document.querySelectorAll('.chart.wide .xaxis text')].map(t => t.textContent)`); len(d) == 0 || d[0] != "2025" {
				t.Errorf("by year the dates read %q", d)
			}
		})
	}
}

// TestCompareScreenshots takes the compare page of four commodities over
// a fifth of Reuters-21578 at 1440 and 390 px, with JavaScript on and off,
// into $NEWSFIND_ARTIFACTS (else a temporary directory): the page never
// scrolls sideways, no control is cut off, and the dates under the chart
// do not overlap.
func TestCompareScreenshots(t *testing.T) {
	skipShort(t)
	items, err := ingest.ParseJSON(corpus.Read(t, "reuters21578.jsonl.gz"), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var arts []newsfind.Article
	for i, it := range items {
		if it.Err == nil && i%5 == 0 {
			arts = append(arts, it.Article)
		}
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	ts := newTestServer(t, eng.Searcher())
	browser := newBrowser(t, 90*time.Second)
	dir := os.Getenv("NEWSFIND_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	results := ts.URL + "/search?q=cocoa&measure=share&interval=week"
	page := ts.URL + "/compare?q=cocoa&q=coffee&q=sugar&q=wheat&label=Cocoa&interval=month"
	for _, s := range []struct {
		width, height int64
		scale         float64
	}{{1440, 1000, 1}, {phoneWidth, phoneHeight, 2}} {
		ctx := newTab(t, browser, true)
		do(t, ctx, "results", chromedp.EmulateViewport(s.width, s.height, chromedp.EmulateScale(s.scale)),
			chromedp.Navigate(results), chromedp.WaitVisible(chromedp.CSS(".timeline svg")))
		png := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
		name := filepath.Join(dir, fmt.Sprintf("timeline-share-%d.png", s.width))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s", name)
		for _, scripts := range []bool{true, false} {
			ctx := newTab(t, browser, scripts)
			do(t, ctx, "open", chromedp.EmulateViewport(s.width, s.height, chromedp.EmulateScale(s.scale)),
				chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".cmp-table")), chromedp.WaitReady(chromedp.CSS("footer")))
			if w := run(t, ctx, "scroll width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > int(s.width) {
				t.Errorf("at %d px the page scrolls sideways (%d px wide)", s.width, w)
			}
			if s.width == phoneWidth {
				if cut := jsStrings(t, ctx, "cut off", cutOffControls); len(cut) > 0 {
					t.Errorf("at %d px: cut off: %s", s.width, strings.Join(cut, "; "))
				}
			}
			if o := jsStrings(t, ctx, "overlaps", `(() => { const shown = [...document.querySelectorAll('.chart')].filter(c => getComputedStyle(c).display !== 'none');
				if (shown.length !== 1) return ['charts shown: ' + shown.length];
				const b = [...shown[0].querySelectorAll('.xaxis text')].map(t => t.getBoundingClientRect()), out = [];
				for (let i = 1; i < b.length; i++) if (b[i].left < b[i-1].right) out.push(i + ''); return out; })()`); len(o) > 0 {
				t.Errorf("at %d px dates under the chart overlap: %v", s.width, o)
			}
			png := run(t, ctx, "screenshot", chromedp.FullScreenshot(100))
			name := filepath.Join(dir, fmt.Sprintf("compare-%d-js-%v.png", s.width, scripts))
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("saved %s", name)
		}
	}
}

func fetchCSV(t *testing.T, u string) [][]string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("%s: status %d, %s", u, resp.StatusCode, ct)
	}
	rows, err := csv.NewReader(resp.Body).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return rows
}
