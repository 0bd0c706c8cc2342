package web

import (
	"context"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/newsfind/newsfind"
)

// timelineChoice is how the results page draws its timeline: the date
// facet's own buckets (the zero value), or /api/timeline's at Interval,
// counts or shares of the collection.
type timelineChoice struct {
	Interval newsfind.Interval
	Share    bool
}

// timelineControls are the results page's links that redraw its timeline
// (plain links: they work without JavaScript) and its CSV.
type timelineControls struct {
	Measures  []toggleLink
	Intervals []toggleLink
	CSV       string
}

// takeTimelineChoice reads the page's interval= and measure= and returns
// the rest, the search's own parameters.
func takeTimelineChoice(v url.Values) (url.Values, timelineChoice, error) {
	var c timelineChoice
	if v.Get("interval") == "" && v.Get("measure") == "" {
		return v, c, nil
	}
	v = cloneValues(v)
	c.Interval = newsfind.Interval(strings.ToLower(strings.TrimSpace(v.Get("interval"))))
	measure := strings.ToLower(strings.TrimSpace(v.Get("measure")))
	v.Del("interval")
	v.Del("measure")
	if c.Interval != "" && !slices.Contains(newsfind.Intervals, c.Interval) {
		return v, c, newsfind.Errorf(newsfind.EINVALID, "interval=%s: give day, week, month or year", newsfind.Echo(string(c.Interval)))
	}
	switch measure {
	case "", measureCount:
	case measureShare:
		c.Share = true
	default:
		return v, c, newsfind.Errorf(newsfind.EINVALID, "measure=%s: give count or share", newsfind.Echo(measure))
	}
	return v, c, nil
}

// pageTimeline draws the results page's timeline as chosen: the date
// facet's when nothing is, else the timeline's buckets, a second count
// only a reader who asked for it pays for. It also gives the controls.
func (s *Server) pageTimeline(ctx context.Context, q newsfind.Query, f newsfind.DateFacet, c timelineChoice) (*timelineView, *timelineControls) {
	tl, ok := s.searcher.(newsfind.Timeliner)
	if !ok {
		return timeline(q, f), nil
	}
	view := timeline(q, f)
	var t *newsfind.Timeline
	if c != (timelineChoice{}) {
		var err error
		if t, err = tl.Timeline(ctx, newsfind.TimelineQuery{Query: q, Interval: c.Interval}); err == nil {
			view = timelineOf(q, t, c.Share)
		}
	}
	if view == nil {
		return nil, nil
	}
	ctl := &timelineControls{}
	base := linkValues(q)
	link := func(in newsfind.Interval, share bool) string {
		v := cloneValues(base)
		if in != "" {
			v.Set("interval", string(in))
		}
		if share {
			v.Set("measure", measureShare)
		}
		return searchHref(newsfind.Query{}) + "?" + v.Encode()
	}
	unit := view.Unit
	ctl.Measures = []toggleLink{
		{Label: "count", Href: link(c.Interval, false), Current: !c.Share},
		{Label: "share of all " + unit, Href: link(c.Interval, true), Current: c.Share},
	}
	for _, in := range append([]newsfind.Interval{""}, newsfind.Intervals...) {
		label := string(in)
		if in == "" {
			label = "auto"
		}
		ctl.Intervals = append(ctl.Intervals, toggleLink{Label: label, Href: link(in, c.Share), Current: in == c.Interval})
	}
	csv := cloneValues(base)
	csv.Del("sort")
	if c.Interval != "" {
		csv.Set("interval", string(c.Interval))
	} else if view.Interval != "" && slices.Contains(newsfind.Intervals, newsfind.Interval(view.Interval)) {
		csv.Set("interval", view.Interval) // the buckets drawn
	}
	ctl.CSV = "/timeline.csv?" + csv.Encode()
	return view, ctl
}

// timelineOf draws a timeline's buckets as the date facet's bars are
// drawn, by count or by share (hundredths of a percent, so that the
// axis's round steps are round percentages).
func timelineOf(q newsfind.Query, t *newsfind.Timeline, share bool) *timelineView {
	f := newsfind.DateFacet{Interval: string(t.Interval), Undated: t.Undated, Buckets: make([]newsfind.DateBucket, len(t.Buckets))}
	for i, b := range t.Buckets {
		v := b.Count
		if share && b.Count > 0 {
			v = max(1, int(math.Round(b.Share*10000)))
		}
		f.Buckets[i] = newsfind.DateBucket{Value: bucketLabel(b.Start, t.Interval), From: b.Start, To: bucketLast(t.Interval, b.Start), Count: v}
	}
	view := timeline(q, f)
	if view == nil {
		return nil
	}
	view.Dated = 0
	for i := range view.Bars {
		b, bar := t.Buckets[i], &view.Bars[i]
		view.Dated += b.Count
		bar.Count = b.Count
		bar.Label = fmt.Sprintf("%s: %d of %d %s (%s)", bucketLabel(b.Start, t.Interval), b.Count, b.Total, view.Unit, percent(b.Share))
		if share {
			bar.Text = percent(b.Share)
		}
	}
	if share {
		for i := range view.Ticks {
			view.Ticks[i].Text = trimPercent(float64(view.Ticks[i].Count) / 100)
		}
		view.Axis = "% of all " + view.Unit
	}
	return view
}

// trimPercent writes p percent with no more decimals than it has.
func trimPercent(p float64) string {
	s := fmt.Sprintf("%.2f", p)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s + "%"
}
