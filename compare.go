package newsfind

import "context"

// Bounds on a comparison's queries: one query is a timeline, and each
// query costs a match step, so a comparison stays a handful.
const (
	MinCompareQueries = 2
	MaxCompareQueries = 8
	// MaxCompareLabel bounds a label, which is echoed in every answer.
	MaxCompareLabel = 80
	// CompareSources is how many top sources each compared query lists.
	CompareSources = 5
)

// CompareQuery is several query texts counted over the same buckets under
// the same filters, scope and distinct (Query's, whose Text is unused).
type CompareQuery struct {
	Query
	Texts []string
	// Labels name the series, by position; an empty or missing one is the
	// query's text.
	Labels   []string
	Interval Interval
}

// Comparison is a CompareQuery's answer: a series per query, all over the
// same buckets, so that they line up on one chart.
type Comparison struct {
	Interval Interval
	// Collection is how many articles (stories, with distinct=story) the
	// filters alone match: the denominator of every series' Share.
	Collection int
	Series     []ComparedSeries
}

// ComparedSeries is one query of a Comparison.
type ComparedSeries struct {
	Text, Label   string
	TotalArticles int
	TotalStories  int // with distinct=story
	Undated       int
	// Share is the query's matches (stories with distinct=story) over the
	// Collection: its part of the whole filtered coverage.
	Share   float64
	Buckets []TimelineBucket
	// Sources are the CompareSources sources with the most matches.
	Sources []FacetValue
}

// Comparer answers comparisons; apart from Searcher, as Timeliner is.
type Comparer interface {
	Compare(ctx context.Context, q CompareQuery) (*Comparison, error)
}
