package index

import (
	"sort"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/tagger"
)

// Prepare derives an article's passages and tags: the title becomes passage
// 0, the cleaned body passages 1..n, each tagged; the article's tags are the
// union of its passages' tags and the tags given with it ("-XX" removes one).
func Prepare(t *tagger.Tagger, a newsfind.Article) newsfind.Document {
	a.Lang = LanguageOf(&a)
	d := newsfind.Document{Article: a, Passages: Passages(a)}
	countries := map[string]bool{}
	commodities := map[string]bool{}
	for i := range d.Passages {
		p := &d.Passages[i]
		tags := t.Tag(p.Text)
		for _, c := range tags.Countries {
			countries[c] = true
		}
		for _, c := range tags.Commodities {
			commodities[c] = true
		}
		p.Countries, p.Commodities = tags.Countries, tags.Commodities
	}
	d.Countries = applyGiven(countries, a.Countries, t.Country)
	d.Commodities = applyGiven(commodities, a.Commodities, t.Commodity)
	return d
}

// Passages returns an article's passages, untagged: the title as passage
// 0 (left out when empty), the cleaned body's passages as 1..n. Search
// reads passage text through it, so it must stay the one way to number them.
func Passages(a newsfind.Article) []newsfind.Passage {
	texts := Split(a.Title, a.Body)
	out := make([]newsfind.Passage, 0, len(texts)+1)
	if title := normalizeSpace(a.Title); title != "" {
		out = append(out, newsfind.Passage{ArticleID: a.ID, Index: 0, Text: title})
	}
	for i, text := range texts {
		out = append(out, newsfind.Passage{ArticleID: a.ID, Index: i + 1, Text: text})
	}
	return out
}

// applyGiven adds the given values to found (or, for "-value", removes them)
// and returns the sorted set. Values the vocabulary does not know are kept
// as given, so that metadata is never silently dropped.
func applyGiven(found map[string]bool, given []string, norm func(string) (string, bool)) []string {
	for _, g := range given {
		g = strings.TrimSpace(g)
		remove := strings.HasPrefix(g, "-")
		g = strings.TrimPrefix(g, "-")
		if g == "" {
			continue
		}
		if v, ok := norm(g); ok {
			g = v
		}
		if remove {
			delete(found, g)
		} else {
			found[g] = true
		}
	}
	out := make([]string, 0, len(found))
	for v := range found {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
