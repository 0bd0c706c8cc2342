package wire

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
)

// TimelineParams are the parameters of GET /api/timeline: a search's,
// and the interval.
var TimelineParams = append(slices.Clone(SearchParams), "interval", "by", "top")

// ParseTimeline reads GET /api/timeline's parameters: every search
// parameter (its paging is ignored: a timeline counts every match) and
// interval=day|week|month|year, none meaning one chosen from the span,
// and by= with top= to split it.
func ParseTimeline(v url.Values) (newsfind.TimelineQuery, error) {
	q, err := parseQuery(v, TimelineParams)
	if err != nil {
		return newsfind.TimelineQuery{}, err
	}
	t := newsfind.TimelineQuery{Query: q, Interval: newsfind.Interval(strings.ToLower(strings.TrimSpace(v.Get("interval"))))}
	if t.Interval != "" && !slices.Contains(newsfind.Intervals, t.Interval) {
		return t, newsfind.Errorf(newsfind.EINVALID, "interval=%s: give day, week, month or year", newsfind.Echo(v.Get("interval")))
	}
	t.By = strings.ToLower(strings.TrimSpace(v.Get("by")))
	if t.By != "" && !slices.Contains(newsfind.TimelineBy, t.By) {
		return t, newsfind.Errorf(newsfind.EINVALID, "by=%s: give %s", newsfind.Echo(v.Get("by")), strings.Join(newsfind.TimelineBy, ", "))
	}
	if top := strings.TrimSpace(v.Get("top")); top != "" {
		n, err := strconv.Atoi(top)
		if err != nil || n < 1 || n > newsfind.MaxTimelineTop {
			return t, newsfind.Errorf(newsfind.EINVALID, "top=%s: give a whole number from 1 to %d", newsfind.Echo(top), newsfind.MaxTimelineTop)
		}
		t.Top = n
	}
	return t, nil
}

// TimelineValues writes q as ParseTimeline reads it back.
func TimelineValues(q newsfind.TimelineQuery) url.Values {
	v := QueryValues(q.Query)
	if q.Interval != "" {
		v.Set("interval", string(q.Interval))
	}
	if q.By != "" {
		v.Set("by", q.By)
	}
	if q.Top != 0 {
		v.Set("top", strconv.Itoa(q.Top))
	}
	return v
}

// TimelineAnswer is the GET /api/timeline answer.
type TimelineAnswer struct {
	Interval      newsfind.Interval `json:"interval"`
	Buckets       []TimelineBucket  `json:"buckets"`
	Undated       int               `json:"undated"`
	TotalArticles int               `json:"total_articles"`
	TotalStories  int               `json:"total_stories,omitempty"`
	// Series, with by=, split the timeline by a facet's values.
	Series []TimelineSeries `json:"series,omitempty"`
}

// TimelineSeries is one series of a split TimelineAnswer.
type TimelineSeries struct {
	Value   string           `json:"value"`
	Label   string           `json:"label"`
	Count   int              `json:"count"`
	Undated int              `json:"undated"`
	Buckets []TimelineBucket `json:"buckets"`
}

// TimelineBucket is one bucket of a TimelineAnswer; Start is YYYY-MM-DD.
type TimelineBucket struct {
	Start string  `json:"start"`
	Count int     `json:"count"`
	Total int     `json:"total"`
	Share float64 `json:"share"`
}

// NewTimelineAnswer is t as the server writes it.
func NewTimelineAnswer(t *newsfind.Timeline) TimelineAnswer {
	a := TimelineAnswer{Interval: t.Interval, Undated: t.Undated,
		TotalArticles: t.TotalArticles, TotalStories: t.TotalStories}
	a.Buckets = timelineBuckets(t.Buckets)
	for _, sr := range t.Series {
		a.Series = append(a.Series, TimelineSeries{Value: sr.Value, Label: sr.Label, Count: sr.Count, Undated: sr.Undated, Buckets: timelineBuckets(sr.Buckets)})
	}
	return a
}

func timelineBuckets(bs []newsfind.TimelineBucket) []TimelineBucket {
	out := make([]TimelineBucket, len(bs))
	for i, b := range bs {
		out[i] = TimelineBucket{Start: b.Start.Format(newsfind.DateLayout), Count: b.Count, Total: b.Total, Share: b.Share}
	}
	return out
}
