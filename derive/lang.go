package derive

import (
	"bufio"
	"embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/abadojack/whatlanggo"

	"github.com/newsfind/newsfind"
)

// English is the language newsfind's own analyzer is for; an article whose
// language is not known, or has no analyzer, is analyzed as English.
const English = "en"

// analyzed are the languages the index has an analyzer of its own for
// besides English (Bleve's: stop words and a stemmer each), by BCP 47
// primary subtag, with the detector's name for them. The index reads them
// through Languages.
var analyzed = map[string]whatlanggo.Lang{
	"da": whatlanggo.Dan, "de": whatlanggo.Deu, "es": whatlanggo.Spa, "fi": whatlanggo.Fin,
	"fr": whatlanggo.Fra, "it": whatlanggo.Ita, "nl": whatlanggo.Nld, "no": whatlanggo.Nob,
	"pt": whatlanggo.Por, "ru": whatlanggo.Rus, "sv": whatlanggo.Swe,
}

// detectable is what the detector may answer: the languages analyzed
// here. Telling apart languages that cannot be analyzed would only add
// wrong guesses between close ones (Norwegian Bokmål and Nynorsk).
var detectable = func() whatlanggo.Options {
	o := whatlanggo.Options{Whitelist: map[whatlanggo.Lang]bool{whatlanggo.Eng: true}}
	for _, l := range analyzed {
		o.Whitelist[l] = true
	}
	return o
}()

// detectBytes is how much of an article the detector reads: its start
// says the language as well as the whole, at a bounded cost.
const detectBytes = 2000

// minDetectConfidence is the detector's confidence below which an
// article's language is left unknown rather than guessed.
const minDetectConfidence = 0.5

// languages are the languages with an analyzer, English first, the rest
// in order: detection walks them for every article indexed.
var languages = func() []string {
	out := []string{English}
	for l := range analyzed {
		out = append(out, l)
	}
	slices.Sort(out[1:])
	return out
}()

// Languages returns the languages with an analyzer, English first.
func Languages() []string { return slices.Clone(languages) }

// LanguageOf returns an article's language: the one it gives, else the
// one detected in its title and text, "" when the detector is not sure.
func LanguageOf(a *newsfind.Article) string {
	if a.Lang != "" {
		return a.Lang
	}
	text := a.Title + "\n" + a.Body
	if len(text) > detectBytes {
		cut := detectBytes
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	if plainlyEnglish(text) {
		return English
	}
	// Tables of figures and lists of names are running text in no
	// language: skip the trigrams (a millisecond) when no language's stop
	// words make up enough of the words.
	// A text of under 20 words is too short to tell (trigrams call a
	// third of Reuters' one-line stories French or Danish): unknown.
	words := lowerWords(text)
	shares := make(map[string]float64, len(languages))
	best, bestShare, secondShare := "", 0.0, 0.0
	for _, code := range languages {
		share := stopShare(words, stopWords[code])
		shares[code] = share
		switch {
		case share > bestShare:
			secondShare = bestShare
			best, bestShare = code, share
		case share > secondShare:
			secondShare = share
		}
	}
	switch {
	case bestShare < minStopShare:
		return ""
	case best == English && bestShare >= 1.5*secondShare:
		// English's stop words stand out: it needs no trigrams.
		return English
	}
	info := whatlanggo.DetectWithOptions(text, detectable)
	if info.Lang < 0 || info.Confidence < minDetectConfidence {
		return ""
	}
	if info.Lang == whatlanggo.Eng {
		return English
	}
	for code, l := range analyzed {
		// Trigrams alone call a table of figures ("Shr 10 cts vs 5 cts
		// Net ...") French: the language must also show in its commonest
		// words, as running text in it does.
		if l == info.Lang && shares[code] >= minStopShare && shares[code] >= shares[English] {
			return code
		}
	}
	return ""
}

// stopWords are each language's stop words, English too: Bleve's lists,
// copied into data/stop so that deriving needs no Bleve
// (index's TestStopWordsAreBleves keeps them the same).
var stopWords = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, code := range languages {
		b, err := stopFiles.ReadFile("data/stop/" + code + ".txt")
		if err != nil {
			panic(fmt.Sprintf("stop words of %s: %v", code, err)) // embedded below
		}
		m := map[string]bool{}
		for sc := bufio.NewScanner(strings.NewReader(string(b))); sc.Scan(); {
			if w := strings.TrimSpace(sc.Text()); w != "" {
				m[w] = true
			}
		}
		out[code] = m
	}
	return out
}()

//go:embed data/stop/*.txt
var stopFiles embed.FS

// StopWords returns the stop words the detector counts for a language,
// sorted; none for a language it does not tell.
func StopWords(lang string) []string {
	return slices.Sorted(maps.Keys(stopWords[lang]))
}

// minStopShare is the share of stop words below which a text is not taken
// to be running text in a language: a fifth to a half of the words of
// news prose are (Reuters' English: 30-45%), tables and lists of names
// have a few.
const minStopShare = 0.15

// lowerWords are text's words, lower-cased, but for single Latin letters:
// those are mostly the pieces of "U.S." and "DEPT'S", which French's stop
// words ("s", "l") would count (Russian's "в" and "и" are words).
func lowerWords(text string) []string {
	words := strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	out := words[:0]
	for _, w := range words {
		if len(w) > 1 {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// stopShare is the share of words in stop, -1 for under 20 words, and 0
// when fewer than 3 different stop words make it up: running text uses
// many ("the", "of", "to", "said"...), a table repeats a few ("No", "rss").
func stopShare(words []string, stop map[string]bool) float64 {
	if len(words) < 20 {
		return -1
	}
	in := 0
	var distinct []string
	for _, w := range words {
		if stop[w] {
			in++
			if len(distinct) < 3 && !slices.Contains(distinct, w) {
				distinct = append(distinct, w)
			}
		}
	}
	if len(distinct) < 3 {
		return 0
	}
	return float64(in) / float64(len(words))
}

// englishWords are English's commonest function words, which no other
// language analyzed here shares often enough to matter ("a", "in" and
// "die" aside, left out).
var englishWords = map[string]bool{
	"the": true, "of": true, "and": true, "to": true, "is": true, "that": true, "for": true,
	"on": true, "with": true, "was": true, "said": true, "it": true, "by": true, "at": true,
	"from": true, "be": true, "has": true, "have": true, "are": true, "will": true, "its": true,
	"which": true, "were": true, "this": true, "would": true, "an": true, "or": true, "not": true,
}

// plainlyEnglish is the detector's fast path: a text where a fifth of the
// words are English function words is English. The trigram detector costs
// about a millisecond an article, most of indexing's time for a corpus in
// English alone; this costs a few microseconds.
func plainlyEnglish(text string) bool {
	words, english := 0, 0
	var buf [5]byte // a function word, lower-cased
	n := 0          // letters of the current word
	end := func() {
		if n > 0 {
			words++
			if n <= len(buf) && englishWords[string(buf[:n])] {
				english++
			}
		}
		n = 0
	}
	for _, r := range text {
		switch {
		case r < utf8.RuneSelf && (r|0x20 >= 'a' && r|0x20 <= 'z'):
			if n < len(buf) {
				buf[n] = byte(r | 0x20)
			}
			n++
		case r >= utf8.RuneSelf && unicode.IsLetter(r):
			n += len(buf) + 1 // no function word has it
		default:
			end()
		}
	}
	end()
	return words >= 20 && english*5 >= words
}
