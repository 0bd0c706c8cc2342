package newsfind

import (
	"context"
	"time"
)

// Interval is the width of a timeline's buckets.
type Interval string

const (
	IntervalDay   Interval = "day"
	IntervalWeek  Interval = "week" // ISO week: Monday to Sunday
	IntervalMonth Interval = "month"
	IntervalYear  Interval = "year"
)

// Intervals are the intervals a timeline takes; none (the zero value)
// means one chosen from the span of the matches, as the date facet does.
var Intervals = []Interval{IntervalDay, IntervalWeek, IntervalMonth, IntervalYear}

// MaxTimelineBuckets bounds a timeline's buckets: every bucket from the
// first match to the last is answered, so an interval too fine for the
// span (days over a century) is refused before anything is counted.
const MaxTimelineBuckets = 5000

// TimelineBy are the facets a timeline splits its series by.
var TimelineBy = []string{"source", "country", "commodity", "about_country", "about_commodity", "lang"}

// Limits on a split timeline's series.
const (
	DefaultTimelineTop = 5
	MaxTimelineTop     = 20
)

// TimelineQuery is a search's matches counted over time.
type TimelineQuery struct {
	Query
	Interval Interval
	// By, one of TimelineBy, splits the timeline into a series per value
	// of that facet: the Top (0 means DefaultTimelineTop) values with the
	// most matches, and "other".
	By  string
	Top int
}

// Timeline counts a query's matching articles (stories, with
// Distinct=story) per bucket beside the collection's volume: the same
// filters without the query text. Share is Count/Total, so attention is
// comparable between a busy month and a quiet one.
type Timeline struct {
	Interval Interval
	// Buckets run from the first dated match to the last, every bucket
	// between included, empty ones too.
	Buckets []TimelineBucket
	// Undated counts the matches without a date, which no bucket holds.
	Undated       int
	TotalArticles int
	// TotalStories is how many stories matched, with Distinct=story.
	TotalStories int
	// Series split the timeline by the query's By, each over the same
	// buckets, its total and share those of its own value.
	Series []TimelineSeries
}

// TimelineSeries is a timeline of the matches with one value of a facet.
// An article (story) with several values counts in each of their series;
// "other" holds those with none of the series' values.
type TimelineSeries struct {
	Value, Label string
	Count        int // matches with the value, undated ones too
	Undated      int
	Buckets      []TimelineBucket
}

// OtherSeries is the Value of the series of the matches with none of the
// listed values.
const OtherSeries = "other"

// TimelineBucket is one interval of a timeline, starting on Start.
type TimelineBucket struct {
	Start time.Time
	Count int     // matches
	Total int     // articles (stories) under the same filters, with no query text
	Share float64 // Count/Total; 0 when Total is 0
}

// Timeliner answers timelines. It is apart from Searcher so that a
// searcher that cannot (a remote one of an older server) still searches.
type Timeliner interface {
	Timeline(ctx context.Context, q TimelineQuery) (*Timeline, error)
}
