package ingest

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
)

// MaxBylineBytes is newsfind.MaxBylineBytes, the cap a found byline is cut to.
const MaxBylineBytes = newsfind.MaxBylineBytes

// clipByline cuts a byline found in a page or a feed to MaxBylineBytes, at
// a word: a long list of authors is no reason to refuse the article (a
// byline given in JSON or front matter over the cap is refused instead,
// since its sender can fix it).
func clipByline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= MaxBylineBytes {
		return s
	}
	cut := strings.LastIndexByte(s[:MaxBylineBytes-len(" …")], ' ')
	if cut <= 0 {
		cut = MaxBylineBytes - len(" …")
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}

// Normalize is newsfind.Normalize at the wall clock's day: an input format
// reads what arrives now. The engine passes its own clock instead.
func Normalize(a *newsfind.Article) error { return newsfind.Normalize(a, time.Now()) }
