package web

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserAboutFacets: in real Chromium, each country and commodity
// facet says which set of tags it counts, what an article is about or what
// it names, and ticking an about value narrows to the articles about it.
func TestBrowserAboutFacets(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := newBrowser(t, 60*time.Second)
	ts, _ := newEngineServer(t)
	for _, scripts := range []bool{true, false} {
		ctx := newTab(t, browser, scripts)
		do(t, ctx, "search", chromedp.Navigate(ts.URL+"/search?q=rare+earth"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))

		// The facet of each set names it in its legend and says what it counts.
		for _, c := range []struct{ param, legend, counts string }{
			{"about_country", "Country: about", "Counts articles about it"},
			{"about_commodity", "Commodity: about", "Counts articles about it"},
			{"country", "Country: mentions", "Counts articles that name it"},
			{"commodity", "Commodity: mentions", "Counts articles that name it"},
		} {
			js := `(() => { const i = document.querySelector('fieldset.facet input[name=` + c.param + `]');
				const f = i && i.closest('fieldset');
				return f ? f.querySelector('legend').textContent.trim() + '|' + f.querySelector('.facet-counts').textContent.trim() : ''; })()`
			if got := run(t, ctx, "legend of "+c.param, chromedp.Evaluate[string](js)); got != c.legend+"|"+c.counts {
				t.Errorf("scripts %v: facet %s shows %q, want %q", scripts, c.param, got, c.legend+"|"+c.counts)
			}
		}
		// Uranium: named by one seed (in a passage far down), the subject of none.
		if n := count(t, ctx, `input[name=commodity][value=uranium]`); n != 1 {
			t.Errorf("scripts %v: the mentions facet lists uranium %d times, want 1", scripts, n)
		}
		if n := count(t, ctx, `input[name=about_commodity][value=uranium]`); n != 0 {
			t.Errorf("scripts %v: the about facet lists uranium, which no seed is about", scripts)
		}

		// Tick "about: Semiconductors" (003 only; 000 and 001 name no chips).
		sel := `input[name=about_commodity][value=semiconductors]`
		do(t, ctx, "tick about semiconductors", chromedp.Click(chromedp.CSS(sel)))
		if !scripts {
			do(t, ctx, "apply", chromedp.Click(chromedp.CSS("button.apply")))
		}
		do(t, ctx, "wait for chip", chromedp.WaitVisible(chromedp.CSS("ul.chips a.chip")), chromedp.WaitReady(chromedp.CSS("footer")))
		if chip := text(t, ctx, "ul.chips a.chip"); !strings.Contains(chip, "About commodity: Semiconductors") {
			t.Errorf("scripts %v: chip %q, want About commodity: Semiconductors", scripts, chip)
		}
		if n := count(t, ctx, "li.hit"); n != 1 {
			t.Errorf("scripts %v: %d hits about semiconductors, want 1", scripts, n)
		}
		// The hit marks the tags it is about.
		if n := count(t, ctx, "li.hit a.tag.about"); n == 0 {
			t.Errorf("scripts %v: the hit marks none of its tags as about", scripts)
		}

		// The article page lists what it is about apart from what it names.
		do(t, ctx, "open article", chromedp.Navigate(ts.URL+"/articles/003_dd54bef6c421656c"), chromedp.WaitVisible(chromedp.CSS("article.doc")))
		about := run(t, ctx, "about tags", chromedp.Evaluate[string](`[...document.querySelectorAll('ul.about-tags a.tag')].map(a => a.textContent.trim()).join(',')`))
		if !strings.Contains(about, "Kazakhstan") || !strings.Contains(about, "Rare earths") || strings.Contains(about, "India") || strings.Contains(about, "Uranium") {
			t.Errorf("scripts %v: article 003 is about %q", scripts, about)
		}
	}
}
