package search

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/newsfind/newsfind"
)

func exportCorpus() []newsfind.Article {
	arts := make([]newsfind.Article, 1200)
	for i := range arts {
		arts[i] = newsfind.Article{ID: fmt.Sprintf("e%04d", i), URL: fmt.Sprintf("https://example.com/%d", i),
			Title: fmt.Sprintf("Oil report %d", i), Source: "Wire", Body: "Oil prices rose. Wheat fell."}
		if i%100 == 0 {
			arts[i].Title = "" // its first passage is in its text
		}
	}
	return arts
}

// TestExportEveryMatch: Export gives every match, in the order All gives,
// with the catalog's fields and its best passage marked: each article's
// text read from the store once, and nothing read for a query without
// words, whose best passage is the title.
func TestExportEveryMatch(t *testing.T) {
	s, reads := countedService(t, exportCorpus())
	ctx := context.Background()
	q := newsfind.Query{Text: "oil", Sort: newsfind.SortDate}
	m, err := s.Match(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for h := range m.All() {
		want = append(want, h.Entry.ID)
	}
	m.Release()
	reads.Store(0)
	var got []string
	err = s.Export(ctx, q, func(r *newsfind.ExportRow) error {
		if r.URL == "" || r.Copies != 1 || r.MatchedPassages < 1 {
			return fmt.Errorf("row %+v lacks fields", r)
		}
		if r.Best == nil || len(r.Best.Marks) == 0 || markedText(*r.Best) != "oil" {
			return fmt.Errorf("row %s: best passage %+v; want one with Oil marked", r.ID, r.Best)
		}
		got = append(got, r.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1200 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("exported %d articles, want All's %d in its order", len(got), len(want))
	}
	if reads.Load() != 1200 {
		t.Errorf("export read %d articles from the store; want each once", reads.Load())
	}

	reads.Store(0)
	err = s.Export(ctx, newsfind.Query{}, func(r *newsfind.ExportRow) error {
		if r.Title == "" {
			if r.Best == nil || r.Best.Index != 1 || r.Best.Text != "Oil prices rose. Wheat fell." {
				return fmt.Errorf("row %s has no title: best passage %+v; want its first", r.ID, r.Best)
			}
		} else if r.Best == nil || r.Best.Index != 0 || r.Best.Text != r.Title || len(r.Best.Marks) != 0 {
			return fmt.Errorf("row %s: best passage %+v; want the title, unmarked", r.ID, r.Best)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if reads.Load() != 12 {
		t.Errorf("an export without words read %d articles from the store; want the 12 without a title alone", reads.Load())
	}
}

// TestExportPassages: every matching passage of every match, the articles
// in the query's order and each one's passages in reading order, marked;
// every passage when the query has no words.
func TestExportPassages(t *testing.T) {
	arts := []newsfind.Article{
		{ID: "a", URL: "https://example.com/a", Title: "Grain report", Source: "Wire",
			Body: "Wheat rose in Chicago.\n\nCorn was flat all week.\n\nWheat exports to Egypt grew."},
		{ID: "b", URL: "https://example.com/b", Title: "Wheat and wheat again", Source: "Wire",
			Body: "Nothing else moved.\n\nTraders waited."},
		{ID: "c", URL: "https://example.com/c", Title: "Oil", Source: "Wire", Body: "Crude fell."},
	}
	s, _ := countedService(t, arts)
	ctx := context.Background()
	var got []string
	err := s.ExportPassages(ctx, newsfind.Query{Text: "wheat", Sort: newsfind.SortDate}, func(r *newsfind.PassageRow) error {
		p := newsfind.PassageHit{Text: r.Text, Marks: r.Marks}
		got = append(got, fmt.Sprintf("%s/%d %v", r.ArticleID, r.Index, markedText(p)))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Sorted by date, both undated: b, whose title says wheat twice, first.
	want := "[b/0 wheat|wheat a/1 wheat a/3 wheat]"
	if fmt.Sprint(got) != want {
		t.Errorf("passages of wheat:\n %v\nwant\n %v", got, want)
	}
	got = got[:0]
	err = s.ExportPassages(ctx, newsfind.Query{Text: "", Sort: newsfind.SortDate}, func(r *newsfind.PassageRow) error {
		got = append(got, fmt.Sprintf("%s/%d", r.ArticleID, r.Index))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "[a/0 a/1 a/2 a/3 b/0 b/1 b/2 c/0 c/1]"; fmt.Sprint(got) != want {
		t.Errorf("every passage: %v, want %v", got, want)
	}
}

// TestExportStops: a consumer's error stops the export at once, and a
// cancelled context (a client gone) within exportChunk rows.
func TestExportStops(t *testing.T) {
	s, _ := countedService(t, exportCorpus())
	stop := errors.New("stop")
	n := 0
	err := s.Export(context.Background(), newsfind.Query{Text: "oil"}, func(*newsfind.ExportRow) error {
		if n++; n == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 5 {
		t.Errorf("after the consumer's error: %v, %d rows; want it at row 5", err, n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n = 0
	err = s.Export(ctx, newsfind.Query{Text: "oil"}, func(*newsfind.ExportRow) error {
		if n++; n == 10 {
			cancel()
		}
		return nil
	})
	if err == nil || n > 10+exportChunk {
		t.Errorf("after cancel at row 10: err %v, %d rows; want an error within %d rows", err, n, exportChunk)
	}
}
