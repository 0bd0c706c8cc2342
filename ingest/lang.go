package ingest

import (
	"golang.org/x/net/html"

	"github.com/newsfind/newsfind"
)

// pageLang is the language the page's <html lang> states, "" when it
// states none or one that is not a tag.
func pageLang(doc *html.Node) string {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			l, err := newsfind.NormalizeLang(attr(n, "lang"))
			if err != nil {
				return ""
			}
			return l
		}
	}
	return ""
}
