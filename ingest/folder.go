package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/newsfind/newsfind"
)

// ReadFolderFile reads a file met in a folder walk. A folder holds more
// than articles: a saved page's package.json or metadata .json, a README,
// a sitemap.xml. So a file is read as articles only when it is one:
// an HTML page, Markdown with front matter, a feed, or JSON at least one
// of whose items has an article's shape (see articleShaped). Any other
// file is passed over, and skip says why, for the one line the caller
// prints about it. A file given by name is the sender's word that it is
// articles, and is read with ParseFile instead.
func ReadFolderFile(path string, opt Options) (items []Item, skip string) {
	name := strings.ToLower(path)
	if !Known(name) {
		ext := filepath.Ext(name)
		if ext == "" {
			return nil, "not a file newsfind reads (no extension)"
		}
		return nil, "not a file newsfind reads (" + ext + ")"
	}
	data, err := ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, "cannot be read: " + pe.Err.Error() // permission denied, a broken link
		}
		return nil, newsfind.ErrorMessage(err)
	}
	opt.URL = ""
	switch Detect(path, "", data) {
	case FormatUnknown:
		return nil, "not an article: neither a page, a feed, JSON nor Markdown with front matter"
	case FormatMarkdown:
		if !bytes.HasPrefix(bytes.TrimPrefix(data, []byte("\ufeff")), []byte("---")) {
			return nil, "Markdown without front matter: an article file starts with a \"---\" block"
		}
	case FormatJSON:
		items, err := ParseJSON(data, opt)
		if err != nil {
			return nil, newsfind.ErrorMessage(err)
		}
		if !articleShaped(items) {
			// Strict refuses items with unknown fields: whether the
			// file is articles is asked of its fields as read leniently,
			// and the items keep their strict refusals.
			if !opt.Strict {
				return nil, "JSON that holds no article: no item has a text (body, html or description) with a title, id or url"
			}
			lenient, _ := ParseJSON(data, Options{Lenient: true})
			if !articleShaped(lenient) {
				return nil, "JSON that holds no article: no item has a text (body, html or description) with a title, id or url"
			}
		}
		return items, ""
	}
	items, err = ParseBytes(data, path, "", opt)
	if err != nil {
		return nil, newsfind.ErrorMessage(err)
	}
	return items, ""
}

// articleShaped reports whether any item reads as an article: a text and
// something to name it by. An npm package.json (a description, a name)
// or a page's metadata (a url and title, no text) does not.
func articleShaped(items []Item) bool {
	for _, it := range items {
		a := it.Article
		if it.Err == nil && strings.TrimSpace(a.Body) != "" && (a.Title != "" || a.ID != "" || a.URL != "") {
			return true
		}
	}
	return false
}

// SavedPageFiles reports whether dir is the folder of resources a browser
// writes beside a page saved whole ("Web page, complete": page.html and
// page_files/ with its scripts, styles, images and frames), and names the
// page. A folder walk passes it over: none of it is the article.
func SavedPageFiles(dir string) (page string, ok bool) {
	base, found := strings.CutSuffix(filepath.Base(dir), "_files")
	if !found || base == "" {
		return "", false
	}
	for _, ext := range []string{".html", ".htm", ".HTML", ".HTM", ".xhtml", ".mhtml"} {
		p := filepath.Join(filepath.Dir(dir), base+ext)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, true
		}
	}
	return "", false
}
