package search

import (
	"context"
	"testing"

	"github.com/newsfind/newsfind"
)

// BenchmarkTermsReuters: the terms of a commodity over the whole of
// Reuters-21578 (×1).
func BenchmarkTermsReuters(b *testing.B) {
	s, _ := reutersService(b, 21578)
	ctx := context.Background()
	for b.Loop() {
		for _, q := range []string{"cocoa", "coffee", "sugar", "oil", "tariffs"} {
			if _, err := s.Terms(ctx, newsfind.TermsQuery{Query: newsfind.Query{Text: q}}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
