package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// parseQuery reads the search parameters shared by /api/search and the
// search page.
func parseQuery(v url.Values) (newsfind.Query, error) {
	q := newsfind.Query{
		Text:        strings.TrimSpace(v.Get("q")),
		Countries:   multi(v["country"]),
		Commodities: multi(v["commodity"]),
		Sources:     nonEmpty(v["source"]),
		Sort:        newsfind.Sort(strings.ToLower(v.Get("sort"))),
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
