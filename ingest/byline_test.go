package ingest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestByline: every format that names its authors keeps them, tidied.
func TestByline(t *testing.T) {
	para := strings.Repeat("Chile's lithium output rose again this quarter, the ministry said. ", 6)
	cases := []struct {
		name string
		read func() (newsfind.Article, error)
		want string
	}{
		{"json", func() (newsfind.Article, error) {
			items, err := ParseJSON([]byte(`{"id":"b1","title":"T","body":"B","byline":"  Jane   Doe "}`), Options{})
			if err != nil {
				return newsfind.Article{}, err
			}
			return items[0].Article, items[0].Err
		}, "Jane Doe"},
		{"front matter", func() (newsfind.Article, error) {
			return ParseMarkdown([]byte("---\nid: b2\ntitle: T\nbyline: Li Wei\n---\nBody text.\n"))
		}, "Li Wei"},
		{"rss dc:creator", func() (newsfind.Article, error) {
			items, err := ParseFeed([]byte(`<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title>
<item><title>Lithium</title><link>https://x.example/1</link><dc:creator>Ana Lopez</dc:creator><description>Chile's lithium output rose.</description></item></channel></rss>`), "")
			if err != nil {
				return newsfind.Article{}, err
			}
			return items[0].Article, items[0].Err
		}, "Ana Lopez"},
		{"atom authors", func() (newsfind.Article, error) {
			items, err := ParseFeed([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Lithium</title><link href="https://x.example/2"/><author><name>Ana Lopez</name></author><author><name>Li Wei</name></author><summary>Chile's lithium output rose.</summary></entry></feed>`), "")
			if err != nil {
				return newsfind.Article{}, err
			}
			return items[0].Article, items[0].Err
		}, "Ana Lopez, Li Wei"},
		{"html", func() (newsfind.Article, error) {
			return ParseHTML([]byte(`<html><head><title>Lithium rises</title><meta name="author" content="Ana Lopez"></head><body><article><h1>Lithium rises</h1><p>`+para+`</p><p>`+para+`</p></article></body></html>`), "", "https://x.example/3")
		}, "Ana Lopez"},
	}
	for _, c := range cases {
		a, err := c.read()
		if err == nil {
			err = Normalize(&a)
		}
		if err != nil || a.Byline != c.want {
			t.Errorf("%s: byline %q (%v), want %q", c.name, a.Byline, err, c.want)
		}
	}
	long := newsfind.Article{ID: "b9", Title: "T", Body: "B", Byline: strings.Repeat("Name ", 200)}
	if err := Normalize(&long); newsfind.ErrorCode(err) != newsfind.ETOOLARGE {
		t.Errorf("a 1,000-byte byline given: %v, want too_large", err)
	}
	// Found in a feed, a long author list is cut at a name, not refused.
	var authors []string
	for i := range 60 {
		authors = append(authors, fmt.Sprintf("<author><name>Ana López %d</name></author>", i))
	}
	items, err := ParseFeed([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Lithium</title><link href="https://x.example/4"/>`+strings.Join(authors, "")+`<summary>Chile's lithium output rose.</summary></entry></feed>`), "")
	if err != nil || items[0].Err != nil {
		t.Fatalf("%v %v", err, items[0].Err)
	}
	a := items[0].Article
	if err := Normalize(&a); err != nil || len(a.Byline) > MaxBylineBytes || !strings.HasSuffix(a.Byline, " …") || !strings.HasPrefix(a.Byline, "Ana López 0, Ana López 1,") {
		t.Errorf("60 feed authors: %v, byline %q (%d bytes)", err, a.Byline, len(a.Byline))
	}
}
