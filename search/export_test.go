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
	}
	return arts
}

// TestExportEveryMatch: Export gives every match, in the order All gives,
// with the catalog's fields and nothing read from the store.
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
		if r.URL == "" || r.Title == "" || r.Copies != 1 || r.MatchedPassages < 1 {
			return fmt.Errorf("row %+v lacks fields", r)
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
	if reads.Load() != 0 {
		t.Errorf("export read %d articles from the store", reads.Load())
	}
}

// TestExportStops: a consumer's error stops the export at once, and a
// cancelled context (a client gone) within exportCheckEvery rows.
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
	if err == nil || n > 10+exportCheckEvery {
		t.Errorf("after cancel at row 10: err %v, %d rows; want an error within %d rows", err, n, exportCheckEvery)
	}
}
