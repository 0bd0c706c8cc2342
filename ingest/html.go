package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"codeberg.org/readeck/go-readability/v2/render"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"

	"github.com/newsfind/newsfind"
)

// Limits on an HTML page. Readability walks the whole tree several times,
// so a page with an absurd number of elements is refused, not parsed.
const (
	maxHTMLElements = 50_000
	// minArticleText is the least main text that counts as an article:
	// below it, what readability found is page furniture (a cookie notice,
	// a "page not found"), not news.
	minArticleText = 200
)

// ParseHTML extracts the article from a news page: its main text (by
// Mozilla's Readability algorithm, in readeck's maintained Go port), its
// title from the page's metadata, its publication day from what the page
// states (pageDay: JSON-LD, <meta>, microdata, the header's <time>, the
// URL's path), its source from the site name, and its URL from the canonical
// link (else pageURL). Page furniture (captions, credits, "Continue
// reading", related links: furniture.go) is left out of the text. A page
// with no article text is an error.
func ParseHTML(data []byte, contentType, pageURL string) (newsfind.Article, error) {
	a, _, err := parseHTML(data, contentType, pageURL)
	return a, err
}

// parseHTML is ParseHTML that also returns the furniture it dropped, for
// its tests to show.
func parseHTML(data []byte, contentType, pageURL string) (a newsfind.Article, dropped []string, err error) {
	doc, err := parseHTMLDoc(data, contentType)
	if err != nil {
		return a, nil, err
	}
	canonical := canonicalLink(doc)
	var base *url.URL
	for _, s := range []string{canonical, pageURL} {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			base = u
			break
		}
	}
	// Dates come from the page as sent: readability rewrites the tree.
	dateURL := canonical
	if dateURL == "" {
		dateURL = pageURL
	}
	published, dateNote := pageDay(doc, dateURL)
	section := pageSection(doc)
	lang := pageLang(doc)
	alts := imageAlts(doc)
	p := readability.NewParser()
	p.MaxElemsToParse = maxHTMLElements
	p.KeepClasses = true // the furniture rules read them
	ra, err := p.ParseAndMutate(doc, base)
	if err != nil {
		return a, nil, newsfind.Errorf(newsfind.EINVALID, "HTML page: %v", err)
	}
	body := ""
	if ra.Node != nil {
		body, dropped = articleText(ra.Node, alts)
	}
	if utf8.RuneCountInString(body) < minArticleText {
		return a, dropped, newsfind.Errorf(newsfind.EINVALID, "no article found in the HTML page: its main text is %d characters, under the %d an article needs (is it an index page, a login wall or an error page?)", utf8.RuneCountInString(body), minArticleText)
	}
	a.Title = strings.Join(strings.Fields(ra.Title()), " ")
	a.Body = body
	a.Source = strings.TrimSpace(ra.SiteName())
	a.Byline = clipByline(ra.Byline())
	a.Published, a.DateNote = published, dateNote
	a.Section = section
	a.Lang = lang
	if base != nil {
		a.URL = base.String()
	}
	if a.URL == "" {
		// A saved page that does not say where it lives: identify it by its
		// content, so that ingesting the same file again is a no-op.
		a.ID = contentID(a.Title, a.Body)
	}
	return a, dropped, nil
}

// articleText renders the main text readability found without its page
// furniture (furniture.go), and returns what it dropped.
func articleText(main *html.Node, alts []map[string]bool) (text string, dropped []string) {
	dropped = furniture.dropElements(main)
	text, lines := furniture.dropLines(cleanText(render.InnerText(main)), alts)
	return text, append(dropped, lines...)
}

// parseHTMLDoc parses a page in whatever charset it declares (HTTP header,
// BOM, <meta charset>); undeclared bytes are UTF-8 when they are valid
// UTF-8, else windows-1252, as browsers do.
func parseHTMLDoc(data []byte, contentType string) (*html.Node, error) {
	var r io.Reader = bytes.NewReader(data)
	// DetermineEncoding guesses windows-1252 when the page declares
	// nothing; bytes that are valid UTF-8 are far more likely UTF-8.
	if enc, name, certain := charset.DetermineEncoding(data, contentType); name != "utf-8" && (certain || !utf8.Valid(data)) {
		r = enc.NewDecoder().Reader(r)
	}
	doc, err := html.Parse(r)
	if err != nil {
		return nil, newsfind.Errorf(newsfind.EINVALID, "HTML page: %v", err)
	}
	return doc, nil
}

// canonicalLink returns the page's own address: <link rel=canonical>, else
// <meta property=og:url>.
func canonicalLink(doc *html.Node) string {
	var canon, og string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "link":
				if strings.EqualFold(attr(n, "rel"), "canonical") && canon == "" {
					canon = attr(n, "href")
				}
			case "meta":
				if attr(n, "property") == "og:url" && og == "" {
					og = attr(n, "content")
				}
			case "body":
				return // metadata lives in <head>
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, s := range []string{canon, og} {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u.String()
		}
	}
	return ""
}

// pageSection returns the section a page's Open Graph metadata names
// (article:section: "Environment", "DealBook"), "" when it names none.
func pageSection(doc *html.Node) string {
	var found string
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		// Not only in <head>: the BBC's is in <body>.
		if n.Type == html.ElementNode && n.Data == "meta" {
			switch strings.ToLower(attr(n, "property")) {
			case "article:section", "og:article:section":
				if v := strings.Join(strings.Fields(attr(n, "content")), " "); v != "" && len(v) <= newsfind.MaxSectionBytes {
					found = v
					return true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return found
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// HTMLText renders an HTML fragment (a feed item's content, a JSON
// article's html field) as text, one paragraph per block element, with
// scripts, styles and hidden elements left out, and page furniture too
// (furniture.go: a feed's "Continue reading...", a caption).
func HTMLText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return cleanText(s)
	}
	root := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(s), root)
	if err != nil {
		return cleanText(s)
	}
	// Render the fragment as one tree: inline elements (<a>, <q>) at its
	// top level must not break paragraphs.
	for _, n := range nodes {
		root.AppendChild(n)
	}
	text, _ := articleText(root, nil)
	return text
}

// cleanText trims each line and collapses runs of blank lines to one, so
// that paragraphs are separated by exactly one blank line.
func cleanText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var out []string
	blank := false
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimSpace(strings.ReplaceAll(l, "\u00a0", " "))
		if l == "" {
			blank = len(out) > 0
			continue
		}
		if blank {
			out = append(out, "")
			blank = false
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// contentID derives an id from an article's text, for input that has
// neither an id nor a URL.
func contentID(title, body string) string {
	sum := sha256.Sum256([]byte(title + "\x00" + body))
	return "h-" + hex.EncodeToString(sum[:8])
}
