package search

import (
	"html"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsfind/newsfind"
)

// passageHit returns passage index of an article with the matches at locs
// (none when locs is nil) as marks and as highlight.
func passageHit(index int, text string, locs search.TermLocationMap, mf *markForms) newsfind.PassageHit {
	p := newsfind.PassageHit{Index: index, Text: text, Marks: marks(text, locs, mf)}
	p.Highlight = highlight(p)
	return p
}

// marks returns the matched spans of text as code-point [start, end)
// pairs in order. Locations are byte offsets; clients count characters
// (JSON has no bytes), so the offsets are converted here, once.
func marks(text string, locs search.TermLocationMap, mf *markForms) [][2]int {
	type span struct{ start, end int }
	var spans []span
	for term, tl := range locs {
		for _, l := range tl {
			// Locations come from the index and the text from the store; an
			// article rewritten in between must not split a character.
			if l == nil || int(l.End) > len(text) || l.Start >= l.End ||
				!utf8.RuneStart(text[l.Start]) || (int(l.End) < len(text) && !utf8.RuneStart(text[l.End])) {
				continue
			}
			if !mf.allows(term, text[l.Start:l.End]) {
				continue
			}
			end := int(l.End)
			// The tokenizer leaves the last dot of "U.S." out of the word;
			// the mark takes it back.
			if end < len(text) && text[end] == '.' && dottedAcronym(text[l.Start:end]) {
				end++
			}
			spans = append(spans, span{int(l.Start), end})
		}
	}
	out := [][2]int{} // [] in JSON, not null
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	pos, cp := 0, 0 // byte and code-point offsets of the end of the last mark
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		// Join overlapping and touching spans, and those separated only
		// by spaces, hyphens or a plus, so a phrase is marked as one:
		// "rare-earth", "C5+1" (not a slash: "dollar/yen" are two words).
		for i+1 < len(spans) && (spans[i+1].start <= sp.end || strings.Trim(text[sp.end:spans[i+1].start], " -+") == "") {
			sp.end = max(sp.end, spans[i+1].end)
			i++
		}
		start := cp + utf8.RuneCountInString(text[pos:sp.start])
		cp = start + utf8.RuneCountInString(text[sp.start:sp.end])
		pos = sp.end
		out = append(out, [2]int{start, cp})
	}
	return out
}

// highlight returns a passage's text HTML-escaped with its marks wrapped
// in <mark>: escaping happens here, around and inside the marks, so that
// the marks are the only markup in it.
func highlight(p newsfind.PassageHit) string {
	var b strings.Builder
	for _, s := range p.Segments() {
		if s.Marked {
			b.WriteString("<mark>" + html.EscapeString(s.Text) + "</mark>")
		} else {
			b.WriteString(html.EscapeString(s.Text))
		}
	}
	return b.String()
}

// dottedAcronym reports whether s is letters with dots between them, "U.S"
// or "U.K", as the tokenizer leaves "U.S." and "U.K.".
func dottedAcronym(s string) bool {
	if len(s) < 3 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if i%2 == 0 && !letter || i%2 == 1 && c != '.' {
			return false
		}
	}
	return len(s)%2 == 1
}
