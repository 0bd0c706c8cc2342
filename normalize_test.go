package newsfind

import (
	"strings"
	"testing"
	"time"
)

func TestNormalizeBounds(t *testing.T) {
	ok := func() Article {
		return Article{URL: "https://news.example/a", Title: "T", Source: "S", Body: "Text."}
	}
	lines := func(n int) string { return strings.Repeat("A line.\n\n", n) }
	tests := []struct {
		limit string
		at    func(*Article) // the field at its limit: accepted
		over  func(*Article) // one past it: refused
	}{
		{"max_title_bytes", func(a *Article) { a.Title = strings.Repeat("t", MaxTitleBytes) },
			func(a *Article) { a.Title = strings.Repeat("t", MaxTitleBytes+1) }},
		{"max_source_bytes", func(a *Article) { a.Source = strings.Repeat("s", MaxSourceBytes) },
			func(a *Article) { a.Source = strings.Repeat("s", MaxSourceBytes+1) }},
		{"max_byline_bytes", func(a *Article) { a.Byline = strings.Repeat("b", MaxBylineBytes) },
			func(a *Article) { a.Byline = strings.Repeat("b", MaxBylineBytes+1) }},
		{"max_dateline_bytes", func(a *Article) { a.Dateline = strings.Repeat("d", MaxDatelineBytes) },
			func(a *Article) { a.Dateline = strings.Repeat("d", MaxDatelineBytes+1) }},
		{"max_url_bytes", func(a *Article) { a.URL += "/" + strings.Repeat("u", MaxURLBytes-len(a.URL)-1) },
			func(a *Article) { a.URL += "/" + strings.Repeat("u", MaxURLBytes-len(a.URL)) }},
		{"max_id_bytes", func(a *Article) { a.ID = strings.Repeat("i", MaxIDBytes) },
			func(a *Article) { a.ID = strings.Repeat("i", MaxIDBytes+1) }},
		{"max_article_body_bytes", func(a *Article) { a.Body = strings.Repeat("b", MaxBodyBytes) },
			func(a *Article) { a.Body = strings.Repeat("b", MaxBodyBytes+1) }},
		// Blank lines are not paragraphs.
		{"max_paragraphs", func(a *Article) { a.Body = lines(MaxParagraphs) },
			func(a *Article) { a.Body = lines(MaxParagraphs + 1) }},
	}
	for _, tt := range tests {
		a := ok()
		tt.at(&a)
		if err := Normalize(&a, time.Now()); err != nil {
			t.Errorf("%s: at the limit: %v", tt.limit, err)
		}
		a = ok()
		tt.over(&a)
		err := Normalize(&a, time.Now())
		if ErrorCode(err) != ETOOLARGE || ErrorLimit(err) != tt.limit {
			t.Errorf("%s: over the limit: %v (%s), want ETOOLARGE naming %s", tt.limit, err, ErrorCode(err), tt.limit)
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
	a := Article{URL: "https://news.example/a", Title: strings.Repeat("headline ", 10<<20/9), Body: "Text."}
	start := time.Now()
	err := Normalize(&a, time.Now())
	if ErrorLimit(err) != "max_title_bytes" {
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
		a := Article{URL: "https://news.example/a", Body: "Text.", Published: d}
		err := Normalize(&a, time.Now())
		if ErrorCode(err) != EINVALID || ErrorLimit(err) != "date_window" ||
			!strings.Contains(err.Error(), d.Format(DateLayout)) {
			t.Errorf("published %v: %v, want EINVALID date_window naming the date", d, err)
		}
	}
	a := Article{URL: "https://news.example/a", Body: "Text.", Published: time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)}
	if err := Normalize(&a, time.Now()); err != nil {
		t.Errorf("published 1800-01-01: %v", err)
	}
}
