package wire

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// SearchParams are the parameters ParseQuery reads; QueryValues writes
// no others, and the pages' forms send no others.
var SearchParams = []string{"q", "country", "commodity", "source", "lang", "from", "to", "sort", "scope", "page", "size", "after", "facet_size",
	"about_country", "about_commodity", "lineage", "distinct"}

// ParseQuery reads the search parameters shared by /api/search and the
// search pages. An unknown parameter is refused, not ignored: "format=csv"
// or "lang=de" ignored would answer another question than was asked, and a
// misspelt "contry=KZ" would count every country.
func ParseQuery(v url.Values) (newsfind.Query, error) {
	return parseQuery(v, SearchParams)
}

// parseQuery is ParseQuery of a route whose parameters are known.
func parseQuery(v url.Values, known []string) (newsfind.Query, error) {
	if err := knownParams(v, known); err != nil {
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
	// size=0 asks for the totals and facets alone; no size is the
	// default page.
	if strings.TrimSpace(v.Get("size")) == "0" {
		q.CountOnly = true
	} else if q.Size, err = positive(v, "size"); err != nil {
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

func knownParams(v url.Values, known []string) error {
	var unknown []string
	for name := range v {
		if !slices.Contains(known, name) {
			unknown = append(unknown, strconv.Quote(name))
		}
	}
	switch len(unknown) {
	case 0:
		return nil
	case 1:
		return newsfind.Errorf(newsfind.EINVALID, "unknown parameter %s: the parameters are %s", unknown[0], strings.Join(known, ", "))
	}
	slices.Sort(unknown)
	return newsfind.Errorf(newsfind.EINVALID, "unknown parameters %s: the parameters are %s", strings.Join(unknown, ", "), strings.Join(known, ", "))
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

// QueryValues writes q as the parameters ParseQuery reads it back from:
// every field that is not zero, a default given explicitly included, so
// that the server searches what was asked even were its defaults to
// change, and a page or size out of range reaches it to be refused.
func QueryValues(q newsfind.Query) url.Values {
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
	if q.Sort != "" {
		v.Set("sort", string(q.Sort))
	}
	if q.Scope != "" {
		v.Set("scope", string(q.Scope))
	}
	if q.Page != 0 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	switch {
	case q.CountOnly:
		v.Set("size", "0") // as search reads it: counts only, whatever Size says
	case q.Size != 0:
		v.Set("size", strconv.Itoa(q.Size))
	}
	if q.After != "" {
		v.Set("after", q.After)
	}
	if q.FacetSize != 0 {
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
