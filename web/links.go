package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
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

// queryValues writes q as the parameters parseQuery reads, leaving out
// defaults so that permalinks stay short.
func queryValues(q newsfind.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	v["country"] = q.Countries
	v["commodity"] = q.Commodities
	v["about_country"] = q.AboutCountries
	v["about_commodity"] = q.AboutCommodities
	if q.Lineage {
		v.Set("lineage", "true")
	}
	v["source"] = q.Sources
	v["lang"] = q.Langs
	if !q.From.IsZero() {
		v.Set("from", q.From.Format(newsfind.DateLayout))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format(newsfind.DateLayout))
	}
	if q.Sort != "" && q.Sort != newsfind.SortRelevance {
		v.Set("sort", string(q.Sort))
	}
	if q.Scope != "" && q.Scope != newsfind.DefaultScope {
		v.Set("scope", string(q.Scope))
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.Size != 0 && q.Size != newsfind.DefaultPageSize {
		v.Set("size", strconv.Itoa(q.Size))
	}
	if q.After != "" {
		v.Set("after", q.After)
	}
	if q.FacetSize != 0 && q.FacetSize != newsfind.DefaultFacetSize {
		v.Set("facet_size", strconv.Itoa(q.FacetSize))
	}
	if q.Distinct != newsfind.DistinctArticle {
		v.Set("distinct", string(q.Distinct))
	}
	for k, vals := range v {
		if len(vals) == 0 {
			delete(v, k)
		}
	}
	return v
}

func searchHref(q newsfind.Query) string {
	if e := queryValues(q).Encode(); e != "" {
		return "/search?" + e
	}
	return "/search"
}

// articleHref links to an article page, carrying the search so that the
// page can mark the matches and lead back to the results.
func articleHref(id string, q newsfind.Query) string {
	h := "/articles/" + url.PathEscape(id)
	if e := queryValues(q).Encode(); e != "" {
		h += "?" + e
	}
	return h
}
