package index

import (
	"sort"
	"strings"

	"github.com/newsfind/newsfind"
)

// Prepare derives an article's passages and tags: the title becomes passage
// 0, the cleaned body passages 1..n, each tagged; the article's tags are the
// union of its passages' tags and the tags given with it ("-XX" removes one).
func Prepare(t *Tagger, a newsfind.Article) newsfind.Document {
	texts := Split(a.Title, a.Body)
	d := newsfind.Document{Article: a, Passages: make([]newsfind.Passage, 0, len(texts)+1)}
	countries := map[string]bool{}
	commodities := map[string]bool{}
	add := func(i int, text string) {
		tags := t.Tag(text)
		for _, c := range tags.Countries {
			countries[c] = true
		}
		for _, c := range tags.Commodities {
			commodities[c] = true
		}
		d.Passages = append(d.Passages, newsfind.Passage{
			ArticleID: a.ID, Index: i, Text: text,
			Countries: tags.Countries, Commodities: tags.Commodities,
		})
	}
	if title := normalizeSpace(a.Title); title != "" {
		add(0, title)
	}
	for i, text := range texts {
		add(i+1, text)
	}
	d.Countries = applyGiven(countries, a.Countries, t.Country)
	d.Commodities = applyGiven(commodities, a.Commodities, t.Commodity)
	return d
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
