package web

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("update", false, "rewrite docs/screenshot-1440.png and docs/screenshot-390.png from this build (scripts/screenshots.sh)")

// phone is the narrow viewport the pages must fit: an iPhone 12 to 15.
const phoneWidth, phoneHeight = 390, 844

// newPhoneTab opens a tab at phone size, scripts on.
func newPhoneTab(t *testing.T, browser context.Context) context.Context {
	t.Helper()
	ctx := newTab(t, browser, true)
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateScale(2)))
	return ctx
}

// cutOffControls lists the controls of the page (links, buttons, fields,
// their labels, disclosure summaries) that reach past either side of the
// viewport, the drop-downs too narrow to show their choice whole
// ("anywhe▾"), and the labels of drop-downs squeezed onto two lines.
// Controls inside a scrolling box (the timeline's bars), those not
// rendered (folded away) and the skip link are left out.
const cutOffControls = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	const name = el => (el.id ? '#' + el.id : '') || (el.getAttribute('name') ? '[name=' + el.getAttribute('name') + ']' : '') || el.textContent.trim().slice(0, 30);
	const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 || r.height > 0; };
	for (const el of document.querySelectorAll('a, button, input, select, textarea, label, summary')) {
		// The skip link waits off-screen until it has focus, by design.
		if (el.closest('.chart') || el.classList.contains('skip') || !shown(el)) continue;
		const r = el.getBoundingClientRect();
		if (r.left < -0.5 || r.right > w + 0.5) {
			out.push(el.tagName.toLowerCase() + ' ' + name(el) + ' reaches ' + Math.round(r.left) + '..' + Math.round(r.right));
		}
	}
	const ctx = document.createElement('canvas').getContext('2d');
	for (const s of document.querySelectorAll('select')) {
		if (!shown(s)) continue;
		const cs = getComputedStyle(s);
		ctx.font = cs.font;
		// The choice's text, the padding, and about 1.25em for the arrow.
		const need = ctx.measureText(s.options[s.selectedIndex].text).width + parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight) + 1.25 * parseFloat(cs.fontSize);
		if (need > s.getBoundingClientRect().width + 0.5) {
			out.push('select ' + name(s) + ' shows "' + s.options[s.selectedIndex].text + '" in ' + Math.round(s.getBoundingClientRect().width) + ' px of the ' + Math.round(need) + ' it needs');
		}
		const l = s.id && document.querySelector('label[for="' + s.id + '"]');
		if (l && shown(l) && l.getBoundingClientRect().height > 1.6 * parseFloat(getComputedStyle(l).lineHeight)) {
			out.push('label "' + l.textContent.trim() + '" of select ' + name(s) + ' wraps');
		}
	}
	return out; })()`

// TestBrowserPhoneFits: at 390 px no control is cut off, with the filters
// folded (as the page starts) and unfolded, on every page.
func TestBrowserPhoneFits(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts, _ := newEngineServer(t)
	ctx := newPhoneTab(t, browser)
	for _, path := range []string{
		"/",
		"/search?q=" + url.QueryEscape("rare earth"),
		"/search?q=" + url.QueryEscape("rare earth") + "&distinct=story&scope=passage&country=KZ",
		"/search?q=" + url.QueryEscape(`"rare`),
		"/articles/003_dd54bef6c421656c?q=uranium",
	} {
		do(t, ctx, "open "+path, chromedp.Navigate(ts.URL+path), chromedp.WaitReady(chromedp.CSS("footer")))
		for _, open := range []bool{false, true} {
			if open {
				do(t, ctx, "unfold", chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('details').forEach(d => d.open = true)`))
			}
			if cut := jsStrings(t, ctx, "cut off", cutOffControls); len(cut) > 0 {
				t.Errorf("%s (details open %v) at %d px: cut off: %s", path, open, phoneWidth, strings.Join(cut, "; "))
			}
			if w := run(t, ctx, "scroll width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > phoneWidth {
				t.Errorf("%s (details open %v): the page scrolls sideways (%d px wide)", path, open, w)
			}
		}
	}
}

// TestBrowserTryExamples: the home page's "Try:" examples come from the
// corpus being served, so that each one answers something on a corpus
// that is not the seeds.
func TestBrowserTryExamples(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts := newCorpusServer(t)
	ctx := newTab(t, browser, false)
	do(t, ctx, "home", chromedp.Navigate(ts.URL+"/"), chromedp.WaitReady(chromedp.CSS("footer")))
	hrefs := jsStrings(t, ctx, "examples", `[...document.querySelectorAll('a.example')].map(a => a.href)`)
	if len(hrefs) < 3 {
		t.Fatalf("home page offers %d examples, want 3 or more", len(hrefs))
	}
	for _, h := range hrefs {
		do(t, ctx, "open "+h, chromedp.Navigate(h), chromedp.WaitReady(chromedp.CSS("footer")))
		if n := count(t, ctx, "li.hit"); n == 0 {
			t.Errorf("example %s answers no hits (%s)", h, text(t, ctx, "main"))
		}
	}
	// No results: the examples offered there answer too.
	do(t, ctx, "nothing", chromedp.Navigate(ts.URL+"/search?q=zzzyzx"), chromedp.WaitVisible(chromedp.CSS(".empty")))
	if n := count(t, ctx, ".empty a.example"); n < 3 {
		t.Errorf("the empty result offers %d examples", n)
	}
}

// TestScreenshots takes the README's screenshots of the results page at
// desktop and phone width; with -update (scripts/screenshots.sh) it writes
// them to docs/, otherwise to $NEWSFIND_ARTIFACTS or a temp dir.
func TestScreenshots(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts, _ := newEngineServer(t)
	dir := os.Getenv("NEWSFIND_ARTIFACTS")
	if *updateScreenshots {
		dir = filepath.Join("..", "docs")
	}
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	page := ts.URL + "/search?q=" + url.QueryEscape("rare earth")
	for _, s := range []struct {
		width, height int64
		scale         float64
	}{{1440, 1000, 1}, {phoneWidth, phoneHeight, 2}} {
		ctx := newTab(t, browser, true)
		do(t, ctx, "screenshot page",
			chromedp.EmulateViewport(s.width, s.height, chromedp.EmulateScale(s.scale)),
			chromedp.Navigate(page),
			chromedp.WaitVisible(chromedp.CSS("ol.hits")),
			chromedp.WaitReady(chromedp.CSS("footer")),
		)
		if w := run(t, ctx, "scroll width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > int(s.width) {
			t.Errorf("at %dpx the page scrolls sideways (%dpx wide)", s.width, w)
		}
		png := run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
		name := filepath.Join(dir, fmt.Sprintf("screenshot-%d.png", s.width))
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("saved %s", name)
	}
}
