package web

import (
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// feedSize is how many of the newest matches a feed has.
const feedSize = 50

// The Atom 1.0 elements newsfind writes (RFC 4287): a feed needs id,
// title and updated, and an author unless every entry has one; an entry
// id, title, updated, and a link or content.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Links     []atomLink  `xml:"link"`
	Entries   []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Authors   []atomPerson `xml:"author"`
	Links     []atomLink   `xml:"link"`
	Summary   *atomText    `xml:"summary"`
}

// entryID is an article's entry id: the same in every feed and every
// answer, whatever the server's address.
func entryID(articleID string) string { return "urn:newsfind:article:" + url.PathEscape(articleID) }

// baseURL is the server's address as the client reached it, for the
// absolute links a feed reader needs.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// writeAtom writes the hits of res as a feed: newest first, each linking
// to its article page and its original, its best passage the summary.
// A feed with no entries is as new as since (its search's last change).
func writeAtom(w http.ResponseWriter, r *http.Request, id, title string, res *newsfind.Result, since time.Time) error {
	base := baseURL(r)
	self := base + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		self += "?" + r.URL.RawQuery
	}
	f := atomFeed{ID: id, Title: title, Author: atomPerson{Name: "newsfind"}, Generator: "newsfind",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: self}}}
	updated := since
	for i := range res.Hits {
		h := &res.Hits[i]
		e := atomEntry{ID: entryID(h.ID), Title: atomText{Type: "text", Text: h.Title},
			Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: base + "/articles/" + url.PathEscape(h.ID)}}}
		if e.Title.Text == "" {
			e.Title.Text = h.ID
		}
		if u, err := url.Parse(h.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			e.Links = append(e.Links, atomLink{Rel: "related", Type: "text/html", Href: h.URL})
		}
		// An article says when it was published, not when it last
		// changed: that day stands for both, so that an entry's updated
		// does not move each time the feed is read.
		t := h.Published
		if t.IsZero() {
			t = since
		} else {
			e.Published = t.UTC().Format(time.RFC3339)
		}
		e.Updated = t.UTC().Format(time.RFC3339)
		if t.After(updated) {
			updated = t
		}
		if h.Source != "" {
			e.Authors = []atomPerson{{Name: h.Source}}
		}
		if p := bestPassage(h); p != "" {
			e.Summary = &atomText{Type: "text", Text: p}
		}
		f.Entries = append(f.Entries, e)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	_, _ = io.WriteString(w, xml.Header)
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	return enc.Encode(f)
}

// feedQuery is a feed's search: its newest matches, by publication (one
// day's by relevance).
func feedQuery(q newsfind.Query) newsfind.Query {
	q.Sort, q.Page, q.After, q.CountOnly, q.Size = newsfind.SortDate, 0, "", false, feedSize
	return q
}

// bestPassage is the summary of a hit: its best matching passage, unless
// that is the title the entry shows already, then the next best.
func bestPassage(h *newsfind.Hit) string {
	for _, p := range h.Passages {
		if strings.TrimSpace(p.Text) != strings.TrimSpace(h.Title) {
			return p.Text
		}
	}
	if len(h.Passages) > 0 {
		return h.Passages[0].Text
	}
	return ""
}
