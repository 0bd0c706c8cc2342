package ingest

import (
	"context"

	"github.com/newsfind/newsfind"
)

// Add writes the valid items through w and says what became of every
// item, in items' order: one refused by its parser gets an error outcome
// with the parser's reason, the others the writer's outcome. Each
// outcome's Index is its item's position in the input (Item.Index), not
// the position among the valid ones by which the writer numbers: every
// way in (the API, the watched folder, feeds, the CLI) reports items as
// their sender counts them. w is not called when no item is valid. The
// error is the writer's, for the write as a whole.
func Add(ctx context.Context, w newsfind.Writer, items []Item) ([]newsfind.Outcome, error) {
	outs := make([]newsfind.Outcome, len(items))
	arts := make([]newsfind.Article, 0, len(items))
	from := make([]int, 0, len(items)) // from[k]: the item arts[k] is
	for j, it := range items {
		outs[j] = newsfind.Outcome{Index: it.Index, ID: it.Article.ID, Warnings: it.Warnings}
		if it.Err != nil {
			outs[j].Status, outs[j].Error = newsfind.StatusError, newsfind.ErrorMessage(it.Err)
			continue
		}
		arts = append(arts, it.Article)
		from = append(from, j)
	}
	if len(arts) == 0 {
		return outs, nil
	}
	got, err := w.Add(ctx, arts)
	if err != nil {
		return nil, err
	}
	for _, o := range got {
		j := from[o.Index]
		o.Index = items[j].Index
		o.Warnings = append(items[j].Warnings, o.Warnings...)
		outs[j] = o
	}
	return outs, nil
}

// Intake is the newsfind.Intake of every format this package reads.
type Intake struct{}

// Take reads data as ParseBytes does and writes its articles through w
// with Add.
func (Intake) Take(ctx context.Context, w newsfind.Writer, data []byte, name, contentType string, opt newsfind.IntakeOptions) ([]newsfind.Outcome, error) {
	items, err := ParseBytes(data, name, contentType, Options{Strict: opt.Strict, Lenient: opt.Lenient, URL: opt.URL, MaxItems: opt.MaxItems})
	if err != nil {
		return nil, err
	}
	return Add(ctx, w, items)
}

var _ newsfind.Intake = Intake{}
