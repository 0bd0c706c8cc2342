package engine_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

// BenchmarkBulkDelete: 100,000 short articles created in Add calls of
// 10,000, then deleted in Delete calls of 10,000, the way `newsfind
// ingest` and `newsfind delete` send them; both times are reported.
func BenchmarkBulkDelete(b *testing.B) {
	const n, call = 100_000, 10_000
	for b.Loop() {
		ctx := context.Background()
		e, err := engine.Open(ctx, engine.Options{Dir: filepath.Join(b.TempDir(), "data"), Logger: zerolog.Nop()})
		if err != nil {
			b.Fatal(err)
		}
		ids := make([]string, n)
		start := time.Now()
		for i := 0; i < n; i += call {
			batch := make([]newsfind.Article, 0, call)
			for j := i; j < i+call; j++ {
				ids[j] = fmt.Sprintf("bulk-%d", j)
				batch = append(batch, newsfind.Article{ID: ids[j], Title: fmt.Sprintf("Note %d", j),
					Body: fmt.Sprintf("Short article number %d on the price of oil and wheat, as reported on day %d.", j, j%365)})
			}
			if _, err := e.Add(ctx, batch); err != nil {
				b.Fatal(err)
			}
		}
		created := time.Since(start)
		start = time.Now()
		for i := 0; i < n; i += call {
			gone, err := e.Delete(ctx, ids[i:i+call])
			if err != nil || len(gone) != call {
				b.Fatalf("delete: %d of %d, %v", len(gone), call, err)
			}
		}
		deleted := time.Since(start)
		b.ReportMetric(created.Seconds(), "create-s")
		b.ReportMetric(deleted.Seconds(), "delete-s")
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
