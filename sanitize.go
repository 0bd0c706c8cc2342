package newsfind

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Stored text is shown: on pages, in JSON read by scripts, and raw on a
// terminal by `newsfind search`. A control character there is an
// instruction, not text (ESC [2J clears the screen, ESC ] 0; sets the
// window title), and a bidi override reorders what follows it, so that a
// source or title can read as something it is not. Articles come from
// crawled pages and feeds nobody vetted, so Normalize takes these out of
// every text field, whatever format the article came in.

// unsafeRune reports whether r is a C0 or C1 control, DEL, or a bidi
// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069).
func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

// cleanLine removes control characters and bidi overrides from a one-line
// field; a tab or line break becomes a space, so that words stay apart.
func cleanLine(s string) string { return clean(s, false) }

// cleanBody removes them from a body, keeping its tabs and line breaks;
// a carriage return (alone or before a newline), vertical tab or form
// feed becomes the newline it stands for.
func cleanBody(s string) string { return clean(s, true) }

func clean(s string, body bool) string {
	first := -1
	for i, r := range s {
		if unsafeRune(r) && !(body && (r == '\t' || r == '\n')) {
			first = i
			break
		}
	}
	if first < 0 {
		return s // the common case: nothing to take out, nothing copied
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		switch {
		case !unsafeRune(r):
			// Bytes as they were: invalid UTF-8 stays invalid, for
			// Normalize to refuse rather than this to hide.
			b.WriteString(s[i : i+w])
		case body && (r == '\t' || r == '\n'):
			b.WriteRune(r)
		case body && r == '\r':
			if !strings.HasPrefix(s[i+w:], "\n") {
				b.WriteByte('\n')
			}
		case body && (r == '\v' || r == '\f'):
			b.WriteByte('\n')
		case r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f':
			b.WriteByte(' ')
		}
		i += w
	}
	return b.String()
}

// sanitize cleans every text field of a, in place. The id and URL are
// left as they are: a control character in either is refused by their own
// rules (an id's narrow alphabet; a URL with one is no URL).
func sanitize(a *Article) {
	for _, f := range []*string{&a.Title, &a.Source, &a.Byline, &a.Section, &a.Dateline, &a.DateNote, &a.Lang} {
		*f = cleanLine(*f)
	}
	a.Body = cleanBody(a.Body)
	a.Countries, a.Commodities = cleanTags(a.Countries), cleanTags(a.Commodities)
}

// cleanTags cleans a list of tags, copying it when it changes: the slice
// is the caller's.
func cleanTags(tags []string) []string {
	var out []string
	for i, t := range tags {
		if c := cleanLine(t); c != t {
			if out == nil {
				out = slices.Clone(tags)
			}
			out[i] = c
		}
	}
	if out == nil {
		return tags
	}
	return out
}
