package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// TestPickBestByScore: choosing stories' best articles by score, with ids
// compared only for stories that can reach the page, gives the page that
// comparing every tie gives, whatever the ties between and within stories.
func TestPickBestByScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 200 {
		n := 1 + rng.IntN(300)
		stories := 1 + rng.IntN(n)
		entries := make([]catalog.Entry, n)
		facets := make([]catalog.FacetOrds, n)
		score := make([]float64, n)
		arts := make([]int32, n)
		for o := range n {
			// Ids out of ordinal order, few distinct scores: many ties.
			entries[o].Summary = newsfind.Summary{ID: fmt.Sprintf("a%05d", rng.IntN(100000))}
			facets[o].Story = int32(rng.IntN(stories+1)) - 1 // -1: no story
			score[o] = float64(rng.IntN(4))
			arts[o] = int32(o)
		}
		for _, end := range []int{1, 10, 30} {
			less := hitOrder(entries, score, newsfind.SortRelevance)
			all := groupStories(facets, arts, stories)
			all.pickBest(less)
			some := groupStories(facets, arts, stories)
			some.pickBestByScore(score, entries, end)
			if len(all.best) != len(some.best) {
				t.Fatalf("round %d: %d stories, %d", round, len(all.best), len(some.best))
			}
			page := func(best []int32) []int32 {
				p := slices.Clone(best)
				slices.SortFunc(p, func(a, b int32) int {
					if less(a, b) {
						return -1
					}
					if less(b, a) {
						return 1
					}
					return 0
				})
				return p[:min(end, len(p))]
			}
			if a, b := page(all.best), page(some.best); !slices.Equal(a, b) {
				t.Fatalf("round %d, page of %d: %v, by score %v", round, end, a, b)
			}
		}
	}
}
