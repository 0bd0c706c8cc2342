package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// searchParams are the parameters parseQuery reads; queryValues writes
// no others, and the pages' forms send no others.
var searchParams = []string{"q", "country", "commodity", "source", "lang", "from", "to", "sort", "scope", "page", "size", "after", "facet_size",
	"about_country", "about_commodity", "lineage", "distinct"}

// parseQuery reads the search parameters shared by /api/search and the
// search page. An unknown parameter is refused, not ignored: "format=csv"
// or "lang=de" ignored would answer another question than was asked, and a
// misspelt "contry=KZ" would count every country.
func parseQuery(v url.Values) (newsfind.Query, error) {
	if err := knownParams(v); err != nil {
		return newsfind.Query{}, err
	}
	q := newsfind.Query{
		Text:        strings.TrimSpace(v.Get("q")),
		Countries:   multi(v["country"]),
		Commodities: multi(v["commodity"]),
		Sources:     nonEmpty(v["source"]),
		// about_country and about_commodity filter on what articles are
		// about; country and commodity keep meaning what they mention.
		AboutCountries:   multi(v["about_country"]),
		AboutCommodities: multi(v["about_commodity"]),
		Langs:            multi(v["lang"]),
		Sort:             newsfind.Sort(strings.ToLower(v.Get("sort"))),
		Scope:            newsfind.Scope(strings.ToLower(strings.TrimSpace(v.Get("scope")))),
		Distinct:         distinctOf(v.Get("distinct")),
	}
	var err error
	if q.From, err = day(v, "from"); err != nil {
		return q, err
	}
	if q.To, err = day(v, "to"); err != nil {
		return q, err
	}
	if q.Page, err = positive(v, "page"); err != nil {
		return q, err
	}
	if q.Size, err = positive(v, "size"); err != nil {
		return q, err
	}
	if q.FacetSize, err = positive(v, "facet_size"); err != nil {
		return q, err
	}
	q.After = strings.TrimSpace(v.Get("after"))
	switch l := strings.ToLower(strings.TrimSpace(v.Get("lineage"))); l {
	case "", "false", "0":
	case "true", "1":
		q.Lineage = true
	default:
		return q, newsfind.Errorf(newsfind.EINVALID, "lineage=%s: give true or false", newsfind.Echo(l))
	}
	return q, nil
}

// multi accepts repeated parameters and comma-separated lists alike.
func multi(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// nonEmpty keeps source names whole: they may contain commas.
func nonEmpty(vals []string) []string {
	var out []string
	for _, v := range vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func day(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(newsfind.DateLayout, s)
	if err != nil {
		return time.Time{}, newsfind.Errorf(newsfind.EINVALID, "%s=%q is not a date: use YYYY-MM-DD, e.g. %s=2025-11-06", name, s, name)
	}
	return t, nil
}

func positive(v url.Values, name string) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, newsfind.Errorf(newsfind.EINVALID, "%s=%q must be a whole number of 1 or more", name, s)
	}
	return n, nil
}

func knownParams(v url.Values) error {
	var unknown []string
	for name := range v {
		if !slices.Contains(searchParams, name) {
			unknown = append(unknown, strconv.Quote(name))
		}
	}
	switch len(unknown) {
	case 0:
		return nil
	case 1:
		return newsfind.Errorf(newsfind.EINVALID, "unknown parameter %s: the parameters are %s", unknown[0], strings.Join(searchParams, ", "))
	}
	slices.Sort(unknown)
	return newsfind.Errorf(newsfind.EINVALID, "unknown parameters %s: the parameters are %s", strings.Join(unknown, ", "), strings.Join(searchParams, ", "))
}

// distinctOf reads distinct=: "story", or "article"/"" (the default) for
// every article; anything else is passed on for search to refuse.
func distinctOf(s string) newsfind.Distinct {
	switch s = strings.ToLower(strings.TrimSpace(s)); s {
	case "", "article":
		return newsfind.DistinctArticle
	}
	return newsfind.Distinct(s)
}
