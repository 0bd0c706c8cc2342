package web

import (
	"context"
	"encoding/base64"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

// TestBrowserSaveSearch: in Chromium, the results page offers "Save this
// search"; saving asks for the token (a browser without it is refused),
// then the saved-searches page lists the search, and a matching article
// written afterwards appears there as a new match. It leaves a screenshot
// of that page in $NEWSFIND_SCREENSHOTS (default: the test's temp dir).
func TestBrowserSaveSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := newBrowser(t, 90*time.Second)
	ctx := context.Background()
	eng, err := engine.Open(ctx, engine.Options{Dir: t.TempDir(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if _, err := eng.Add(ctx, []newsfind.Article{{ID: "b1", Title: "Barley harvest in France", Body: "France's barley harvest rose this year."}}); err != nil {
		t.Fatal(err)
	}
	const token = "browser-token-0123456789"
	srv, err := NewServer(Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(), Token: token, Saved: eng})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)

	tab := newTab(t, browser, true)
	do(t, tab, "search", chromedp.Navigate(ts.URL+"/search?q=barley"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	if got := text(t, tab, "p.save"); !strings.Contains(got, "Save this search") || !strings.Contains(got, "Atom feed") {
		t.Fatalf("results page save line %q", got)
	}
	// Without the token the browser is asked for it (401, Basic): a
	// headless one has no one to ask, and gets no form.
	do(t, tab, "save without the token", chromedp.Click(chromedp.CSS("p.save a")), chromedp.Sleep(500*time.Millisecond))
	if n := count(t, tab, "form.savesearch"); n != 0 {
		t.Fatalf("without the token the save form was shown")
	}
	// What a browser sends once its Basic prompt has the token.
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("researcher:"+token))
	do(t, tab, "give the token", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Authorization": auth}})
		return err
	}))
	do(t, tab, "save page", chromedp.Navigate(ts.URL+"/search?q=barley"), chromedp.WaitVisible(chromedp.CSS("p.save a")),
		chromedp.Click(chromedp.CSS("p.save a")), chromedp.WaitVisible(chromedp.CSS("form.savesearch")))
	do(t, tab, "name and save",
		chromedp.SetValue(chromedp.ID("name"), "Barley watch"),
		chromedp.Click(chromedp.CSS("form.savesearch button")),
		chromedp.WaitVisible(chromedp.CSS("article.saved-search")))
	if h := text(t, tab, "article.saved-search h2"); h != "Barley watch" {
		t.Fatalf("saved searches page lists %q", h)
	}
	if _, err := eng.Add(ctx, []newsfind.Article{{ID: "b2", Title: "Barley prices fall", Body: "Barley prices fell in Canada."}}); err != nil {
		t.Fatal(err)
	}
	var hits string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		do(t, tab, "reload", chromedp.Navigate(ts.URL+"/searches"), chromedp.WaitVisible(chromedp.CSS("article.saved-search")))
		if count(t, tab, "ol.saved-hits li") > 0 {
			hits = text(t, tab, "ol.saved-hits")
			break
		}
	}
	if !strings.Contains(hits, "Barley prices fall") || strings.Contains(hits, "harvest") {
		t.Fatalf("newest matches %q, want the article written after saving only", hits)
	}
	do(t, tab, "feed link", chromedp.Click(chromedp.CSS("article.saved-search h2 a")), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	if n := count(t, tab, "li.hit"); n != 2 {
		t.Errorf("the saved search's link finds %d hits, want 2", n)
	}
	do(t, tab, "back", chromedp.Navigate(ts.URL+"/searches"), chromedp.WaitVisible(chromedp.CSS("ol.saved-hits")))
	png := run(t, tab, "screenshot", chromedp.CaptureScreenshot())
	dir := os.Getenv("NEWSFIND_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, "saved-searches.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
