package search_test

import (
	"context"
	"testing"

	"github.com/newsfind/newsfind"
)

// BenchmarkExportReuters exports every Reuters-21578 article, and every
// oil article, with their best passages: articles/s is the figure.
func BenchmarkExportReuters(b *testing.B) {
	s := openEngine(b, reutersSlice(b, 25000)).(newsfind.Exporter)
	ctx := context.Background()
	for _, text := range []string{"", "oil"} {
		b.Run("q="+text, func(b *testing.B) {
			rows := 0
			for b.Loop() {
				err := s.Export(ctx, newsfind.Query{Text: text}, func(r *newsfind.ExportRow) error {
					rows++
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}
