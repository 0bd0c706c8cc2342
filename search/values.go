package search

import (
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/tagger"
)

// values resolves facet values as people type them ("kazakhstan", "kz",
// "Rare earths", "trt world") to the values stored in the index.
type values struct {
	tagger  *tagger.Tagger
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

// constraint resolves a field of the query syntax and its value to a
// condition on articles.
func (v *values) constraint(field, value string) (constraint, error) {
	switch field {
	case "country":
		c, err := v.country(value)
		return constraint{field: index.FieldCountry, values: []string{c}}, err
	case "commodity":
		c, err := v.commodity(value)
		return constraint{field: index.FieldCommodity, values: []string{c}}, err
	case "source":
		return constraint{field: index.FieldSource, values: []string{v.source(value)}}, nil
	}
	return constraint{}, newsfind.Errorf(newsfind.EINVALID, "unknown field %q", field)
}

func (v *values) fieldQuery(field, value string) (query.Query, error) {
	c, err := v.constraint(field, value)
	if err != nil {
		return nil, err
	}
	return c.query(), nil
}

// constraint is a condition on an article's facet values: it has one of
// values in field. Countries, commodities and sources are article-level
// (every passage document carries its article's), so a constraint can be
// checked on the index's passages or on the catalog's articles alike.
type constraint struct {
	field  string // index.FieldCountry, FieldCommodity or FieldSource
	values []string
}

func (c constraint) query() query.Query { return c.terms(1) }

// filterQuery is query without a score: whether the constraint is checked
// in Bleve or on the catalog (Search decides by how common its values
// are), it must not change a hit's score, or the order would depend on
// the index's size and a cursor could skip or repeat hits.
func (c constraint) filterQuery() query.Query { return c.terms(0) }

func (c constraint) terms(boost float64) query.Query {
	any := make([]query.Query, len(c.values))
	for i, v := range c.values {
		t := query.NewTermQuery(v)
		t.SetField(c.field)
		t.SetBoost(boost)
		any[i] = t
	}
	if len(any) == 1 {
		return any[0]
	}
	return query.NewDisjunctionQuery(any)
}

func (c constraint) matches(e *index.Entry) bool {
	switch c.field {
	case index.FieldCountry:
		return anyIn(c.values, e.Countries)
	case index.FieldCommodity:
		return anyIn(c.values, e.Commodities)
	}
	return contains(c.values, e.Source)
}

// filter is the resolved form of a Query's filters and of the facet
// fields its text requires: constraints that must all hold, and dates.
type filter struct {
	constraints []constraint
	from, to    time.Time // inclusive days; zero = open
}

// MaxFilterValues caps the country, commodity and source values of one
// query's filters: each is a term in Bleve's query.
const MaxFilterValues = 100

func (v *values) resolve(q newsfind.Query) (filter, error) {
	var f filter
	if n := len(q.Countries) + len(q.Commodities) + len(q.Sources); n > MaxFilterValues {
		return f, newsfind.LimitErrorf(newsfind.EINVALID, "max_filter_values",
			"%d filter values; the limit is %d (max_filter_values)", n, MaxFilterValues)
	}
	var countries, commodities, sources []string
	for _, s := range q.Countries {
		c, err := v.country(s)
		if err != nil {
			return f, err
		}
		countries = append(countries, c)
	}
	for _, s := range q.Commodities {
		c, err := v.commodity(s)
		if err != nil {
			return f, err
		}
		commodities = append(commodities, c)
	}
	for _, s := range q.Sources {
		sources = append(sources, v.source(s))
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return f, newsfind.Errorf(newsfind.EINVALID, "from %s is after to %s", q.From.Format(newsfind.DateLayout), q.To.Format(newsfind.DateLayout))
	}
	f.from, f.to = q.From, q.To
	sort.Strings(countries)
	for _, c := range []constraint{{index.FieldCountry, countries}, {index.FieldCommodity, commodities}, {index.FieldSource, sources}} {
		if len(c.values) > 0 {
			f.constraints = append(f.constraints, c)
		}
	}
	return f, nil
}

// matches reports whether an article passes the filter.
func (f filter) matches(e *index.Entry) bool {
	if e.Deleted {
		return false
	}
	for _, c := range f.constraints {
		if !c.matches(e) {
			return false
		}
	}
	return f.matchesDate(e)
}

func (f filter) hasDate() bool { return !f.from.IsZero() || !f.to.IsZero() }

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
