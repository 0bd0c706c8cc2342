package search

import (
	"fmt"
	"sort"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// dayBucketSpan: matches spanning less than this get day buckets, others
// month buckets, so a timeline has a useful number of bars.
const dayBucketSpan = 60 * 24 * time.Hour

// maxDateBuckets caps the date facet whatever the span of the matching
// articles: the buckets between the first and the last are all sent, so one
// article of year 0 beside one of 9999 made 120,000 month buckets (8.6 MB
// of JSON). Wider spans get coarser buckets; 240 is 20 years by month.
const maxDateBuckets = 240

// monthIntervals are the date facet's intervals coarser than a day, finest
// first, in months. Each is a whole number of the one before, and all start
// on a calendar boundary (quarter, year, 2020s, 1900–1999).
var monthIntervals = []struct {
	name   string
	months int64
}{
	{"month", 1}, {"quarter", 3}, {"year", 12}, {"decade", 120}, {"century", 1200}, {"millennium", 12000},
}

// facets counts the matching articles per facet value. It counts the
// catalog's small-integer facet ids (catalog.FacetOrds) into slices: no maps,
// no strings and no time arithmetic per article.
func (s *Service) facets(v *catalog.View, arts []int32, size int) newsfind.Facets {
	// Taken after the caller's catalog view, so every id is covered.
	n := s.facetNames()
	c := newFacetCounts(n)
	var span dateSpan
	for _, o := range arts {
		f := &v.Facets[o]
		countries, commodities, aboutCountries, aboutCommodities := v.Tags(f)
		for _, t := range countries {
			c.country[t]++
		}
		for _, t := range commodities {
			c.commodity[t]++
		}
		for _, t := range aboutCountries {
			c.aboutCountry[t]++
		}
		for _, t := range aboutCommodities {
			c.aboutCommodity[t]++
		}
		c.source[f.Source]++
		c.lang[f.Lang]++
		span.add(f)
	}
	return s.facetLists(n, c, size, dateFacet(v.Facets, arts, span.dated, span.undated, span.lo, span.hi))
}

// facetNames are the catalog's facet values, by id.
type facetNames struct{ country, commodity, source, lang []string }

func (s *Service) facetNames() facetNames {
	var n facetNames
	n.country, n.commodity, n.source = s.catalog.FacetValues()
	n.lang = s.catalog.Languages()
	return n
}

// facetCounts are counts per facet value id, for articles or stories.
type facetCounts struct {
	country, commodity, aboutCountry, aboutCommodity, source, lang []int32
}

func newFacetCounts(n facetNames) facetCounts {
	return facetCounts{
		country: make([]int32, len(n.country)), commodity: make([]int32, len(n.commodity)),
		aboutCountry: make([]int32, len(n.country)), aboutCommodity: make([]int32, len(n.commodity)),
		source: make([]int32, len(n.source)), lang: make([]int32, len(n.lang)),
	}
}

// facetLists is the answer's facets: each one's size most counted values.
func (s *Service) facetLists(n facetNames, c facetCounts, size int, date newsfind.DateFacet) newsfind.Facets {
	return newsfind.Facets{
		Country:        top(c.country, n.country, s.tagger.CountryName, size),
		Commodity:      top(c.commodity, n.commodity, s.tagger.CommodityLabel, size),
		AboutCountry:   top(c.aboutCountry, n.country, s.tagger.CountryName, size),
		AboutCommodity: top(c.aboutCommodity, n.commodity, s.tagger.CommodityLabel, size),
		Source:         top(c.source, n.source, func(v string) string { return v }, size),
		Lang:           top(c.lang, langValues(n.lang), langLabel, size),
		Date:           date,
	}
}

// dateSpan is the first and last instant of the dated articles counted,
// and how many were dated and undated.
type dateSpan struct {
	lo, hi         int64
	dated, undated int
}

func (d *dateSpan) add(f *catalog.FacetOrds) {
	if f.Day == catalog.Undated {
		d.undated++
		return
	}
	if d.dated == 0 || f.Unix < d.lo {
		d.lo = f.Unix
	}
	if d.dated == 0 || f.Unix > d.hi {
		d.hi = f.Unix
	}
	d.dated++
}

// top returns the size most frequent values, most frequent first.
func top(counts []int32, names []string, label func(string) string, size int) []newsfind.FacetValue {
	out := make([]newsfind.FacetValue, 0, 2*size)
	for id, n := range counts {
		if n == 0 || names[id] == "" {
			continue
		}
		out = append(out, newsfind.FacetValue{Value: names[id], Count: int(n)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) > size {
		out = out[:size]
	}
	for i := range out {
		out[i].Label = label(out[i].Value)
		if out[i].Label == "" {
			out[i].Label = out[i].Value
		}
	}
	return out
}

// dateFacet buckets dated articles by day, month or a coarser interval,
// every bucket between the first and the last included so that a
// timeline's gaps show, and never more than maxDateBuckets. lo and hi are
// the first and last publication times (Unix seconds) of the dated
// matching articles.
func dateFacet(facets []catalog.FacetOrds, arts []int32, dated, undated int, lo, hi int64) newsfind.DateFacet {
	f := newsfind.DateFacet{Interval: "month", Undated: undated, Buckets: []newsfind.DateBucket{}}
	if dated == 0 {
		return f
	}
	name, per := facetInterval(lo, hi)
	f.Interval = name
	if per == 0 {
		tlo, thi := time.Unix(lo, 0).UTC(), time.Unix(hi, 0).UTC()
		for b := time.Date(tlo.Year(), tlo.Month(), tlo.Day(), 0, 0, 0, 0, time.UTC); !b.After(thi); b = b.AddDate(0, 0, 1) {
			f.Buckets = append(f.Buckets, newsfind.DateBucket{Value: b.Format(newsfind.DateLayout), From: b, To: b})
		}
		// Buckets are consecutive days from the first one, so an
		// article's bucket is its day number minus the first one's.
		first := int32(catalog.FloorDiv(lo, 86400))
		for _, o := range arts {
			if e := &facets[o]; e.Day != catalog.Undated {
				f.Buckets[e.Day-first].Count++
			}
		}
		return f
	}
	loMonth, hiMonth := monthOf(lo), monthOf(hi)
	first, last := catalog.FloorDiv(loMonth, per), catalog.FloorDiv(hiMonth, per)
	for k := first; k <= last; k++ {
		from := monthStart(k * per)
		f.Buckets = append(f.Buckets, newsfind.DateBucket{
			Value: bucketValue(name, from, per), From: from, To: monthStart((k+1)*per).AddDate(0, 0, -1),
		})
	}
	for _, o := range arts {
		e := &facets[o]
		if e.Day == catalog.Undated {
			continue
		}
		f.Buckets[catalog.FloorDiv(int64(e.Month), per)-first].Count++
	}
	return f
}

// facetInterval is the date facet's interval for dated articles published
// from lo to hi (Unix seconds): day buckets (per 0) for a short span, else
// the finest of per months that makes fewer than maxDateBuckets. A
// timeline picks its default interval here too, so the two agree.
func facetInterval(lo, hi int64) (name string, per int64) {
	if time.Unix(hi, 0).Sub(time.Unix(lo, 0)) < dayBucketSpan {
		return "day", 0
	}
	loMonth, hiMonth := monthOf(lo), monthOf(hi)
	for _, c := range monthIntervals {
		if catalog.FloorDiv(hiMonth, c.months)-catalog.FloorDiv(loMonth, c.months) < maxDateBuckets {
			return c.name, c.months
		}
	}
	// Spans beyond 240 millennia: only a program calling the engine
	// directly can make them, but the cap holds for it too.
	per = monthIntervals[len(monthIntervals)-1].months
	for catalog.FloorDiv(hiMonth, per)-catalog.FloorDiv(loMonth, per) >= maxDateBuckets {
		per *= 10
	}
	return fmt.Sprintf("%d years", per/12), per
}

// monthOf is the month of a Unix time, counted as year*12 + month-1.
func monthOf(unix int64) int64 {
	t := time.Unix(unix, 0).UTC()
	return int64(t.Year())*12 + int64(t.Month()) - 1
}

// monthStart returns the first day of month m, counted as year*12 + month-1.
func monthStart(m int64) time.Time {
	return time.Date(int(catalog.FloorDiv(m, 12)), time.Month(m-catalog.FloorDiv(m, 12)*12+1), 1, 0, 0, 0, 0, time.UTC)
}

// bucketValue names a bucket of per months that starts at from: "2025-11",
// "2025-Q4", "2025", "2020s", "1900–1999".
func bucketValue(interval string, from time.Time, per int64) string {
	y := from.Year()
	switch interval {
	case "month":
		return from.Format("2006-01")
	case "quarter":
		return fmt.Sprintf("%04d-Q%d", y, (int(from.Month())+2)/3)
	case "year":
		return fmt.Sprintf("%04d", y)
	case "decade":
		return fmt.Sprintf("%04ds", y)
	}
	return fmt.Sprintf("%04d–%04d", y, y+int(per/12)-1)
}

// langValues are the language facet's values by id: the catalog's tags,
// with newsfind.LangUnknown for the articles of no known language, so that
// they are counted and can be filtered on too.
func langValues(tags []string) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = langTermsOf(t)[0]
	}
	return out
}

// langTermsOf is index.LangTerms with newsfind.LangUnknown for no language.
func langTermsOf(tag string) []string {
	if tag == "" {
		return []string{newsfind.LangUnknown}
	}
	return index.LangTerms(tag)
}

// langLabel names a language tag in English ("pt-BR": "Brazilian Portuguese").
func langLabel(tag string) string {
	if tag == newsfind.LangUnknown {
		return "Unknown"
	}
	t, err := language.Parse(tag)
	if err != nil {
		return tag
	}
	return display.English.Tags().Name(t)
}
