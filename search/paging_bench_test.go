package search_test

import (
	"context"
	"testing"

	"github.com/newsfind/newsfind"
)

// BenchmarkPaging: what paging costs over 5,000 Reuters articles, for a
// broad query (every article), a common word and a rarer one: the first
// page (which pins the answer when more follow) and a page read by
// cursor (from the pin: no walk of the index).
func BenchmarkPaging(b *testing.B) {
	s := openEngine(b, reutersSlice(b, 5000))
	ctx := context.Background()
	for _, c := range []struct{ name, text string }{{"all", ""}, {"said", "said"}, {"trade", "trade"}} {
		q := newsfind.Query{Text: c.text, Size: 100}
		b.Run(c.name+"/first", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/next", func(b *testing.B) {
			first, err := s.Search(ctx, q)
			if err != nil || first.Next == "" {
				b.Fatalf("%v, next %q", err, first.Next)
			}
			q := q
			q.After = first.Next
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
