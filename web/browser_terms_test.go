package web

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestBrowserTermsPanel: the results page shows the distinctive terms
// beside the results once they load (JavaScript on), or a link to the
// same table (JavaScript off); a term adds itself to the query; the CSV
// download has the rows the table shows; the caption says how the sample
// was drawn from the matches, the best-scoring for a query's more than 100,
// an even spread for a filter's. Screenshots at 1440 and 390 px go to
// $NEWSFIND_ARTIFACTS or a temp dir.
func TestBrowserTermsPanel(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 60*time.Second)
	ts := newTestServer(t, enginetest.Open(t, enginetest.Seeds(), enginetest.Articles(tradeCorpus())).Searcher())
	dir := os.Getenv("NEWSFIND_ARTIFACTS")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	page := ts.URL + "/search?q=tariffs"
	best := regexp.MustCompile(`^From 100 of 122 matching articles, the best-scoring \(\d+ passages\) against \d+ passages`)

	t.Run("javascript", func(t *testing.T) {
		ctx := newTab(t, browser, true)
		do(t, ctx, "open results", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS(".terms-panel table.terms")))
		rows := count(t, ctx, ".terms-panel table.terms tbody tr")
		if rows < 5 {
			t.Fatalf("%d terms in the panel", rows)
		}
		// Beside the results: its own column to their right.
		side := run(t, ctx, "panel position", chromedp.Evaluate[bool](`(() => {
			const p = document.querySelector('.terms-panel').getBoundingClientRect(), r = document.querySelector('.results').getBoundingClientRect();
			return p.left >= r.right && p.top < r.top + 200; })()`))
		if !side {
			t.Error("at 1440 px the terms panel is not beside the results")
		}
		if note := text(t, ctx, ".terms-panel .terms-note"); !best.MatchString(note) {
			t.Errorf("the panel's caption: %q", note)
		}
		shoot(t, ctx, dir, "terms-1440")
		do(t, ctx, "scroll to the caption", chromedp.ScrollIntoView(chromedp.CSS(".terms-panel .terms-note")))
		shoot(t, ctx, dir, "terms-caption-1440")
		first := text(t, ctx, ".terms-panel table.terms tbody tr:first-child td a")
		do(t, ctx, "follow the first term", chromedp.Click(chromedp.CSS(".terms-panel table.terms tbody tr:first-child td a")), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		q := run(t, ctx, "query box", chromedp.Evaluate[string](`document.getElementById('q').value`))
		if !strings.Contains(q, "tariffs") || !strings.Contains(strings.ToLower(q), strings.ToLower(first)) {
			t.Errorf("after following %q the query is %q", first, q)
		}
	})

	t.Run("no-javascript", func(t *testing.T) {
		ctx := newTab(t, browser, false)
		do(t, ctx, "open results", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		if n := count(t, ctx, ".terms-panel table.terms"); n != 0 {
			t.Fatalf("with JavaScript off the panel has %d tables: did the script run?", n)
		}
		do(t, ctx, "follow the panel's link", chromedp.Click(chromedp.CSS(".terms-panel a")), chromedp.WaitVisible(chromedp.CSS("table.terms")))
		rows := count(t, ctx, "table.terms tbody tr")
		if note := text(t, ctx, ".terms-note"); !best.MatchString(note) {
			t.Errorf("the terms page's caption: %q", note)
		}
		csvHref := run(t, ctx, "csv link", chromedp.Evaluate[string](`document.querySelector('.terms-body a[download]').getAttribute('href')`))
		resp, err := http.Get(ts.URL + csvHref)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || lines[0] != "term,score,count,background" || len(lines)-1 != rows {
			t.Errorf("CSV %s: %d %s, %d rows for the table's %d:\n%s", csvHref, resp.StatusCode, resp.Header.Get("Content-Type"), len(lines)-1, rows, b)
		}
		u, _ := url.Parse(csvHref)
		if u.Query().Get("q") != "tariffs" {
			t.Errorf("CSV link %s is not the query's", csvHref)
		}
	})

	t.Run("phone", func(t *testing.T) {
		ctx := newPhoneTab(t, browser)
		do(t, ctx, "open results", chromedp.Navigate(ts.URL+"/search?source=Trade+Wire"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		do(t, ctx, "unfold the terms", chromedp.Click(chromedp.CSS(".terms-panel > summary")), chromedp.WaitVisible(chromedp.CSS(".terms-panel table.terms")))
		spread := regexp.MustCompile(`^From 100 of 120 matching articles, an even spread over them \(\d+ passages\)`)
		if note := text(t, ctx, ".terms-panel .terms-note"); !spread.MatchString(note) {
			t.Errorf("a filter's caption: %q", note)
		}
		if w := run(t, ctx, "scroll width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > phoneWidth {
			t.Errorf("at 390 px the page scrolls sideways (%d px wide)", w)
		}
		if cut := jsStrings(t, ctx, "cut-off controls", cutOffControls); len(cut) > 0 {
			t.Errorf("cut off at 390 px: %v", cut)
		}
		shoot(t, ctx, dir, fmt.Sprintf("terms-%d", phoneWidth))
		do(t, ctx, "scroll to the caption", chromedp.ScrollIntoView(chromedp.CSS(".terms-panel .terms-note")))
		shoot(t, ctx, dir, fmt.Sprintf("terms-caption-%d", phoneWidth))
	})
}

// shoot saves the tab's screenshot as <name>.png in dir.
func shoot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
	name = filepath.Join(dir, name+".png")
	if err := os.WriteFile(name, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s", name)
}
