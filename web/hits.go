package web

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/newsfind/newsfind"
)

type hitView struct {
	Title, Href, Source, Byline, Date, DateNote, URL string
	Dateline                                         string
	Section                                          string
	Countries, Commodities                           []chipView
	MoreTags                                         int // tags left out; the article page has them all
	Passages                                         []passageView
	More                                             int
	MoreHref                                         string
	// With distinct=story: the hit's story, "3 copies in 2 outlets".
	Copies      []copyView
	CopiesLabel string
}

// copyView is one other article of a story, as a hit or an article page
// lists it.
type copyView struct {
	Title, Href, Source, Date string
	Canonical                 bool
}

func copiesOf(q newsfind.Query, cs []newsfind.Copy) []copyView {
	var out []copyView
	for _, c := range cs {
		t := c.Title
		if t == "" {
			t = "(untitled)"
		}
		out = append(out, copyView{Title: t, Href: articleHref(c.ID, q), Source: c.Source, Date: c.Published, Canonical: c.Canonical})
	}
	return out
}

// copiesLabel says how far a story ran: "3 copies in 2 outlets".
func copiesLabel(articles, outlets int) string {
	if articles <= 1 {
		return ""
	}
	return fmt.Sprintf("%d %s in %d %s", articles-1, pluralize(articles-1, "copy", "copies"), outlets, pluralize(outlets, "outlet", "outlets"))
}

type passageView struct {
	Href     string
	Segments []newsfind.Segment
}

type chipView struct {
	Label, Href string
	About       bool // the article is about it, not only naming it
}

func hitOf(q newsfind.Query, h newsfind.Hit, names labeler) hitView {
	art := articleHref(h.ID, q)
	v := hitView{
		Title: h.Title, Href: art, Source: h.Source, Byline: h.Byline, Section: h.Section, DateNote: h.DateNote, URL: safeURL(h.URL),
		Dateline: h.Dateline,
		More:     h.MatchedPassages - len(h.Passages), MoreHref: art,
	}
	if v.Title == "" {
		v.Title = "(untitled)"
	}
	if !h.Published.IsZero() {
		v.Date = h.Published.Format(newsfind.DateLayout)
	}
	// A hit shows a few tags: those the search filters on first, then
	// what the article is about, then what it only names.
	for _, c := range selectedFirst(selectedFirst(h.Countries, h.About.Countries), append(q.Countries, q.AboutCountries...)) {
		if len(v.Countries) == maxCountryTags {
			v.MoreTags++
			continue
		}
		chip := tagChip(q, "country", c, names)
		chip.About = slices.Contains(h.About.Countries, c)
		v.Countries = append(v.Countries, chip)
	}
	for _, c := range selectedFirst(selectedFirst(h.Commodities, h.About.Commodities), append(q.Commodities, q.AboutCommodities...)) {
		if len(v.Commodities) == maxCommodityTags {
			v.MoreTags++
			continue
		}
		chip := tagChip(q, "commodity", c, names)
		chip.About = slices.Contains(h.About.Commodities, c)
		v.Commodities = append(v.Commodities, chip)
	}
	for _, ph := range h.Passages {
		v.Passages = append(v.Passages, passageView{Href: art + "#p" + strconv.Itoa(ph.Index), Segments: ph.Segments()})
	}
	v.Copies, v.CopiesLabel = copiesOf(q, h.Copies), copiesLabel(h.StoryArticles, h.Outlets)
	return v
}

// Tags shown on a hit, at most.
const (
	maxCountryTags   = 6
	maxCommodityTags = 4
)

// selectedFirst orders tags with those in selected first.
func selectedFirst(tags, selected []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if slices.Contains(selected, t) {
			out = append(out, t)
		}
	}
	for _, t := range tags {
		if !slices.Contains(selected, t) {
			out = append(out, t)
		}
	}
	return out
}

// tagChip links a hit's tag to the search narrowed to it.
func tagChip(q newsfind.Query, param, value string, names labeler) chipView {
	c := cloneQuery(q)
	c.Page = 0
	var on *[]string
	if param == "country" {
		on = &c.Countries
	} else {
		on = &c.Commodities
	}
	if !slices.Contains(*on, value) {
		*on = append(*on, value)
	}
	return chipView{Label: names.label(param, value), Href: searchHref(c)}
}

// labeler names tag values on the pages, where the API answers codes and
// slugs: a facet's own label, else the tag vocabulary's name, else the
// value itself. A hit's tags and a filter's chip need it for values that
// are not among the facets' top values.
type labeler struct {
	facets map[string]map[string]string // by parameter, then value
	names  Names
}

func (l labeler) label(param, value string) string {
	if s := l.facets[param][value]; s != "" {
		return s
	}
	name := ""
	switch {
	case param == "lang" && value == newsfind.LangUnknown:
		name = "Unknown"
	case l.names == nil:
	case param == "country" || param == "about_country":
		name = l.names.CountryName(value)
	case param == "commodity" || param == "about_commodity":
		name = l.names.CommodityLabel(value)
	}
	return labelOr(name, value)
}
