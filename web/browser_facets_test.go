package web

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserUnknownLanguage: articles whose language nobody could detect
// have their own bucket in the language facet, and ticking it finds them.
func TestBrowserUnknownLanguage(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts := newCorpusServer(t)
	ctx := newTab(t, browser, true)
	do(t, ctx, "all", chromedp.Navigate(ts.URL+"/search"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
	langs := jsStrings(t, ctx, "languages", `[...document.querySelectorAll('input[name=lang]')].map(i =>
		i.value + '=' + document.querySelector('label[for="' + i.id + '"]').textContent.trim().replace(/\s+/g, ' '))`)
	if !strings.Contains(strings.Join(langs, "|"), "und=Unknown 1") {
		t.Fatalf("language facet %q, want an Unknown bucket of 1 (the price table)", langs)
	}
	do(t, ctx, "tick unknown", chromedp.Click(chromedp.CSS(`input[name=lang][value=und]`)),
		chromedp.WaitVisible(chromedp.CSS("ul.chips a.chip")), chromedp.WaitReady(chromedp.CSS("footer")))
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "1 article") {
		t.Errorf("lang=und: heading %q, want 1 article", h)
	}
	if chip := text(t, ctx, "ul.chips a.chip"); !strings.Contains(chip, "Language: Unknown") {
		t.Errorf("lang=und: chip %q", chip)
	}
	// In the query syntax, alone and with words.
	do(t, ctx, "lang:und", chromedp.Navigate(ts.URL+"/search?q=lang:und"), chromedp.WaitReady(chromedp.CSS("footer")))
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "1 article") {
		t.Errorf("q=lang:und: heading %q, want 1 article", h)
	}
	// With query text too, and beside a known language.
	do(t, ctx, "text", chromedp.Navigate(ts.URL+"/search?q=8,600&lang=und"), chromedp.WaitReady(chromedp.CSS("footer")))
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "1 article") {
		t.Errorf("q=8,600&lang=und: heading %q, want 1 article", h)
	}
	do(t, ctx, "both", chromedp.Navigate(ts.URL+"/search?q=8,600&lang=und&lang=en"), chromedp.WaitReady(chromedp.CSS("footer")))
	if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "2 articles") {
		t.Errorf("q=8,600&lang=und&lang=en: heading %q, want 2 articles", h)
	}
}

// TestBrowserTimelineAxis: the timeline has a y-axis whose ticks say the
// counts, starting at 0 and reaching the tallest bar, and whose title
// says what is counted.
func TestBrowserTimelineAxis(t *testing.T) {
	skipShort(t)
	browser := newBrowser(t, 40*time.Second)
	ts := newCorpusServer(t)
	ctx := newTab(t, browser, false)
	for _, c := range []struct{ query, unit string }{{"", "articles"}, {"&distinct=story", "stories"}} {
		do(t, ctx, "all", chromedp.Navigate(ts.URL+"/search?q="+c.query), chromedp.WaitVisible(chromedp.CSS("svg.bars")))
		ticks := jsStrings(t, ctx, "ticks", `[...document.querySelectorAll('svg.bars .yaxis .tick text')].map(t => t.textContent.trim())`)
		bars := jsStrings(t, ctx, "bars", `[...document.querySelectorAll('svg.bars a')].map(a => a.getAttribute('aria-label'))`)
		most := 0
		for _, b := range bars {
			// "2024-03: 7 articles"
			f := strings.Fields(b[strings.LastIndex(b, ":")+1:])
			if n, err := strconv.Atoi(f[0]); err == nil {
				most = max(most, n)
			}
		}
		if len(ticks) < 2 || ticks[0] != "0" {
			t.Fatalf("q=%s: y-axis ticks %q, want 0 and up", c.query, ticks)
		}
		if top, err := strconv.Atoi(ticks[len(ticks)-1]); err != nil || top < most || most == 0 {
			t.Errorf("q=%s: top tick %q, tallest bar %d", c.query, ticks[len(ticks)-1], most)
		}
		if title := run(t, ctx, "axis title", chromedp.Evaluate[string](`(document.querySelector('svg.bars .yaxis .title') || {}).textContent || ''`)); title != c.unit {
			t.Errorf("q=%s: y-axis title %q, want %s", c.query, title, c.unit)
		}
		// The tick labels are drawn inside the picture, not clipped off.
		out := run(t, ctx, "clipped", chromedp.Evaluate[int](`(() => { const s = document.querySelector('svg.bars').getBoundingClientRect();
			return [...document.querySelectorAll('svg.bars .yaxis text')].filter(t => { const r = t.getBoundingClientRect();
				return r.left < s.left - 0.5 || r.right > s.right + 0.5 || r.top < s.top - 0.5 || r.bottom > s.bottom + 0.5; }).length; })()`))
		if out > 0 {
			t.Errorf("q=%s: %d axis labels drawn outside the chart", c.query, out)
		}
	}
}
