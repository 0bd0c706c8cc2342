package search

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/tagger"
)

// values resolves facet values as people type them ("kazakhstan", "kz",
// "Rare earths", "trt world") to the values stored in the index.
type values struct {
	tagger  *tagger.Tagger
	catalog *catalog.Catalog
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

// source resolves a source name to every name its articles carry: names
// that differ only in case, spacing or a leading "The" are one source
// (catalog.SourceKey). A source no article has yet is kept as typed.
func (v *values) source(s string) []string {
	s = strings.TrimSpace(s)
	if names := v.catalog.SourceNames(s); len(names) > 0 {
		return names
	}
	return []string{s}
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
		return constraint{field: index.FieldSource, values: v.source(value)}, nil
	case "lang":
		l, err := lang(value)
		return constraint{field: index.FieldLang, values: []string{l}}, err
	case "about":
		// One field for both sets' values: no country name or code is a
		// commodity's, so the value says which it is.
		if c, err := v.country(value); err == nil {
			return constraint{field: index.FieldAboutCountry, values: []string{c}}, nil
		}
		if c, err := v.commodity(value); err == nil {
			return constraint{field: index.FieldAboutCommodity, values: []string{c}}, nil
		}
		return constraint{}, newsfind.Errorf(newsfind.EINVALID, "about:%s is neither a country (KZ, Kazakhstan) nor a commodity (%s)", value, strings.Join(v.tagger.CommoditySlugs(), ", "))
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
	field  string // index.FieldCountry, FieldCommodity, FieldAboutCountry, FieldAboutCommodity or FieldSource
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

func (c constraint) matches(e *catalog.Entry) bool {
	switch c.field {
	case index.FieldCountry:
		return anyIn(c.values, e.Countries)
	case index.FieldCommodity:
		return anyIn(c.values, e.Commodities)
	case index.FieldLang:
		return anyIn(c.values, langTermsOf(e.Lang))
	case index.FieldAboutCountry:
		return anyIn(c.values, e.About.Countries)
	case index.FieldAboutCommodity:
		return anyIn(c.values, e.About.Commodities)
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
	if n := len(q.Countries) + len(q.Commodities) + len(q.AboutCountries) + len(q.AboutCommodities) + len(q.Sources) + len(q.Langs); n > MaxFilterValues {
		return f, newsfind.LimitErrorf(newsfind.EINVALID, "max_filter_values",
			"%d filter values; the limit is %d (max_filter_values)", n, MaxFilterValues)
	}
	var sources []string
	countries, err := v.countries(q.Countries, q.Lineage)
	if err != nil {
		return f, err
	}
	aboutCountries, err := v.countries(q.AboutCountries, q.Lineage)
	if err != nil {
		return f, err
	}
	commodities, err := v.commodities(q.Commodities)
	if err != nil {
		return f, err
	}
	aboutCommodities, err := v.commodities(q.AboutCommodities)
	if err != nil {
		return f, err
	}
	for _, s := range q.Sources {
		sources = append(sources, v.source(s)...)
	}
	var langs []string
	for _, s := range q.Langs {
		l, err := lang(s)
		if err != nil {
			return f, err
		}
		langs = append(langs, l)
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return f, newsfind.Errorf(newsfind.EINVALID, "from %s is after to %s", q.From.Format(newsfind.DateLayout), q.To.Format(newsfind.DateLayout))
	}
	f.from, f.to = q.From, q.To
	for _, c := range []constraint{{index.FieldCountry, countries}, {index.FieldCommodity, commodities},
		{index.FieldAboutCountry, aboutCountries}, {index.FieldAboutCommodity, aboutCommodities}, {index.FieldSource, sources}, {index.FieldLang, langs}} {
		if len(c.values) > 0 {
			f.constraints = append(f.constraints, c)
		}
	}
	return f, nil
}

// countries resolves country filter values, widened to each one's
// predecessors and successors when lineage is asked for; sorted, unique.
func (v *values) countries(in []string, lineage bool) ([]string, error) {
	var out []string
	for _, s := range in {
		c, err := v.country(s)
		if err != nil {
			return nil, err
		}
		if lineage {
			out = append(out, v.tagger.Lineage(c)...)
		} else {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return slices.Compact(out), nil
}

func (v *values) commodities(in []string) ([]string, error) {
	var out []string
	for _, s := range in {
		c, err := v.commodity(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// matches reports whether an article passes the filter.
func (f filter) matches(e *catalog.Entry) bool {
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
func (f filter) matchesDate(e *catalog.Entry) bool {
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

// lang reads a language filter's value: a BCP 47 tag, canonical.
func lang(s string) (string, error) {
	l, err := newsfind.NormalizeLang(s)
	if err == nil && l == "" {
		err = newsfind.Errorf(newsfind.EINVALID, "lang is empty: give a language tag such as en, de or pt-BR")
	}
	return l, err
}

// rowFilter is a filter without dates checked on the catalog's facet rows
// by id, as filter.matches checks it on entries by name: a hit's row is 40
// bytes beside its neighbours' where its entry is a cache miss, and its
// passages are not neighbours in the index, so most hits of a broad
// filtered query check a different article.
type rowFilter struct {
	checks []rowCheck
}

// rowCheck holds when one of the row's values for a field is accepted.
type rowCheck struct {
	list   int    // which tag list of the row (View.Tags order); -1 source, -2 language
	accept []bool // by value id
}

// rowFilterOf compiles f for rows of v; ok is false when f has dates,
// which are checked on entries.
func (s *Service) rowFilterOf(f filter, langs []string) (rf rowFilter, ok bool) {
	if f.hasDate() {
		return rowFilter{}, false
	}
	for _, c := range f.constraints {
		rc := rowCheck{}
		switch c.field {
		case index.FieldCountry:
			rc.list = 0
		case index.FieldCommodity:
			rc.list = 1
		case index.FieldAboutCountry:
			rc.list = 2
		case index.FieldAboutCommodity:
			rc.list = 3
		case index.FieldSource:
			rc.list = -1
		case index.FieldLang:
			rc.list = -2
		default:
			return rowFilter{}, false
		}
		if rc.list == -2 {
			rc.accept = make([]bool, len(langs))
			for id, tag := range langs {
				rc.accept[id] = anyIn(c.values, langTermsOf(tag))
			}
		} else {
			for _, id := range s.catalog.FacetIDs(facetKind(c.field), c.values) {
				if int(id) >= len(rc.accept) {
					rc.accept = append(rc.accept, make([]bool, int(id)+1-len(rc.accept))...)
				}
				rc.accept[id] = true
			}
		}
		rf.checks = append(rf.checks, rc)
	}
	return rf, true
}

// matches reports whether an article's row passes the filter.
func (rf *rowFilter) matches(v *catalog.View, f *catalog.FacetOrds) bool {
	if f.Deleted {
		return false
	}
	var lists [4][]uint16
	lists[0], lists[1], lists[2], lists[3] = v.Tags(f)
	for _, c := range rf.checks {
		ok := false
		switch c.list {
		case -1:
			ok = int(f.Source) < len(c.accept) && c.accept[f.Source]
		case -2:
			ok = int(f.Lang) < len(c.accept) && c.accept[f.Lang]
		default:
			for _, id := range lists[c.list] {
				if int(id) < len(c.accept) && c.accept[id] {
					ok = true
					break
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// facetKind is the catalog's facet kind of an index facet field.
func facetKind(field string) catalog.Facet {
	switch field {
	case index.FieldCountry, index.FieldAboutCountry:
		return catalog.FacetCountry
	case index.FieldCommodity, index.FieldAboutCommodity:
		return catalog.FacetCommodity
	}
	return catalog.FacetSource
}
