package newsfind

import "context"

// ExportRow is one matching article as an export writes it: its summary
// as the catalog has it, its rank, and its story's size.
type ExportRow struct {
	Summary
	Score float64
	// MatchedPassages counts the article's passages that matched.
	MatchedPassages int
	// Copies is how many articles its story has (1 without a story).
	Copies int
}

// Exporter streams every article a query matches, in the query's sort
// order and without a cap: what a researcher takes into a spreadsheet.
type Exporter interface {
	// Export calls fn with each matching article in turn, from one walk
	// of the index, and stops at fn's first error or when ctx ends. The
	// row and its slices are fn's to read only, and only during the call:
	// nothing holds the whole list.
	Export(ctx context.Context, q Query, fn func(*ExportRow) error) error
}
