package wire

import (
	"time"

	"github.com/newsfind/newsfind"
)

// Article is an article as POST /api/articles reads it, one JSON object
// (of an array or NDJSON). Published is a day as a string, "" when
// unknown, where newsfind.Article's own JSON would write an unknown day as
// year 1; reading it is the reader's, which reports a bad date its own way.
type Article struct {
	ID        string `json:"id,omitempty"`
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	Source    string `json:"source,omitempty"`
	Byline    string `json:"byline,omitempty"`
	Section   string `json:"section,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Published string `json:"published,omitempty"`
	DateNote  string `json:"date_note,omitempty"`
	Dateline  string `json:"dateline,omitempty"`
	Body      string `json:"body"`
	// HTML stands in for Body: the server reads the text out of it. A
	// client sends Body.
	HTML        string   `json:"html,omitempty"`
	Countries   []string `json:"countries,omitempty"`
	Commodities []string `json:"commodities,omitempty"`
}

// NewArticle is a as the client sends it.
func NewArticle(a *newsfind.Article) Article {
	w := Article{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Byline: a.Byline, Section: a.Section,
		Lang: a.Lang, DateNote: a.DateNote, Dateline: a.Dateline, Body: a.Body,
		Countries: a.Countries, Commodities: a.Commodities}
	if a.Dated() {
		w.Published = a.Published.Format(newsfind.DateLayout)
	}
	return w
}

// Domain is the article w says, published on the day the caller read
// from w.Published (zero for none). HTML is the caller's to read too.
func (w *Article) Domain(published time.Time) newsfind.Article {
	return newsfind.Article{ID: w.ID, URL: w.URL, Title: w.Title, Source: w.Source, Byline: w.Byline, Section: w.Section,
		Lang: w.Lang, Published: published, DateNote: w.DateNote, Dateline: w.Dateline, Body: w.Body,
		Countries: w.Countries, Commodities: w.Commodities}
}

// Day is how the API writes a day: YYYY-MM-DD, or null when unknown.
func Day(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(newsfind.DateLayout)
	return &s
}

// ParseDay reads a day the API wrote, null meaning unknown.
func ParseDay(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(newsfind.DateLayout, *s)
	if err != nil {
		return time.Time{}, newsfind.Errorf(newsfind.EINTERNAL, "the server sent %q as a day: %v", *s, err)
	}
	return t, nil
}
