package derive

import (
	"sort"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/tagger"
)

// Prepare derives an article's passages and tags: the title becomes passage
// 0, the cleaned body passages 1..n, each tagged; the article's mentions are
// the union of its passages' tags, its dateline's and the tags given with it
// ("-XX" removes one); its about tags are what the tagger decides the
// article is about (tagger.TagArticle), plus the given tags, which say what
// the sender knows it is about.
func Prepare(t *tagger.Tagger, a newsfind.Article) newsfind.Document {
	a.Lang = LanguageOf(&a)
	d := newsfind.Document{Article: a, Passages: Passages(a)}
	in := tagger.Article{Title: a.Title, Dateline: a.Dateline, Published: a.Published}
	body := d.Passages
	if len(body) > 0 && body[0].Index == 0 {
		body = body[1:]
	}
	for _, p := range body {
		in.Body = append(in.Body, p.Text)
	}
	tags := t.TagArticle(in)
	if len(d.Passages) > len(body) {
		d.Passages[0].Countries, d.Passages[0].Commodities = tags.Title.Countries, tags.Title.Commodities
	}
	for i := range body {
		body[i].Countries, body[i].Commodities = tags.Body[i].Countries, tags.Body[i].Commodities
	}
	d.Countries = applyGiven(set(tags.Mentions.Countries), a.Countries, t.Country)
	d.Commodities = applyGiven(set(tags.Mentions.Commodities), a.Commodities, t.Commodity)
	d.About = newsfind.TagSet{
		Countries:   applyGiven(set(tags.About.Countries), a.Countries, t.Country),
		Commodities: applyGiven(set(tags.About.Commodities), a.Commodities, t.Commodity),
	}
	return d
}

func set(values []string) map[string]bool {
	m := make(map[string]bool, len(values))
	for _, v := range values {
		m[v] = true
	}
	return m
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
