package search

import (
	"sort"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// FacetSize is how many values each facet lists, most frequent first.
const FacetSize = 20

// dayBucketSpan: matches spanning less than this get day buckets, others
// month buckets, so a timeline has a useful number of bars.
const dayBucketSpan = 60 * 24 * time.Hour

// facets counts the matching articles per facet value.
func (s *Service) facets(entries []index.Entry, arts []int32) newsfind.Facets {
	country := map[string]int{}
	commodity := map[string]int{}
	source := map[string]int{}
	var dated []time.Time
	undated := 0
	for _, o := range arts {
		e := &entries[o]
		for _, c := range e.Countries {
			country[c]++
		}
		for _, c := range e.Commodities {
			commodity[c]++
		}
		source[e.Source]++
		if e.Published.IsZero() {
			undated++
		} else {
			dated = append(dated, e.Published)
		}
	}
	return newsfind.Facets{
		Country:   top(country, s.tagger.CountryName),
		Commodity: top(commodity, s.tagger.CommodityLabel),
		Source:    top(source, func(v string) string { return v }),
		Date:      dateFacet(dated, undated),
	}
}

func top(counts map[string]int, label func(string) string) []newsfind.FacetValue {
	out := make([]newsfind.FacetValue, 0, len(counts))
	for v, n := range counts {
		if v == "" {
			continue
		}
		out = append(out, newsfind.FacetValue{Value: v, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	if len(out) > FacetSize {
		out = out[:FacetSize]
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
// the first and the last included so that a timeline's gaps show.
func dateFacet(dated []time.Time, undated int) newsfind.DateFacet {
	f := newsfind.DateFacet{Interval: "month", Undated: undated, Buckets: []newsfind.DateBucket{}}
	if len(dated) == 0 {
		return f
	}
	lo, hi := dated[0], dated[0]
	for _, d := range dated {
		if d.Before(lo) {
			lo = d
		}
		if d.After(hi) {
			hi = d
		}
	}
	start := func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC) }
	next := func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }
	layout := "2006-01"
	if hi.Sub(lo) < dayBucketSpan {
		f.Interval = "day"
		start = func(t time.Time) time.Time { return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC) }
		next = func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
		layout = newsfind.DateLayout
	}
	idx := map[time.Time]int{}
	for b := start(lo); !b.After(hi); b = next(b) {
		idx[b] = len(f.Buckets)
		f.Buckets = append(f.Buckets, newsfind.DateBucket{
			Value: b.Format(layout), From: b, To: next(b).AddDate(0, 0, -1),
		})
	}
	for _, d := range dated {
		f.Buckets[idx[start(d)]].Count++
	}
	return f
}
