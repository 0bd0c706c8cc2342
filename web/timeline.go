package web

import (
	"fmt"
	"strconv"

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

	// The y-axis: its title, turned on its side, then the tick labels.
	axisTitleW = 14
	axisDigitW = 7  // a digit of the 11px tick labels, and a little
	axisTickW  = 6  // the tick mark and the gap before its label
	axisHalfEm = 6  // half a tick label's height, above the top tick
	axisBelow  = 18 // the dates under the bars
	dateW      = 72 // one date under the bars ("2025-11-06" at 11px), and a gap
)

// timelineView is the date facet drawn as bars by the server: an inline
// SVG whose bars link to the search narrowed to their day or month, with
// a y-axis of counts and the first and last dates below.
type timelineView struct {
	Interval      string
	Unit          string // what a bar counts: articles or stories
	Axis          string // the y-axis's title
	Width, Height int
	Labels        bool // bars are wide enough to carry their counts
	Bars          []barView
	Undated       int
	Dated         int
	First, Last   string
	// The y-axis: at X, from Top to Base, with its title centred at
	// TitleX, TitleY (before the quarter turn) and its ticks.
	X, Top, Base   int
	TickX, LabelX  int // where the tick marks start and their labels end
	TitleX, TitleY int
	Ticks          []tickView
	DatesY         int // baseline of the dates under the bars
}

type barView struct {
	X, Y, W, H int
	TextX      int // centre of the bar, for its count
	TextY      int
	Href       string
	Label      string
	Count      int
	Text       string // the count as drawn over the bar
	Active     bool
}

// tickView is a count on the y-axis, drawn at height Y.
type tickView struct {
	Y, LabelY int
	Count     int
	Text      string // its label
}

// axisStep is a round step between the y-axis ticks (1, 2 or 5 times a
// power of ten) that puts at most three steps below the tallest bar.
func axisStep(most int) int {
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if s := m * p; s*3 >= most {
				return s
			}
		}
	}
}

// timeline returns nil when there is nothing to draw and nothing undated.
func timeline(q newsfind.Query, f newsfind.DateFacet) *timelineView {
	if len(f.Buckets) == 0 && f.Undated == 0 {
		return nil
	}
	one, many := "article", "articles"
	if q.Distinct == newsfind.DistinctStory {
		one, many = "story", "stories"
	}
	t := &timelineView{Interval: f.Interval, Unit: many, Axis: many, Undated: f.Undated, Height: timelineHeight}
	if len(f.Buckets) == 0 {
		return t
	}
	most := 0
	for _, b := range f.Buckets {
		most = max(most, b.Count)
		t.Dated += b.Count
	}
	step := axisStep(max(most, 1))
	axisMax := (max(most, 1) + step - 1) / step * step

	n := len(f.Buckets)
	barStep := min(max(timelineMaxW/n, timelineMinBar), timelineMaxBar)
	t.X = axisTitleW + len(strconv.Itoa(axisMax))*axisDigitW + axisTickW
	t.TickX, t.LabelX = t.X-3, t.X-5
	// Wide enough for the dates under the bars, however few bars.
	dates := dateW
	if n > 1 {
		dates *= 2
	}
	t.Width = t.X + max(n*barStep, dates)
	t.Labels = barStep >= 18
	top := axisHalfEm
	if t.Labels {
		top = timelineLabels
	}
	t.Top, t.Base = top, top+timelineHeight
	t.DatesY = t.Base + axisBelow - 4
	t.Height = t.Base + axisBelow
	t.TitleX, t.TitleY = -(t.Top + timelineHeight/2), axisTitleW-4
	for c := 0; c <= axisMax; c += step {
		y := t.Base - c*(timelineHeight-2)/axisMax
		t.Ticks = append(t.Ticks, tickView{Y: y, LabelY: y + 4, Count: c, Text: strconv.Itoa(c)})
	}
	t.First, t.Last = f.Buckets[0].Value, f.Buckets[n-1].Value
	for i, b := range f.Buckets {
		h := 0
		if b.Count > 0 {
			h = max(b.Count*(timelineHeight-2)/axisMax, 3)
		}
		x := t.X + i*barStep
		bar := barView{
			X: x, W: barStep - timelineGap, Y: t.Base - h, H: h, Count: b.Count, Text: strconv.Itoa(b.Count),
			TextX: x + (barStep-timelineGap)/2, TextY: t.Base - h - 4,
			Label:  fmt.Sprintf("%s: %d %s", b.Value, b.Count, pluralize(b.Count, one, many)),
			Active: q.From.Equal(b.From) && q.To.Equal(b.To),
		}
		if b.Count > 0 {
			c := cloneQuery(q)
			c.From, c.To, c.Page = b.From, b.To, 0
			bar.Href = searchHref(c)
		} else {
			bar.Y, bar.H = t.Base-1, 1 // an empty bucket is a baseline tick
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
