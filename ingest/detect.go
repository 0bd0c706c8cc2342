package ingest

import (
	"bytes"
	"compress/gzip"
	"io"
	"mime"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsfind/newsfind"
)

// Format is an input format.
type Format string

// The formats newsfind reads.
const (
	FormatJSON     Format = "json"     // one object, an array, or NDJSON
	FormatMarkdown Format = "markdown" // front matter + body
	FormatHTML     Format = "html"     // a news page
	FormatFeed     Format = "feed"     // RSS 2.0, RSS 1.0, Atom
	FormatUnknown  Format = ""
)

// MaxInputBytes bounds one input (a file, a fetched URL, a request body)
// after decompression, so a small .gz cannot expand without limit.
const MaxInputBytes = 256 << 20

// MaxFeedItems bounds the items of a feed given as an input (a file, an
// upload): gofeed holds every item, and a million empty items in 7 MB took
// 1.4 GB. They are counted before gofeed reads them; polled feeds have
// their own, smaller cap per poll (arrive.DefaultMaxItems).
const MaxFeedItems = 20000

// Extensions maps file extensions to formats; a folder walk reads only
// files with one of these (after any .gz).
var extensions = map[string]Format{
	".json": FormatJSON, ".ndjson": FormatJSON, ".jsonl": FormatJSON,
	".md": FormatMarkdown, ".markdown": FormatMarkdown, ".txt": FormatMarkdown,
	".html": FormatHTML, ".htm": FormatHTML,
	".rss": FormatFeed, ".atom": FormatFeed, ".rdf": FormatFeed, ".xml": FormatFeed,
}

// Known reports whether a file name has an extension newsfind reads.
func Known(name string) bool {
	return extensions[strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))] != FormatUnknown
}

// Detect picks the format of an input from its Content-Type, then its
// file name's extension, then its first bytes. The content decides when
// the name and type are silent or generic (text/plain, application/xml,
// application/octet-stream).
func Detect(name, contentType string, data []byte) Format {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		switch mt {
		case "application/json", "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines":
			return FormatJSON
		case "text/markdown", "text/x-markdown":
			return FormatMarkdown
		case "text/html", "application/xhtml+xml":
			return FormatHTML
		case "application/rss+xml", "application/atom+xml", "application/rdf+xml":
			return FormatFeed
		}
	}
	if name != "" {
		ext := strings.ToLower(filepath.Ext(strings.TrimSuffix(strings.ToLower(name), ".gz")))
		if f := extensions[ext]; f != FormatUnknown && ext != ".xml" && ext != ".txt" {
			return f
		}
	}
	return sniff(data)
}

func sniff(data []byte) Format {
	b := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\ufeff")), " \t\r\n")
	switch {
	case len(b) == 0:
		return FormatUnknown
	case b[0] == '{' || b[0] == '[':
		return FormatJSON
	case bytes.HasPrefix(b, []byte("---")):
		return FormatMarkdown
	case b[0] != '<':
		return FormatUnknown
	}
	head := bytes.ToLower(b[:min(len(b), 4096)])
	if bytes.HasPrefix(head, []byte("<!doctype html")) {
		return FormatHTML
	}
	// The root element decides: skip the XML declaration, comments and a
	// DOCTYPE to find it.
	if i := firstElement(head); i >= 0 {
		root := head[i+1:]
		for _, p := range []string{"rss", "feed", "rdf:rdf", "rdf"} {
			if bytes.HasPrefix(root, []byte(p)) && len(root) > len(p) && (root[len(p)] == ' ' || root[len(p)] == '>' || root[len(p)] == '\n' || root[len(p)] == '\t' || root[len(p)] == '\r') {
				return FormatFeed
			}
		}
		if bytes.HasPrefix(root, []byte("html")) || bytes.HasPrefix(root, []byte("head")) || bytes.HasPrefix(root, []byte("body")) {
			return FormatHTML
		}
	}
	return FormatUnknown
}

// ParseBytes reads the articles of one input in the format Detect picks.
// The error is for the input as a whole (unknown format, not parseable);
// problems with single articles are in the items' Err.
func ParseBytes(data []byte, name, contentType string, opt Options) ([]Item, error) {
	if len(data) > MaxInputBytes {
		return nil, newsfind.Errorf(newsfind.ETOOLARGE, "input is %d bytes; the limit is %d", len(data), MaxInputBytes)
	}
	switch f := Detect(name, contentType, data); f {
	case FormatJSON:
		return ParseJSON(data, opt)
	case FormatFeed:
		if opt.MaxItems > 0 && opt.MaxItems < MaxFeedItems {
			items, over, err := ParseFeedLimit(data, opt.URL, opt.MaxItems)
			if err == nil && over > 0 {
				return nil, tooManyItems(opt.MaxItems)
			}
			return items, err
		}
		items, over, err := ParseFeedLimit(data, opt.URL, MaxFeedItems)
		if err == nil && over > 0 {
			return nil, newsfind.LimitErrorf(newsfind.ETOOLARGE, "max_feed_items",
				"the feed has %d items; the limit is %d (max_feed_items): split it", MaxFeedItems+over, MaxFeedItems)
		}
		return items, err
	case FormatMarkdown:
		a, err := ParseMarkdown(data)
		return []Item{{Article: a, Err: err}}, nil
	case FormatHTML:
		a, err := ParseHTML(data, contentType, opt.URL)
		if err != nil {
			return nil, err
		}
		return []Item{{Article: a}}, nil
	default:
		what := "the input"
		if name != "" {
			what = name
		}
		return nil, newsfind.Errorf(newsfind.EINVALID, "cannot tell the format of %s: send JSON, NDJSON, Markdown with front matter, an HTML page or an RSS/Atom feed (or name the file .json, .md, .html, .rss …)", what)
	}
}

// ParseFile reads the articles of a file; a .gz file is decompressed.
func ParseFile(path string, opt Options) ([]Item, error) {
	data, err := ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseBytes(data, path, "", opt)
}

// ReadFile reads a file up to MaxInputBytes, decompressing .gz.
func ReadFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, newsfind.Errorf(newsfind.EINVALID, "%s: %v", path, err)
		}
		defer zr.Close()
		r = zr
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return nil, newsfind.Errorf(newsfind.EINVALID, "%s: %v", path, err)
	}
	if len(data) > MaxInputBytes {
		return nil, newsfind.Errorf(newsfind.ETOOLARGE, "%s is over %d MB", path, MaxInputBytes>>20)
	}
	return data, nil
}
