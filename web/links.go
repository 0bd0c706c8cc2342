package web

import (
	"net/url"
	"slices"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// safeURL returns u when it is an absolute http or https URL, else "".
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		return p.String()
	}
	return ""
}

func cloneQuery(q newsfind.Query) newsfind.Query {
	q.After = "" // a cursor belongs to one answer; a link from it is another
	q.Countries = slices.Clone(q.Countries)
	q.Commodities = slices.Clone(q.Commodities)
	q.AboutCountries = slices.Clone(q.AboutCountries)
	q.AboutCommodities = slices.Clone(q.AboutCommodities)
	q.Sources = slices.Clone(q.Sources)
	q.Langs = slices.Clone(q.Langs)
	return q
}

// linkValues writes q as a link's parameters, leaving out defaults so
// that permalinks stay short.
func linkValues(q newsfind.Query) url.Values {
	if q.Sort == newsfind.SortRelevance {
		q.Sort = ""
	}
	if q.Scope == newsfind.DefaultScope {
		q.Scope = ""
	}
	if q.Page <= 1 {
		q.Page = 0
	}
	if q.Size == newsfind.DefaultPageSize {
		q.Size = 0
	}
	if q.FacetSize == newsfind.DefaultFacetSize {
		q.FacetSize = 0
	}
	return wire.QueryValues(q)
}

func searchHref(q newsfind.Query) string {
	if e := linkValues(q).Encode(); e != "" {
		return "/search?" + e
	}
	return "/search"
}

// articleHref links to an article page, carrying the search so that the
// page can mark the matches and lead back to the results.
func articleHref(id string, q newsfind.Query) string {
	h := "/articles/" + url.PathEscape(id)
	if e := linkValues(q).Encode(); e != "" {
		h += "?" + e
	}
	return h
}
