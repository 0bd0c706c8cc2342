package search

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// mark returns text HTML-escaped with the matched spans wrapped in <mark>.
// Escaping happens here, around and inside the marks, so that the marks are
// the only markup that reaches a page.
func mark(text string, locs search.TermLocationMap) string {
	type span struct{ start, end int }
	var spans []span
	for _, tl := range locs {
		for _, l := range tl {
			// Locations come from the index and the text from the store; an
			// article rewritten in between must not split a character.
			if l == nil || int(l.End) > len(text) || l.Start >= l.End ||
				!utf8.RuneStart(text[l.Start]) || (int(l.End) < len(text) && !utf8.RuneStart(text[l.End])) {
				continue
			}
			spans = append(spans, span{int(l.Start), int(l.End)})
		}
	}
	if len(spans) == 0 {
		return html.EscapeString(text)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	pos := 0
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		// Join overlapping and touching spans, and those separated only
		// by spaces or hyphens, so a phrase is marked as one.
		for i+1 < len(spans) && (spans[i+1].start <= sp.end || strings.Trim(text[sp.end:spans[i+1].start], " -") == "") {
			if spans[i+1].end > sp.end {
				sp.end = spans[i+1].end
			}
			i++
		}
		if sp.start < pos {
			sp.start = pos
		}
		b.WriteString(html.EscapeString(text[pos:sp.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[sp.start:sp.end]))
		b.WriteString("</mark>")
		pos = sp.end
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
}
