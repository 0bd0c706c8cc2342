package ingest

import (
	"strings"

	"golang.org/x/net/html"

	"github.com/newsfind/newsfind"
)

// pageLang is the language the page's <html lang> states, "" when it
// states none or one that is not a tag. Only the language is kept, not the
// region: it comes with a site's template ("en-GB" on every Telegraph
// page), and a researcher filters by language (lang=en must count them).
func pageLang(doc *html.Node) string {
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.Data == "html" {
			l, err := newsfind.NormalizeLang(attr(n, "lang"))
			if err != nil {
				return ""
			}
			primary, _, _ := strings.Cut(l, "-")
			return strings.ToLower(primary)
		}
	}
	return ""
}
