package wire

import (
	"net/url"
	"slices"
	"strings"

	"github.com/newsfind/newsfind"
)

// CompareParams are the parameters of GET /api/compare: a search's
// filters (paging and sort ignored), q and label repeated, and interval.
var CompareParams = append(slices.Clone(SearchParams), "interval", "label")

// ParseCompare reads GET /api/compare's parameters: q given 2 to 8 times,
// label= once per q at most (in the same order), the filters shared by
// every q, and interval as the timeline reads it.
func ParseCompare(v url.Values) (newsfind.CompareQuery, error) {
	// Counted before anything is parsed: each q will cost a match step.
	if n := len(v["q"]); n < newsfind.MinCompareQueries || n > newsfind.MaxCompareQueries {
		return newsfind.CompareQuery{}, newsfind.Errorf(newsfind.EINVALID, "q is given %d times: compare %d to %d queries (q=A&q=B…)",
			n, newsfind.MinCompareQueries, newsfind.MaxCompareQueries)
	}
	if n := len(v["label"]); n > len(v["q"]) {
		return newsfind.CompareQuery{}, newsfind.Errorf(newsfind.EINVALID, "label is given %d times for %d queries: at most one label per q", n, len(v["q"]))
	}
	q, err := parseQuery(v, CompareParams)
	if err != nil {
		return newsfind.CompareQuery{}, err
	}
	q.Text = ""
	c := newsfind.CompareQuery{Query: q, Interval: newsfind.Interval(strings.ToLower(strings.TrimSpace(v.Get("interval"))))}
	if c.Interval != "" && !slices.Contains(newsfind.Intervals, c.Interval) {
		return c, newsfind.Errorf(newsfind.EINVALID, "interval=%s: give day, week, month or year", newsfind.Echo(v.Get("interval")))
	}
	for i, t := range v["q"] {
		if t = strings.TrimSpace(t); t == "" {
			return c, newsfind.Errorf(newsfind.EINVALID, "q number %d is empty: every compared query needs words", i+1)
		}
		c.Texts = append(c.Texts, t)
	}
	for _, l := range v["label"] {
		c.Labels = append(c.Labels, strings.TrimSpace(l))
	}
	return c, nil
}

// CompareValues writes q as ParseCompare reads it back.
func CompareValues(q newsfind.CompareQuery) url.Values {
	base := q.Query
	base.Text = ""
	v := QueryValues(base)
	for _, t := range q.Texts {
		v.Add("q", t)
	}
	// Labels go by position: one left empty keeps its place.
	last := -1
	for i, l := range q.Labels {
		if l != "" {
			last = i
		}
	}
	for _, l := range q.Labels[:last+1] {
		v.Add("label", l)
	}
	if q.Interval != "" {
		v.Set("interval", string(q.Interval))
	}
	return v
}

// CompareAnswer is the GET /api/compare answer.
type CompareAnswer struct {
	Interval newsfind.Interval `json:"interval"`
	// Collection is how many articles (stories with distinct=story) the
	// filters alone match: every share's denominator.
	Collection int             `json:"collection"`
	Queries    []ComparedQuery `json:"queries"`
}

// ComparedQuery is one query's series in a CompareAnswer.
type ComparedQuery struct {
	Q             string                `json:"q"`
	Label         string                `json:"label"`
	TotalArticles int                   `json:"total_articles"`
	TotalStories  int                   `json:"total_stories,omitempty"`
	Undated       int                   `json:"undated"`
	Share         float64               `json:"share"`
	Buckets       []TimelineBucket      `json:"buckets"`
	TopSources    []newsfind.FacetValue `json:"top_sources"`
}

// NewCompareAnswer is c as the server writes it.
func NewCompareAnswer(c *newsfind.Comparison) CompareAnswer {
	a := CompareAnswer{Interval: c.Interval, Collection: c.Collection, Queries: make([]ComparedQuery, len(c.Series))}
	for i, s := range c.Series {
		a.Queries[i] = ComparedQuery{Q: s.Text, Label: s.Label, TotalArticles: s.TotalArticles, TotalStories: s.TotalStories,
			Undated: s.Undated, Share: s.Share, Buckets: timelineBuckets(s.Buckets), TopSources: s.Sources}
		if a.Queries[i].TopSources == nil {
			a.Queries[i].TopSources = []newsfind.FacetValue{}
		}
	}
	return a
}
