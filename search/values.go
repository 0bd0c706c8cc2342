package search

import (
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// values resolves facet values as people type them ("kazakhstan", "kz",
// "Rare earths", "trt world") to the values stored in the index.
type values struct {
	tagger  *index.Tagger
	catalog *index.Catalog
}

func (v *values) country(s string) (string, error) {
	if code, ok := v.tagger.Country(s); ok {
		return code, nil
	}
	return "", newsfind.Errorf(newsfind.EINVALID, "unknown country %q: use an ISO code (KZ) or an English name (Kazakhstan)", s)
}

func (v *values) commodity(s string) (string, error) {
	if slug, ok := v.tagger.Commodity(s); ok {
		return slug, nil
	}
	return "", newsfind.Errorf(newsfind.EINVALID, "unknown commodity %q: known commodities are %s", s, strings.Join(v.tagger.CommoditySlugs(), ", "))
}

// source matches a source name case-insensitively against the sources
// the catalog knows (its list of distinct values, not every article); a
// source no article has yet is kept as typed.
func (v *values) source(s string) string {
	s = strings.TrimSpace(s)
	_, _, sources := v.catalog.FacetValues()
	for _, src := range sources {
		if strings.EqualFold(src, s) {
			return src
		}
	}
	return s
}

func (v *values) fieldQuery(field, value string) (query.Query, error) {
	var term, name string
	switch field {
	case "country":
		c, err := v.country(value)
		if err != nil {
			return nil, err
		}
		term, name = c, index.FieldCountry
	case "commodity":
		c, err := v.commodity(value)
		if err != nil {
			return nil, err
		}
		term, name = c, index.FieldCommodity
	case "source":
		term, name = v.source(value), index.FieldSource
	default:
		return nil, newsfind.Errorf(newsfind.EINVALID, "unknown field %q", field)
	}
	q := query.NewTermQuery(term)
	q.SetField(name)
	return q, nil
}

// filter is the resolved form of a Query's filters, applied both to the
// index query and, for queries without text, to the catalog directly.
type filter struct {
	countries, commodities, sources []string
	from, to                        time.Time // inclusive days; zero = open
}

func (v *values) resolve(q newsfind.Query) (filter, error) {
	var f filter
	for _, s := range q.Countries {
		c, err := v.country(s)
		if err != nil {
			return f, err
		}
		f.countries = append(f.countries, c)
	}
	for _, s := range q.Commodities {
		c, err := v.commodity(s)
		if err != nil {
			return f, err
		}
		f.commodities = append(f.commodities, c)
	}
	for _, s := range q.Sources {
		f.sources = append(f.sources, v.source(s))
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return f, newsfind.Errorf(newsfind.EINVALID, "from %s is after to %s", q.From.Format(newsfind.DateLayout), q.To.Format(newsfind.DateLayout))
	}
	f.from, f.to = q.From, q.To
	sort.Strings(f.countries)
	return f, nil
}

// queries returns the filter as Bleve queries, one per filtered field.
func (f filter) queries() []query.Query {
	var qs []query.Query
	add := func(field string, vals []string) {
		if len(vals) == 0 {
			return
		}
		var any []query.Query
		for _, v := range vals {
			t := query.NewTermQuery(v)
			t.SetField(field)
			any = append(any, t)
		}
		if len(any) == 1 {
			qs = append(qs, any[0])
			return
		}
		qs = append(qs, query.NewDisjunctionQuery(any))
	}
	add(index.FieldCountry, f.countries)
	add(index.FieldCommodity, f.commodities)
	add(index.FieldSource, f.sources)
	return qs
}

// matches reports whether an article passes the filter.
func (f filter) matches(e *index.Entry) bool {
	return anyIn(f.countries, e.Countries) && anyIn(f.commodities, e.Commodities) &&
		(len(f.sources) == 0 || contains(f.sources, e.Source)) && f.matchesDate(e)
}

// matchesDate reports whether an article is within the date filter. An
// undated article is outside any date filter: we cannot say it is inside.
func (f filter) matchesDate(e *index.Entry) bool {
	if f.from.IsZero() && f.to.IsZero() {
		return true
	}
	if e.Published.IsZero() {
		return false
	}
	return !e.Published.Before(f.from) && (f.to.IsZero() || !e.Published.After(f.to))
}

func (f filter) hasDate() bool { return !f.from.IsZero() || !f.to.IsZero() }

func anyIn(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if contains(have, w) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
