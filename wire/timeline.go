package wire

import (
	"net/url"
	"slices"
	"strings"

	"github.com/newsfind/newsfind"
)

// TimelineParams are the parameters of GET /api/timeline: a search's,
// and the interval.
var TimelineParams = append(slices.Clone(SearchParams), "interval")

// ParseTimeline reads GET /api/timeline's parameters: every search
// parameter (its paging is ignored: a timeline counts every match) and
// interval=day|week|month|year, none meaning one chosen from the span.
func ParseTimeline(v url.Values) (newsfind.TimelineQuery, error) {
	q, err := parseQuery(v, TimelineParams)
	if err != nil {
		return newsfind.TimelineQuery{}, err
	}
	t := newsfind.TimelineQuery{Query: q, Interval: newsfind.Interval(strings.ToLower(strings.TrimSpace(v.Get("interval"))))}
	if t.Interval != "" && !slices.Contains(newsfind.Intervals, t.Interval) {
		return t, newsfind.Errorf(newsfind.EINVALID, "interval=%s: give day, week, month or year", newsfind.Echo(v.Get("interval")))
	}
	return t, nil
}

// TimelineValues writes q as ParseTimeline reads it back.
func TimelineValues(q newsfind.TimelineQuery) url.Values {
	v := QueryValues(q.Query)
	if q.Interval != "" {
		v.Set("interval", string(q.Interval))
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
	a := TimelineAnswer{Interval: t.Interval, Buckets: make([]TimelineBucket, len(t.Buckets)), Undated: t.Undated,
		TotalArticles: t.TotalArticles, TotalStories: t.TotalStories}
	for i, b := range t.Buckets {
		a.Buckets[i] = TimelineBucket{Start: b.Start.Format(newsfind.DateLayout), Count: b.Count, Total: b.Total, Share: b.Share}
	}
	return a
}
