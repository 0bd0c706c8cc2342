package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

func TestNormalizeBounds(t *testing.T) {
	ok := func() newsfind.Article {
		return newsfind.Article{URL: "https://news.example/a", Title: "T", Source: "S", Body: "Text."}
	}
	lines := func(n int) string { return strings.Repeat("A line.\n\n", n) }
	tests := []struct {
		limit string
		at    func(*newsfind.Article) // the field at its limit: accepted
		over  func(*newsfind.Article) // one past it: refused
	}{
		{"max_title_bytes", func(a *newsfind.Article) { a.Title = strings.Repeat("t", MaxTitleBytes) },
			func(a *newsfind.Article) { a.Title = strings.Repeat("t", MaxTitleBytes+1) }},
		{"max_source_bytes", func(a *newsfind.Article) { a.Source = strings.Repeat("s", MaxSourceBytes) },
			func(a *newsfind.Article) { a.Source = strings.Repeat("s", MaxSourceBytes+1) }},
		{"max_byline_bytes", func(a *newsfind.Article) { a.Byline = strings.Repeat("b", MaxBylineBytes) },
			func(a *newsfind.Article) { a.Byline = strings.Repeat("b", MaxBylineBytes+1) }},
		{"max_dateline_bytes", func(a *newsfind.Article) { a.Dateline = strings.Repeat("d", MaxDatelineBytes) },
			func(a *newsfind.Article) { a.Dateline = strings.Repeat("d", MaxDatelineBytes+1) }},
		{"max_url_bytes", func(a *newsfind.Article) { a.URL += "/" + strings.Repeat("u", MaxURLBytes-len(a.URL)-1) },
			func(a *newsfind.Article) { a.URL += "/" + strings.Repeat("u", MaxURLBytes-len(a.URL)) }},
		{"max_id_bytes", func(a *newsfind.Article) { a.ID = strings.Repeat("i", MaxIDBytes) },
			func(a *newsfind.Article) { a.ID = strings.Repeat("i", MaxIDBytes+1) }},
		{"max_article_body_bytes", func(a *newsfind.Article) { a.Body = strings.Repeat("b", MaxBodyBytes) },
			func(a *newsfind.Article) { a.Body = strings.Repeat("b", MaxBodyBytes+1) }},
		// Blank lines are not paragraphs.
		{"max_paragraphs", func(a *newsfind.Article) { a.Body = lines(MaxParagraphs) },
			func(a *newsfind.Article) { a.Body = lines(MaxParagraphs + 1) }},
	}
	for _, tt := range tests {
		a := ok()
		tt.at(&a)
		if err := Normalize(&a); err != nil {
			t.Errorf("%s: at the limit: %v", tt.limit, err)
		}
		a = ok()
		tt.over(&a)
		err := Normalize(&a)
		if newsfind.ErrorCode(err) != newsfind.ETOOLARGE || newsfind.ErrorLimit(err) != tt.limit {
			t.Errorf("%s: over the limit: %v (%s), want ETOOLARGE naming %s", tt.limit, err, newsfind.ErrorCode(err), tt.limit)
			continue
		}
		// The message says the value and the limit.
		if msg := err.Error(); !strings.Contains(msg, "limit is") || !strings.Contains(msg, tt.limit) {
			t.Errorf("%s: message %q", tt.limit, msg)
		}
	}
}

// TestNormalizeBoundsCostNothing: a 10 MB title is refused at once.
func TestNormalizeBoundsCostNothing(t *testing.T) {
	a := newsfind.Article{URL: "https://news.example/a", Title: strings.Repeat("headline ", 10<<20/9), Body: "Text."}
	start := time.Now()
	err := Normalize(&a)
	if newsfind.ErrorLimit(err) != "max_title_bytes" {
		t.Fatalf("10 MB title: %v", err)
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("refusing a 10 MB title took %v", took)
	}
}

// TestNormalizeDateWindow: an article made by a program with a date
// outside the window is refused as one from JSON is.
func TestNormalizeDateWindow(t *testing.T) {
	for _, d := range []time.Time{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1799, 12, 31, 0, 0, 0, 0, time.UTC), time.Now().AddDate(0, 0, 5)} {
		a := newsfind.Article{URL: "https://news.example/a", Body: "Text.", Published: d}
		err := Normalize(&a)
		if newsfind.ErrorCode(err) != newsfind.EINVALID || newsfind.ErrorLimit(err) != "date_window" ||
			!strings.Contains(err.Error(), d.Format(newsfind.DateLayout)) {
			t.Errorf("published %v: %v, want EINVALID date_window naming the date", d, err)
		}
	}
	a := newsfind.Article{URL: "https://news.example/a", Body: "Text.", Published: time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := Normalize(&a); err != nil {
		t.Errorf("published 1800-01-01: %v", err)
	}
}
