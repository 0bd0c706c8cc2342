package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

func TestParseDateWindow(t *testing.T) {
	day := func(d time.Duration) string { return time.Now().Add(d).Format(newsfind.DateLayout) }
	for _, s := range []string{"1800-01-01", "2025-11-06", "2025-11-06T14:00:00+09:00", day(0), day(newsfind.MaxDateAhead)} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%q): %v", s, err)
		}
	}
	for _, s := range []string{"0000-01-01", "0001-01-01", "0001-01-01T00:00:00Z", "1799-12-31", "9999-12-31", day(newsfind.MaxDateAhead + 48*time.Hour)} {
		got, err := ParseDate(s)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want refused", s, got)
			continue
		}
		msg := newsfind.ErrorMessage(err)
		if newsfind.ErrorCode(err) != newsfind.EINVALID || newsfind.ErrorLimit(err) != "date_window" ||
			!strings.Contains(msg, s) || !strings.Contains(msg, "1800-01-01 … "+day(newsfind.MaxDateAhead)) {
			t.Errorf("ParseDate(%q): %s %q, want an EINVALID date_window error naming the date and the window", s, newsfind.ErrorCode(err), msg)
		}
	}
	for _, s := range []string{"", "undated", "Unknown"} {
		if got, err := ParseDate(s); err != nil || !got.IsZero() {
			t.Errorf("ParseDate(%q) = %v, %v, want undated", s, got, err)
		}
	}
}

func TestParseJSONRefusesDateOutsideWindow(t *testing.T) {
	items, err := ParseJSON([]byte(`[{"url":"https://a.example/1","body":"Text.","published":"9999-12-31"},
		{"url":"https://a.example/2","body":"Text.","published":"0001-01-01"}]`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Err == nil || newsfind.ErrorLimit(it.Err) != "date_window" {
			t.Errorf("item %d: %v, want refused (date_window)", it.Index, it.Err)
		}
	}
	_, err = ParseMarkdown([]byte("---\ntitle: T\npublished: 0000-01-01\n---\nText.\n"))
	if newsfind.ErrorLimit(err) != "date_window" {
		t.Errorf("front matter published 0000-01-01: %v, want refused (date_window)", err)
	}
}

// TestFoundDateOutsideWindow: a page or feed says a date, and it is
// wrong: the article is kept, undated, and its date_note says why.
func TestFoundDateOutsideWindow(t *testing.T) {
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Far future</title><link>https://w.example/1</link><description>Text.</description><pubDate>Fri, 31 Dec 9999 10:00:00 +0000</pubDate></item>
<item><title>Year one</title><link>https://w.example/2</link><description>Text.</description><pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate></item>
<item><title>Fine</title><link>https://w.example/3</link><description>Text.</description><pubDate>Thu, 06 Nov 2025 10:00:00 +0000</pubDate></item>
<item><title>None</title><link>https://w.example/4</link><description>Text.</description></item>
</channel></rss>`
	items, err := ParseFeed([]byte(rss), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ published, note string }{
		{"", "stated date 9999-12-31 is outside 1800-01-01 … "},
		{"", "stated date 0001-01-01 is outside 1800-01-01 … "},
		{"2025-11-06", ""},
		{"", ""},
	}
	for i, it := range items {
		a := it.Article
		if it.Err != nil || Normalize(&a) != nil {
			t.Errorf("item %d refused: %v", i, it.Err)
			continue
		}
		got := ""
		if a.Dated() {
			got = a.Published.Format(newsfind.DateLayout)
		}
		if got != want[i].published || !strings.HasPrefix(a.DateNote, want[i].note) || want[i].note == "" && a.DateNote != "" {
			t.Errorf("item %d: published %q, note %q; want %q, %q…", i, got, a.DateNote, want[i].published, want[i].note)
		}
	}

	// A page's stated date goes the same way.
	page := fmt.Sprintf(`<!doctype html><html><head><title>Far future</title>
<meta property="article:published_time" content="9999-12-31T00:00:00Z"></head>
<body><article><h1>Far future</h1><p>%s</p></article></body></html>`, strings.Repeat("Tariff talks went on through the week. ", 20))
	a, err := ParseHTML([]byte(page), "text/html", "https://p.example/a")
	if err != nil {
		t.Fatal(err)
	}
	if a.Dated() || !strings.HasPrefix(a.DateNote, "stated date 9999-12-31 is outside 1800-01-01 … ") {
		t.Errorf("page: published %v, note %q; want undated with a note", a.Published, a.DateNote)
	}
}

func TestFoundDateFallsBackToUpdated(t *testing.T) {
	bad, good := time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2025, 11, 6, 23, 0, 0, 0, time.FixedZone("", -5*3600))
	if d, note := foundDate(&bad, &good); d.Format(newsfind.DateLayout) != "2025-11-06" || note != "" {
		t.Errorf("foundDate(9999, 2025-11-06) = %v, %q; want the day stated in the second, as written", d, note)
	}
	if d, note := foundDate(nil, nil); !d.IsZero() || note != "" {
		t.Errorf("foundDate(nil, nil) = %v, %q; want undated, no note", d, note)
	}
}
