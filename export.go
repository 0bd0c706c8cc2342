package newsfind

import (
	"context"
	"time"
)

// ExportRow is one matching article as an export writes it: its summary
// as the catalog has it, its rank, its story's size and its best passage.
type ExportRow struct {
	Summary
	Score float64
	// MatchedPassages counts the article's passages that matched.
	MatchedPassages int
	// Copies is how many articles its story has (1 without a story).
	Copies int
	// Best is the article's best passage with the query's words marked, as
	// the first passage of a hit: nil when its text is no longer stored.
	// Without words to match it is the article's first passage, unmarked.
	Best *PassageHit
}

// PassageRow is one matching passage as an export writes it.
type PassageRow struct {
	ArticleID string
	Index     int
	Text      string
	Marks     [][2]int // code-point [start, end) spans, as PassageHit's
}

// StoryRow is one matching story as an export writes it: the story as a
// whole, whichever of its articles matched.
type StoryRow struct {
	StoryID string // "" for an article that has no story: a story of one
	// Canonical is the story's earliest article, the one its copies copy.
	Canonical Summary
	// Outlets are the sources that carried the story, sorted.
	Outlets []string
	// First and Last are its articles' earliest and latest publication
	// dates (zero when none is dated).
	First, Last time.Time
	Articles    int // the story's articles
	Matched     int // of them, those that matched
	// BestID and Score are its best matching article, the one the story's
	// place in the order comes from.
	BestID string
	Score  float64
}

// Export units: what one row of an export is.
const (
	UnitArticles = "articles"
	UnitPassages = "passages"
	UnitStories  = "stories"
)

// Exporter streams every match of a query, in the query's sort order and
// without a cap: what a researcher takes into a spreadsheet. Each method
// calls fn with one row at a time, from one walk of the index, and stops
// at fn's first error or when ctx ends. A row and its slices are fn's to
// read only, and only during the call: nothing holds the whole list.
type Exporter interface {
	// Export gives every matching article.
	Export(ctx context.Context, q Query, fn func(*ExportRow) error) error
	// ExportPassages gives the matching passages of every matching
	// article, the articles in the query's order and each one's passages
	// in reading order; every passage when the query has no words.
	ExportPassages(ctx context.Context, q Query, fn func(*PassageRow) error) error
	// ExportStories gives every matching story once, in the order of its
	// best matching article (the order distinct=story pages in).
	ExportStories(ctx context.Context, q Query, fn func(*StoryRow) error) error
}
