package ingest

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"golang.org/x/text/encoding/charmap"

	"github.com/newsfind/newsfind"
)

// ParseFeed reads an RSS 2.0, RSS 1.0 (RDF) or Atom feed (with
// mmcdole/gofeed), one article per item: its link, title, publication day,
// and its full content when the feed carries it, else its description.
// The feed's title is the source. A feed that cannot be parsed is an error
// for the whole input; an item without a link or text is an Item error.
//
// A feed with an internal DTD subset is refused before parsing: such a DTD
// exists to declare entities, and entity expansion is the "billion laughs"
// attack. (encoding/xml, under gofeed, does not expand declared entities,
// but refusing says so plainly instead of indexing "&lol9;".)
func ParseFeed(data []byte, feedURL string) ([]Item, error) {
	items, _, err := ParseFeedLimit(data, feedURL, 0)
	return items, err
}

// ParseFeedLimit is ParseFeed reading at most maxItems items (all when
// maxItems <= 0), the first ones in the document: feeds list the newest
// first. over is how many items the feed holds past the cap.
//
// gofeed keeps every item of a document in memory at once, a few hundred
// bytes each even when empty, so a 7 MB feed of a million "<item/>" cost
// 1.4 GB before any cap could apply. The feed is therefore counted first
// with a streaming tokenizer, which holds nothing per item, and cut after
// its maxItems-th item before gofeed sees it.
func ParseFeedLimit(data []byte, feedURL string, maxItems int) (items []Item, over int, err error) {
	if err := refuseDTD(data); err != nil {
		return nil, 0, err
	}
	data = feedUTF8(data)
	if maxItems > 0 {
		var n int
		if data, n, err = capFeed(data, maxItems); err != nil {
			return nil, 0, err
		}
		over = max(n-maxItems, 0)
	}
	items, err = parseFeed(data, feedURL)
	return items, over, err
}

func parseFeed(data []byte, feedURL string) ([]Item, error) {
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if err != nil {
		return nil, newsfind.Errorf(newsfind.EINVALID, "not a readable RSS or Atom feed: %v", err)
	}
	source := strings.Join(strings.Fields(f.Title), " ")
	// Atom feeds often link items relative to the site (href="/blog/…").
	// The base is the first absolute one of the site's link, the feed's
	// own (self) link and where it was fetched from.
	var base *url.URL
	for _, s := range []string{f.Link, f.FeedLink, feedURL} {
		if u, err := url.Parse(strings.TrimSpace(s)); err == nil && u.IsAbs() && u.Host != "" {
			base = u
			break
		}
	}
	items := make([]Item, len(f.Items))
	for i, it := range f.Items {
		items[i].Index = i
		items[i].Article, items[i].Err = feedArticle(it, source, base)
	}
	return items, nil
}

func feedArticle(it *gofeed.Item, source string, base *url.URL) (newsfind.Article, error) {
	a := newsfind.Article{
		Title:  strings.Join(strings.Fields(HTMLText(it.Title)), " "),
		URL:    strings.TrimSpace(it.Link),
		Source: source,
	}
	body := HTMLText(it.Content)
	if desc := HTMLText(it.Description); len(desc) > len(body) {
		// Some feeds put a teaser in content and the text in description.
		body = desc
	}
	a.Body = body
	var names []string
	for _, p := range it.Authors {
		if p != nil && strings.TrimSpace(p.Name) != "" {
			names = append(names, p.Name)
		}
	}
	a.Byline = clipByline(strings.Join(names, ", "))
	a.Published, a.DateNote = foundDate(it.PublishedParsed, it.UpdatedParsed)
	if a.URL == "" {
		for _, l := range it.Links {
			if l = strings.TrimSpace(l); l != "" {
				a.URL = l
				break
			}
		}
	}
	if a.URL == "" && strings.HasPrefix(it.GUID, "http") {
		a.URL = strings.TrimSpace(it.GUID)
	}
	if a.URL != "" && base != nil && base.IsAbs() {
		if u, err := base.Parse(a.URL); err == nil {
			a.URL = u.String()
		}
	}
	if a.URL == "" {
		if it.GUID == "" {
			return a, newsfind.Errorf(newsfind.EINVALID, "feed item %q has neither a link nor a guid to identify it", a.Title)
		}
		a.ID = contentID(it.GUID, "")
	}
	if a.Body == "" {
		// A headline-only item (Science's "This week in Science", news
		// tickers) is still news: its headline is its text, as for the
		// headline-only stories of a wire.
		a.Body = a.Title
	}
	if a.Body == "" {
		return a, newsfind.Errorf(newsfind.EINVALID, "feed item has no title, description or content")
	}
	return a, nil
}

// maxFeedDepth bounds how deeply a feed nests elements outside its items:
// feeds use 2 or 3 levels (rss > channel > item), and capFeed keeps a name
// per level.
const maxFeedDepth = 64

// capFeed counts the items (RSS and RDF <item>, Atom <entry>) of a feed
// and, when there are more than maxItems, returns the feed cut after the
// maxItems-th one and closed again (the elements still open there, such
// as </channel></rss>), so gofeed reads a well-formed, shorter feed.
// Whatever follows the cut is dropped: in practice only more items.
// A document the tokenizer cannot read to the cut is returned whole, for
// gofeed to read or refuse as before.
func capFeed(data []byte, maxItems int) ([]byte, int, error) {
	// Only the structure is read, and tags are ASCII in every charset a
	// feed declares in practice: other bytes are read as ASCII letters, so
	// a latin-1 byte cannot stop the count (encoding/xml refuses invalid
	// UTF-8) and offsets stay those of data.
	d := xml.NewDecoder(asciiReader{bytes.NewReader(data)})
	d.Strict = false // as gofeed reads: HTML entities, unclosed tags
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var open []xml.Name // outside any item
	inItem, n, cut := 0, 0, -1
	var closing []byte
	for {
		tok, err := d.RawToken()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case inItem > 0:
				inItem++
			case t.Name.Local == "item" || t.Name.Local == "entry":
				n++
				inItem = 1
			default:
				if len(open) == maxFeedDepth {
					return nil, 0, newsfind.Errorf(newsfind.EINVALID, "feed refused: it nests elements more than %d deep", maxFeedDepth)
				}
				open = append(open, t.Name)
			}
		case xml.EndElement:
			switch {
			case inItem > 0:
				inItem--
				if inItem == 0 && n == maxItems {
					cut = int(d.InputOffset())
					closing = closeTags(open)
				}
			case len(open) > 0:
				open = open[:len(open)-1]
			}
		}
	}
	if n <= maxItems || cut < 0 {
		return data, n, nil
	}
	out := make([]byte, 0, cut+len(closing))
	return append(append(out, data[:cut]...), closing...), n, nil
}

// asciiReader reads every byte over 0x7f as 'x'.
type asciiReader struct{ r io.Reader }

func (a asciiReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	for i, c := range p[:n] {
		if c > 0x7f {
			p[i] = 'x'
		}
	}
	return n, err
}

// closeTags returns the end tags of open, innermost first.
func closeTags(open []xml.Name) []byte {
	var b []byte
	for i := len(open) - 1; i >= 0; i-- {
		b = append(b, "</"...)
		if open[i].Space != "" {
			b = append(append(b, open[i].Space...), ':')
		}
		b = append(append(b, open[i].Local...), '>')
	}
	return b
}

// refuseDTD refuses a document whose prolog has a DOCTYPE with an internal
// subset ("<!DOCTYPE rss [ <!ENTITY ...> ]>"). A plain DOCTYPE, such as RSS
// 0.91's public one, is harmless and allowed.
func refuseDTD(data []byte) error {
	prolog := data[:min(len(data), 64<<10)]
	i := bytes.Index(prolog, []byte("<!DOCTYPE"))
	if i < 0 {
		i = bytes.Index(prolog, []byte("<!doctype"))
	}
	if i < 0 {
		return nil
	}
	// The DOCTYPE must come before the root element to be one.
	if root := firstElement(prolog); root >= 0 && root < i {
		return nil
	}
	decl := prolog[i:]
	end := bytes.IndexByte(decl, '>')
	if j := bytes.IndexByte(decl, '['); j >= 0 && (end < 0 || j < end) || bytes.Contains(decl, []byte("<!ENTITY")) {
		return newsfind.Errorf(newsfind.EINVALID, "feed refused: it declares a DTD with entities (<!DOCTYPE … [ <!ENTITY …> ]>), which feeds do not need and entity-expansion attacks (\"billion laughs\") use")
	}
	return nil
}

// firstElement returns the offset of the first start tag ("<" followed by
// a letter), -1 if none.
func firstElement(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == '<' {
			c := b[i+1]
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				return i
			}
		}
	}
	return -1
}

// feedUTF8 converts a feed that declares no encoding and is not UTF-8 from
// windows-1252 (a superset of latin-1, what such feeds are in practice).
// encoding/xml would otherwise take the bytes as UTF-8 and the articles
// would be refused as invalid UTF-8. A declared encoding is left to gofeed.
func feedUTF8(data []byte) []byte {
	if utf8.Valid(data) {
		return data
	}
	head := data[:min(len(data), 200)]
	if bytes.HasPrefix(head, []byte("<?xml")) {
		if end := bytes.Index(head, []byte("?>")); end > 0 && bytes.Contains(head[:end], []byte("encoding")) {
			return data
		}
	}
	out, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return data
	}
	return out
}
