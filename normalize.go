package newsfind

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds on one article, checked by Normalize before the article costs
// anything more (docs/arrival.md, "Bounds on what arrives"). Each is far
// above what news has: the longest Reuters-21578 story has under 400
// paragraphs, and a headline is a line.
const (
	// MaxBodyBytes bounds one article's body.
	MaxBodyBytes = 2 << 20
	// MaxBylineBytes caps a byline: names, not a paragraph.
	MaxBylineBytes = 500
	// MaxTitleBytes caps a title. The title is passage 0 and is in every
	// hit, so a 10 MB one made every answer that found it 10 MB.
	MaxTitleBytes = 1000
	// MaxDatelineBytes caps a dateline: a place and a day ("NEW YORK,
	// March 3"), not a paragraph.
	MaxDatelineBytes = 200
	// MaxSourceBytes caps a source: an outlet's name, a facet value.
	MaxSourceBytes = 200
	// MaxSectionBytes caps a section: a name ("WORLD NEWS"), not text.
	MaxSectionBytes = 200
	// MaxURLBytes caps a URL, as browsers and sitemaps (2,048) do.
	MaxURLBytes = 2048
	// MaxIDBytes is what ValidID allows.
	MaxIDBytes = 128
	// MaxParagraphs caps the non-empty lines of a body: each may become a
	// passage, that is an index document.
	MaxParagraphs = 20_000
)

// The dates an article may have: from minDate to MaxDateAhead after today.
// Outside them a date is a mistake (a template's 0001-01-01, a 9999-12-31
// "never expires"), and one such date stretched every date facet over
// millennia. Two days ahead leaves room for time zones and embargoed news.
var minDate = time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC)

const MaxDateAhead = 2 * 24 * time.Hour

// InDateWindow reports whether day is in the date window at now. The zero
// time (0001-01-01) is outside: only callers that were given a date ask.
func InDateWindow(day, now time.Time) bool {
	return !day.Before(minDate) && !day.After(dayOfDate(now.Add(MaxDateAhead)))
}

// DateWindow describes the date window at now, for messages.
func DateWindow(now time.Time) string {
	return fmt.Sprintf("%s … %s (today + %d days)", minDate.Format(DateLayout),
		dayOfDate(now.Add(MaxDateAhead)).Format(DateLayout), int(MaxDateAhead.Hours()/24))
}

// dayOfDate keeps the day as the publisher wrote it, not as it falls in UTC.
func dayOfDate(t time.Time) time.Time {
	y, m, dd := t.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)
}

// Normalize checks an article and fills in what can be derived: its id
// from the canonical URL when it brings none. now is the day the date
// window is measured from: the clock of the one place that accepts the
// article, passed in so that what it accepted can be applied again later
// with the same answer. Control characters and bidi
// overrides are taken out of its text first (sanitize.go). The error, an EINVALID
// *Error (ETOOLARGE for a field over its bound, naming the
// limit), says what is wrong.
func Normalize(a *Article, now time.Time) error {
	sanitize(a)
	a.ID = strings.TrimSpace(a.ID)
	a.URL = strings.TrimSpace(a.URL)
	a.Title = strings.TrimSpace(a.Title)
	a.Source = strings.TrimSpace(a.Source)
	a.Byline = strings.Join(strings.Fields(a.Byline), " ")
	a.Dateline = strings.Join(strings.Fields(a.Dateline), " ")
	a.Section = strings.Join(strings.Fields(a.Section), " ")
	a.Body = strings.TrimSpace(a.Body)
	var err error
	if a.Lang, err = NormalizeLang(a.Lang); err != nil {
		return err
	}
	for _, f := range []struct{ name, v string }{{"title", a.Title}, {"body", a.Body}, {"source", a.Source}, {"byline", a.Byline}, {"dateline", a.Dateline}, {"section", a.Section}, {"url", a.URL}, {"id", a.ID}} {
		if !utf8.ValidString(f.v) {
			return Errorf(EINVALID, "%s is not valid UTF-8", f.name)
		}
	}
	for _, f := range []struct {
		name, limit string
		n, max      int
	}{
		{"title", "max_title_bytes", len(a.Title), MaxTitleBytes},
		{"source", "max_source_bytes", len(a.Source), MaxSourceBytes},
		{"byline", "max_byline_bytes", len(a.Byline), MaxBylineBytes},
		{"dateline", "max_dateline_bytes", len(a.Dateline), MaxDatelineBytes},
		{"section", "max_section_bytes", len(a.Section), MaxSectionBytes},
		{"url", "max_url_bytes", len(a.URL), MaxURLBytes},
		{"id", "max_id_bytes", len(a.ID), MaxIDBytes},
		{"body", "max_article_body_bytes", len(a.Body), MaxBodyBytes},
	} {
		if f.n > f.max {
			return LimitErrorf(ETOOLARGE, f.limit, "%s is %d bytes; the limit is %d (%s)", f.name, f.n, f.max, f.limit)
		}
	}
	if a.Body == "" {
		return Errorf(EINVALID, "body is missing: an article needs its text")
	}
	if n, over := countParagraphs(a.Body); over {
		return LimitErrorf(ETOOLARGE, "max_paragraphs",
			"body has %d paragraphs (non-empty lines); the limit is %d (max_paragraphs)", n, MaxParagraphs)
	}
	if a.Dated() && !InDateWindow(a.Published, now) {
		// Parsers refuse or drop such dates with a message of their own;
		// this is for articles made by a program.
		return LimitErrorf(EINVALID, "date_window",
			"published %s is outside %s: give the day the article appeared, or leave it undated",
			a.Published.Format(DateLayout), DateWindow(now))
	}
	if a.URL != "" {
		canon, err := CanonicalURL(a.URL)
		if err != nil {
			return err
		}
		a.URL = canon
	}
	if a.ID == "" {
		if a.URL == "" {
			return Errorf(EINVALID, "an article needs an id or a url")
		}
		a.ID = IDFromURL(a.URL)
	}
	if !ValidID(a.ID) {
		return Errorf(EINVALID, "id %q is not allowed: use letters, digits, '.', '_', '~' or '-', at most 128", Echo(a.ID))
	}
	if a.Source == "" {
		if u, err := url.Parse(a.URL); err == nil && u.Host != "" && len(u.Host) <= MaxSourceBytes {
			a.Source = strings.TrimPrefix(u.Host, "www.")
		}
	}
	return nil
}

// countParagraphs counts the non-empty lines of body and says whether
// they are over MaxParagraphs. A body with fewer lines than that is not
// counted (n is 0): its blank lines cannot matter.
func countParagraphs(body string) (n int, over bool) {
	if strings.Count(body, "\n") < MaxParagraphs {
		return 0, false
	}
	for line := range strings.Lines(body) {
		if strings.TrimSpace(line) != "" {
			n++
		}
	}
	return n, n > MaxParagraphs
}

// CanonicalURL checks that s is an http(s) URL and drops what only tracks
// the reader (utm_* and similar parameters, the fragment).
func CanonicalURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", Errorf(EINVALID, "url %q is not an http or https URL", Echo(s))
	}
	u.Fragment = ""
	u.Host = strings.ToLower(u.Host)
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "mc_cid" || lk == "mc_eid" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // sorted by key, so parameter order does not change the id
	return u.String(), nil
}

// IDFromURL derives a stable, URL-safe id from a canonical URL.
func IDFromURL(canon string) string {
	sum := sha256.Sum256([]byte(canon))
	return "u-" + hex.EncodeToString(sum[:8])
}
