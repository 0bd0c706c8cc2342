package search

import (
	"sort"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// dayBucketSpan: matches spanning less than this get day buckets, others
// month buckets, so a timeline has a useful number of bars.
const dayBucketSpan = 60 * 24 * time.Hour

// facets counts the matching articles per facet value. It counts the
// catalog's small-integer facet ids (index.FacetOrds) into slices: no maps,
// no strings and no time arithmetic per article.
func (s *Service) facets(entries []index.Entry, arts []int32, size int) newsfind.Facets {
	// Taken after the caller's catalog view, so every id is covered.
	countryNames, commodityNames, sourceNames := s.catalog.FacetValues()
	country := make([]int32, len(countryNames))
	commodity := make([]int32, len(commodityNames))
	source := make([]int32, len(sourceNames))
	undated := 0
	var lo, hi int64
	dated := 0
	for _, o := range arts {
		f := &entries[o].Ords
		for _, c := range f.Countries {
			country[c]++
		}
		for _, c := range f.Commodities {
			commodity[c]++
		}
		source[f.Source]++
		if f.Day == index.Undated {
			undated++
			continue
		}
		if dated == 0 || f.Unix < lo {
			lo = f.Unix
		}
		if dated == 0 || f.Unix > hi {
			hi = f.Unix
		}
		dated++
	}
	return newsfind.Facets{
		Country:   top(country, countryNames, s.tagger.CountryName, size),
		Commodity: top(commodity, commodityNames, s.tagger.CommodityLabel, size),
		Source:    top(source, sourceNames, func(v string) string { return v }, size),
		Date:      dateFacet(entries, arts, dated, undated, lo, hi),
	}
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

// dateFacet buckets dated articles by day or month, every bucket between
// the first and the last included so that a timeline's gaps show. lo and hi
// are the first and last publication times (Unix seconds) of the dated
// matching articles.
func dateFacet(entries []index.Entry, arts []int32, dated, undated int, lo, hi int64) newsfind.DateFacet {
	f := newsfind.DateFacet{Interval: "month", Undated: undated, Buckets: []newsfind.DateBucket{}}
	if dated == 0 {
		return f
	}
	tlo, thi := time.Unix(lo, 0).UTC(), time.Unix(hi, 0).UTC()
	start := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	next := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	layout := "2006-01"
	byDay := thi.Sub(tlo) < dayBucketSpan
	if byDay {
		f.Interval = "day"
		start = func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
		layout = newsfind.DateLayout
	}
	for b := start(tlo); !b.After(thi); b = next(b) {
		f.Buckets = append(f.Buckets, newsfind.DateBucket{
			Value: b.Format(layout), From: b, To: next(b).AddDate(0, 0, -1),
		})
	}
	// Buckets are consecutive days or months from the first one, so an
	// article's bucket is its day (month) number minus the first one's.
	var first int32
	if byDay {
		first = int32(floorDiv(lo, 86400))
	} else {
		first = int32(tlo.Year()*12 + int(tlo.Month()) - 1)
	}
	for _, o := range arts {
		e := &entries[o].Ords
		if e.Day == index.Undated {
			continue
		}
		k := e.Month
		if byDay {
			k = e.Day
		}
		f.Buckets[k-first].Count++
	}
	return f
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
