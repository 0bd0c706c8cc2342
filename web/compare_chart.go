package web

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// Line chart geometry, in SVG user units (CSS pixels at scale 1): drawn at
// its size, so that its labels stay legible; a narrow screen scrolls it.
const (
	lineChartW      = 880 // a screen's chart
	lineChartPhoneW = 340 // a phone's: the page draws both, CSS shows one
	lineChartH      = 280
	lineChartTop    = 12
	lineChartRight  = 24
	lineChartBelow  = 34 // room for the dates under the axis
	lineChartYTitle = 16 // the y-axis title, on its side
	lineDateW       = 84 // one date label and a gap
	linePointsMax   = 120
)

// Measures a compare chart draws.
const (
	measureCount = "count"
	measureShare = "share"
)

// lineChart is a comparison drawn as one line per query by the server.
type lineChart struct {
	Class         string // wide or narrow, which CSS shows by the screen's width
	Width, Height int
	Left, Right   int // the plot's x bounds
	Top, Base     int // the plot's y bounds
	YTitle        string
	YTitleX       int // before the quarter turn
	YTitleY       int
	Ticks         []lineTick
	Dates         []lineDate
	DatesY        int
	LabelX        int // where the tick labels end
	TickY         int // where the date ticks end
	Lines         []chartLine
	Summary       string // what the chart shows, for a screen reader
}

type lineTick struct {
	Y, LabelY int
	Label     string
}

type lineDate struct {
	X      int
	Label  string
	Anchor string
}

type chartLine struct {
	Class  string // its colour, shared with its legend swatch
	Label  string
	Points string // the polyline's points
	Dots   []chartDot
}

type chartDot struct {
	X, Y  int
	Title string
	Href  string
}

// measured is a bucket's value under measure: its count, or its share in
// percent.
func measured(b newsfind.TimelineBucket, measure string) float64 {
	if measure == measureShare {
		return 100 * b.Share
	}
	return float64(b.Count)
}

// niceStep is a round step between ticks (1, 2 or 5 times a power of ten)
// that puts at most four steps below most.
func niceStep(most float64) float64 {
	if most <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(most/4)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p*4 >= most {
			return m * p
		}
	}
	return 10 * p
}

// tickLabel writes v as the y-axis shows it, with as many decimals as step
// needs.
func tickLabel(v, step float64, measure string) string {
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step)))
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if measure == measureShare {
		return s + "%"
	}
	return s
}

// bucketLabel is a bucket's start as its interval reads.
func bucketLabel(start time.Time, interval newsfind.Interval) string {
	switch interval {
	case newsfind.IntervalYear:
		return start.Format("2006")
	case newsfind.IntervalMonth:
		return start.Format("Jan 2006")
	}
	return start.Format(newsfind.DateLayout)
}

// drawComparison lays out c's series as lines under measure; href links a
// point to its query's search of that bucket.
func drawComparison(c *newsfind.Comparison, measure, unit string, width int, href func(series int, b newsfind.TimelineBucket) string) *lineChart {
	if len(c.Series) == 0 || len(c.Series[0].Buckets) == 0 {
		return nil
	}
	n := len(c.Series[0].Buckets)
	most := 0.0
	for _, s := range c.Series {
		for _, b := range s.Buckets {
			most = max(most, measured(b, measure))
		}
	}
	step := niceStep(most)
	top := step * math.Max(1, math.Ceil(most/step))
	ch := &lineChart{Class: "wide", Width: width, Height: lineChartH, YTitle: unit}
	if width < lineChartW {
		ch.Class = "narrow"
	}
	if measure == measureShare {
		ch.YTitle = "% of all " + unit
	}
	widest := 0
	for v := 0.0; v <= top+step/2; v += step {
		widest = max(widest, len(tickLabel(v, step, measure)))
	}
	ch.Left = lineChartYTitle + 8 + widest*7
	ch.Right = ch.Width - lineChartRight
	ch.Top, ch.Base = lineChartTop, ch.Height-lineChartBelow
	ch.YTitleX, ch.YTitleY = -(ch.Top+ch.Base)/2, lineChartYTitle-4
	ch.DatesY = ch.Base + 18
	ch.LabelX, ch.TickY = ch.Left-6, ch.Base+4
	y := func(v float64) int { return ch.Base - int(math.Round(v/top*float64(ch.Base-ch.Top))) }
	for i := 0; float64(i)*step <= top+step/2; i++ {
		v := float64(i) * step
		ch.Ticks = append(ch.Ticks, lineTick{Y: y(v), LabelY: y(v) + 4, Label: tickLabel(v, step, measure)})
	}
	x := func(i int) int {
		if n == 1 {
			return (ch.Left + ch.Right) / 2
		}
		return ch.Left + i*(ch.Right-ch.Left)/(n-1)
	}
	// Dates under the axis: as many as fit, evenly spaced, the first and
	// last always.
	fit := max(1, (ch.Right-ch.Left)/lineDateW)
	every := max(1, int(math.Ceil(float64(n-1)/float64(fit))))
	for i := 0; i < n; i += every {
		ch.Dates = append(ch.Dates, lineDate{X: x(i), Label: bucketLabel(c.Series[0].Buckets[i].Start, c.Interval), Anchor: "middle"})
	}
	if last := n - 1; last%every != 0 {
		// The last date replaces an evenly spaced one too close to it.
		if len(ch.Dates) > 1 && x(last)-ch.Dates[len(ch.Dates)-1].X < lineDateW {
			ch.Dates = ch.Dates[:len(ch.Dates)-1]
		}
		ch.Dates = append(ch.Dates, lineDate{X: x(last), Label: bucketLabel(c.Series[0].Buckets[last].Start, c.Interval), Anchor: "middle"})
	}
	ch.Dates[0].Anchor = "start"
	if len(ch.Dates) > 1 {
		ch.Dates[len(ch.Dates)-1].Anchor = "end"
	} else if n == 1 {
		ch.Dates[0].Anchor = "middle"
	}
	for si, s := range c.Series {
		l := chartLine{Class: fmt.Sprintf("s%d", si), Label: s.Label}
		var pts strings.Builder
		for i, b := range s.Buckets {
			px, py := x(i), y(measured(b, measure))
			fmt.Fprintf(&pts, "%d,%d ", px, py)
			if n <= linePointsMax {
				d := chartDot{X: px, Y: py, Title: fmt.Sprintf("%s, %s: %d of %d %s (%s)", s.Label, bucketLabel(b.Start, c.Interval), b.Count, b.Total, unit, percent(b.Share))}
				if b.Count > 0 && href != nil {
					d.Href = href(si, b)
				}
				l.Dots = append(l.Dots, d)
			}
		}
		l.Points = strings.TrimSpace(pts.String())
		ch.Lines = append(ch.Lines, l)
	}
	first, last := c.Series[0].Buckets[0].Start, c.Series[0].Buckets[n-1].Start
	ch.Summary = fmt.Sprintf("%s by %s of %d queries, %s to %s", ch.YTitle, c.Interval, len(c.Series), bucketLabel(first, c.Interval), bucketLabel(last, c.Interval))
	return ch
}

// percent writes a share as people read it: 0.0123 is 1.23%.
func percent(share float64) string {
	switch p := 100 * share; {
	case p == 0:
		return "0%"
	case p < 0.01:
		return "<0.01%"
	case p < 10:
		return strconv.FormatFloat(p, 'f', 2, 64) + "%"
	default:
		return strconv.FormatFloat(p, 'f', 1, 64) + "%"
	}
}
