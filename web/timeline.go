package web

import (
	"fmt"

	"github.com/newsfind/newsfind"
)

// Timeline geometry, in SVG user units (CSS pixels at scale 1).
const (
	timelineHeight = 56 // bar area
	timelineLabels = 16 // room above the bars for their counts
	timelineMaxW   = 640
	timelineMinBar = 6
	timelineMaxBar = 40
	timelineGap    = 2
)

// timelineView is the date facet drawn as bars by the server: an inline
// SVG whose bars link to the search narrowed to their day or month.
type timelineView struct {
	Interval      string
	Width, Height int
	Labels        bool // bars are wide enough to carry their counts
	Bars          []barView
	Undated       int
	Dated         int
	First, Last   string
}

type barView struct {
	X, Y, W, H int
	TextX      int // centre of the bar, for its count
	TextY      int
	Href       string
	Label      string
	Count      int
	Active     bool
}

// timeline returns nil when there is nothing to draw and nothing undated.
func timeline(q newsfind.Query, f newsfind.DateFacet) *timelineView {
	if len(f.Buckets) == 0 && f.Undated == 0 {
		return nil
	}
	t := &timelineView{Interval: f.Interval, Undated: f.Undated, Height: timelineHeight}
	if len(f.Buckets) == 0 {
		return t
	}
	most := 0
	for _, b := range f.Buckets {
		most = max(most, b.Count)
		t.Dated += b.Count
	}
	n := len(f.Buckets)
	step := min(max(timelineMaxW/n, timelineMinBar), timelineMaxBar)
	t.Width = n * step
	t.Labels = step >= 18
	top := 0
	if t.Labels {
		top = timelineLabels
		t.Height += top
	}
	t.First, t.Last = f.Buckets[0].Value, f.Buckets[n-1].Value
	one, many := "article", "articles"
	if q.Distinct == newsfind.DistinctStory {
		one, many = "story", "stories"
	}
	for i, b := range f.Buckets {
		h := 0
		if b.Count > 0 && most > 0 {
			h = max(b.Count*(timelineHeight-2)/most, 3)
		}
		bar := barView{
			X: i * step, W: step - timelineGap, Y: top + timelineHeight - h, H: h, Count: b.Count,
			TextX: i*step + (step-timelineGap)/2, TextY: top + timelineHeight - h - 4,
			Label:  fmt.Sprintf("%s: %d %s", b.Value, b.Count, pluralize(b.Count, one, many)),
			Active: q.From.Equal(b.From) && q.To.Equal(b.To),
		}
		if b.Count > 0 {
			c := cloneQuery(q)
			c.From, c.To, c.Page = b.From, b.To, 0
			bar.Href = searchHref(c)
		} else {
			bar.Y, bar.H = top+timelineHeight-1, 1 // an empty bucket is a baseline tick
		}
		t.Bars = append(t.Bars, bar)
	}
	return t
}

func pluralize(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
