package search

import (
	"slices"
	"sort"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// splitTimeline is t split by q.By: a series for each of the q.Top values
// with the most matching units, then "other" for the units with none of
// them, each series' totals counted over all's units with its values.
// bucket numbers a dated unit's bucket in t.Buckets.
func (s *Service) splitTimeline(q newsfind.TimelineQuery, t *newsfind.Timeline, m *Matches, units []unit, all *Matches, allUnits []unit,
	bucket func(unix int64) int) []newsfind.TimelineSeries {
	top := q.Top
	if top == 0 {
		top = newsfind.DefaultTimelineTop
	}
	// Names after both views: they cover every id the views' rows have.
	names, label := s.byNames(q.By)
	counts := make([]int, len(names))
	var ids []uint16
	for _, u := range units {
		ids = unitValues(&m.view, u, q.By, ids[:0])
		for _, id := range ids {
			if int(id) < len(counts) {
				counts[id]++
			}
		}
	}
	var picked []uint16
	for id, n := range counts {
		if n > 0 && names[id] != "" {
			picked = append(picked, uint16(id))
		}
	}
	sort.Slice(picked, func(i, j int) bool {
		a, b := picked[i], picked[j]
		if counts[a] != counts[b] {
			return counts[a] > counts[b]
		}
		return names[a] < names[b]
	})
	if len(picked) > top {
		picked = picked[:top]
	}
	// series[id] is the series of value id; the last one is "other".
	series := make([]int, len(names))
	for i := range series {
		series[i] = len(picked)
	}
	out := make([]newsfind.TimelineSeries, len(picked)+1)
	for i, id := range picked {
		series[id] = i
		out[i] = newsfind.TimelineSeries{Value: names[id], Label: label(names[id])}
		if out[i].Label == "" {
			out[i].Label = names[id]
		}
	}
	out[len(picked)] = newsfind.TimelineSeries{Value: newsfind.OtherSeries, Label: "Other"}
	for i := range out {
		out[i].Buckets = make([]newsfind.TimelineBucket, len(t.Buckets))
		for k := range t.Buckets {
			out[i].Buckets[k].Start = t.Buckets[k].Start
		}
	}
	in := make([]bool, len(out)) // the series a unit counts in
	var present []int
	count := func(v *catalog.View, units []unit, matches bool) {
		for _, u := range units {
			clear(in)
			ids = unitValues(v, u, q.By, ids[:0])
			for _, id := range ids {
				if int(id) < len(series) {
					in[series[id]] = true
				}
			}
			other := len(out) - 1
			if !slices.Contains(in[:other], true) {
				in[other] = true // no listed value, or none at all
			} else {
				in[other] = false // a unit in a series is no other
			}
			k := -1
			if u.f.Day != catalog.Undated {
				if k = bucket(u.f.Unix); k >= len(t.Buckets) {
					k = -1
				}
			}
			if !matches {
				present = u.presentIn(v.Facets, bucket, present[:0])
			}
			for i, yes := range in {
				if !yes {
					continue
				}
				switch {
				case !matches:
					for _, p := range present {
						out[i].Buckets[p].Total++
					}
				case k >= 0:
					out[i].Count++
					out[i].Buckets[k].Count++
				default:
					out[i].Count++
					out[i].Undated++
				}
			}
		}
	}
	count(&m.view, units, true)
	count(&all.view, allUnits, false)
	for i := range out {
		setShares(out[i].Buckets)
	}
	if out[len(out)-1].Count == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// byNames are the values of facet by, by id, and how to label one.
func (s *Service) byNames(by string) ([]string, func(string) string) {
	n := s.facetNames()
	switch by {
	case "country", "about_country":
		return n.country, s.tagger.CountryName
	case "commodity", "about_commodity":
		return n.commodity, s.tagger.CommodityLabel
	case "lang":
		return langValues(n.lang), langLabel
	}
	return n.source, func(v string) string { return v }
}

// unitValues appends to dst the ids of facet by that u's articles have,
// each once.
func unitValues(v *catalog.View, u unit, by string, dst []uint16) []uint16 {
	for _, o := range u.members {
		f := &v.Facets[o]
		var vals []uint16
		switch by {
		case "source":
			vals = []uint16{f.Source}
		case "lang":
			vals = []uint16{f.Lang}
		default:
			countries, commodities, aboutCountries, aboutCommodities := v.Tags(f)
			switch by {
			case "country":
				vals = countries
			case "commodity":
				vals = commodities
			case "about_country":
				vals = aboutCountries
			case "about_commodity":
				vals = aboutCommodities
			}
		}
		for _, id := range vals {
			if !slices.Contains(dst, id) {
				dst = append(dst, id)
			}
		}
	}
	return dst
}
