package web

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// chromePath finds the browser: $NEWSFIND_CHROME, then the Debian package.
func chromePath() string {
	for _, p := range []string{os.Getenv("NEWSFIND_CHROME"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	return ""
}

// newBrowser starts headless Chromium for the test, or skips the test
// when there is none (and fails it on CI, where there must be one).
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	chrome := chromePath()
	if chrome == "" {
		msg := "no Chromium found at /usr/bin/chromium (apt-get install chromium, or set NEWSFIND_CHROME)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1440, 1000),
	)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // start the browser
		t.Fatalf("start %s: %v", chrome, err)
	}
	return bctx
}

// newTab opens a tab in the browser, with scripts on or off.
func newTab(t *testing.T, browser context.Context, scripts bool) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 1000)); err != nil {
		t.Fatal(err)
	}
	if !scripts {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	return ctx
}

// stepTimeout bounds one step, so that a broken page fails its step
// quickly instead of using up the whole test's time.
const stepTimeout = 10 * time.Second

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

func count(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	return len(run(t, ctx, "count "+sel, chromedp.Nodes(chromedp.CSSAll(sel), chromedp.AtLeast(0))))
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return strings.Join(strings.Fields(run(t, ctx, "text of "+sel, chromedp.Text(chromedp.CSS(sel)))), " ")
}

// pressSlash presses "/" as a keyboard does: a keyDown that carries the
// text, so that the page can cancel the typing (chromedp.KeyEvent sends a
// separate char event, which a page cannot cancel).
func pressSlash() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
			p := input.DispatchKeyEventParams{Type: typ, Key: "/", Code: "Slash", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
			if typ == input.DispatchKeyEventTypeKeyDown {
				p.Text, p.UnmodifiedText = "/", "/"
			}
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

var leadingNumber = regexp.MustCompile(`^\d+`)

// TestBrowser drives real headless Chromium through the researchers' flows,
// once with JavaScript and once without (TestScreenshots takes the
// screenshots).
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	start := time.Now()
	browser := newBrowser(t, 60*time.Second)
	ts, _ := newEngineServer(t)

	for _, scripts := range []bool{true, false} {
		name := "javascript"
		if !scripts {
			name = "no-javascript"
		}
		t.Run(name, func(t *testing.T) {
			ctx := newTab(t, browser, scripts)
			testSearchFlow(t, ctx, ts.URL, scripts)
		})
	}
	t.Logf("browser test took %s", time.Since(start).Round(time.Millisecond))
}

func testSearchFlow(t *testing.T, ctx context.Context, base string, scripts bool) {
	// The home page: the query box has focus; whether our script ran
	// tells us the tab really has JavaScript on or off.
	do(t, ctx, "open /", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.ID("q")))
	// Autofocus lands when the page has loaded, which a busy machine
	// reaches after the query box is visible: wait for it, a while.
	// (Polled from here: chromedp.Poll needs the page's own JavaScript.)
	focused := ""
	for deadline := time.Now().Add(5 * time.Second); focused != "q" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		focused = run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement && document.activeElement.id`))
	}
	if focused != "q" {
		t.Errorf("focused element on / is %q, want the query box", focused)
	}
	if got := run(t, ctx, "js class", chromedp.Evaluate[bool](`document.documentElement.classList.contains('js')`)); got != scripts {
		t.Fatalf("app.js ran = %v, want %v", got, scripts)
	}
	if n := count(t, ctx, "a.example"); n < 3 {
		t.Errorf("home page shows %d example queries, want 3 or more", n)
	}

	// Type a query and submit it with Enter.
	do(t, ctx, "search",
		chromedp.SendKeys(chromedp.ID("q"), "rare earth\r"),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
		chromedp.WaitReady(chromedp.CSS("footer")),
	)
	if n := count(t, ctx, "li.hit"); n != 3 {
		t.Fatalf("results for rare earth: %d hits, want 3", n)
	}
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "3 articles") {
		t.Errorf("results heading %q, want 3 articles", h)
	}
	if n := count(t, ctx, "li.hit mark"); n == 0 {
		t.Errorf("no <mark> in the result passages")
	}
	if n := count(t, ctx, "svg.bars a"); n == 0 {
		t.Errorf("the timeline has no bars")
	}
	loc := run(t, ctx, "location", chromedp.Location())
	if u, _ := url.Parse(loc); u.Path != "/search" || u.Query().Get("q") != "rare earth" {
		t.Errorf("results URL %s is not a permalink of the search", loc)
	}

	if scripts {
		// "/" from anywhere focuses the query box, and is not typed into it.
		do(t, ctx, "blur", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur()`), pressSlash())
		if got := run(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.id`)); got != "q" {
			t.Errorf(`after "/", focus is on %q, want the query box`, got)
		}
		if got := run(t, ctx, "query", chromedp.Value(chromedp.ID("q"))); got != "rare earth" {
			t.Errorf(`after "/", the query box holds %q`, got)
		}
	}

	// Tick Kazakhstan: with JavaScript the change submits; without, the
	// Apply button does.
	kz := `input[name=country][value=KZ]`
	label := text(t, ctx, `label[for="`+run(t, ctx, "kz id", chromedp.AttributeValue(chromedp.CSS(kz), "id")).Value+`"]`)
	if !strings.HasPrefix(label, "Kazakhstan ") {
		t.Fatalf("KZ facet label %q", label)
	}
	want, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(label, "Kazakhstan")))
	if err != nil || want < 1 {
		t.Fatalf("KZ facet count in %q: %v", label, err)
	}
	do(t, ctx, "tick KZ", chromedp.Click(chromedp.CSS(kz)))
	if !scripts {
		do(t, ctx, "apply", chromedp.Click(chromedp.CSS("button.apply")))
	}
	do(t, ctx, "wait for chip", chromedp.WaitVisible(chromedp.CSS("ul.chips a.chip")), chromedp.WaitReady(chromedp.CSS("footer")))
	if chip := text(t, ctx, "ul.chips a.chip"); !strings.Contains(chip, "Country: Kazakhstan") {
		t.Errorf("chip %q, want Country: Kazakhstan", chip)
	}
	if h := text(t, ctx, "#results-h"); leadingNumber.FindString(h) != strconv.Itoa(want) {
		t.Errorf("after ticking KZ (%d articles in the facet) the heading says %q", want, h)
	}
	if !run(t, ctx, "checked", chromedp.Evaluate[bool](`document.querySelector('`+kz+`').checked`)) {
		t.Errorf("the KZ box is not ticked on the filtered page")
	}
	if loc := run(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "country=KZ") {
		t.Errorf("filtered URL %s lacks country=KZ", loc)
	}

	// Open the first article: its matching passages are marked.
	do(t, ctx, "open article",
		chromedp.Click(chromedp.CSS("li.hit h2 a")),
		chromedp.WaitVisible(chromedp.CSS("article.doc")),
		chromedp.WaitReady(chromedp.CSS("footer")),
	)
	if n := count(t, ctx, ".body p.para mark"); n == 0 {
		t.Errorf("the article page has no marked passage")
	}
	if m := strings.ToLower(text(t, ctx, ".body p.para mark")); !strings.Contains(m, "rare") && !strings.Contains(m, "earth") {
		t.Errorf("marked text %q is not a match for rare earth", m)
	}
	if n := count(t, ctx, `.body p.para[id^="p"]`); n < 2 {
		t.Errorf("article page has %d anchored passages", n)
	}

	// Back to the results, then remove the chip.
	do(t, ctx, "back", chromedp.Click(chromedp.CSS(".crumbs a")), chromedp.WaitVisible(chromedp.CSS("ul.chips a.chip")))
	do(t, ctx, "remove chip",
		chromedp.Click(chromedp.CSS("ul.chips a.chip")),
		chromedp.WaitNotPresent(chromedp.CSS("ul.chips")),
		chromedp.WaitVisible(chromedp.CSS("ol.hits")),
	)
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "3 articles") {
		t.Errorf("after removing the chip the heading says %q", h)
	}
	if loc := run(t, ctx, "location", chromedp.Location()); strings.Contains(loc, "country=") {
		t.Errorf("URL %s still has a country filter", loc)
	}

	// The scope control: words anywhere in an article (the default), or
	// all in one passage, which is narrower.
	do(t, ctx, "scope query", chromedp.Navigate(base+"/search?q=rare+earth+Kazakhstan"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "3 articles") {
		t.Errorf("article scope: the heading says %q", h)
	}
	// SetValue fires the change event that submits with scripts; the
	// new page is the one whose option carries the selected attribute.
	do(t, ctx, "choose passage scope", chromedp.SetValue(chromedp.CSS("#scope"), "passage"))
	if !scripts {
		do(t, ctx, "submit", chromedp.Click(chromedp.CSS(".qrow button")))
	}
	do(t, ctx, "wait for passage scope", chromedp.WaitReady(chromedp.CSS(`#scope option[value="passage"][selected]`)), chromedp.WaitReady(chromedp.CSS("footer")))
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "2 articles") {
		t.Errorf("passage scope: the heading says %q", h)
	}
	if loc := run(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "scope=passage") {
		t.Errorf("URL %s lacks scope=passage", loc)
	}

	// A syntax error is explained on the page.
	do(t, ctx, "bad query", chromedp.Navigate(base+"/search?q=%22rare"), chromedp.WaitVisible(chromedp.CSS(".alert")))
	if msg := text(t, ctx, ".alert .message"); !strings.Contains(msg, "syntax error") {
		t.Errorf("syntax error message %q", msg)
	}
}
