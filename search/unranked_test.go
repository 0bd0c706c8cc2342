package search

import (
	"context"
	"slices"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestUnrankedMatchesSame: the match step a timeline and a comparison run
// without scores (Bleve's "none", which ANDs and ORs plain terms as
// bitmaps) finds the same articles and passages as the ranked one a
// search runs, for every shape of query: their totals must equal the
// search's.
func TestUnrankedMatchesSame(t *testing.T) {
	s, _ := reutersService(t, 3000)
	ctx := context.Background()
	for _, q := range []newsfind.Query{
		{Text: "oil"},
		{Text: "oil prices"},
		{Text: "oil OR gas"},
		{Text: "said OR year"},
		{Text: `"crude oil"`},
		{Text: `"Bank of England"`},
		{Text: "bank -rates"},
		{Text: "(grain OR wheat) exports"},
		{Text: "title:coffee -title:brazil"},
		{Text: "export*"},
		{Text: "oil prices", Scope: newsfind.ScopePassage},
		{Text: "oil prices", Distinct: newsfind.DistinctStory},
		{Text: "bank rates", Countries: []string{"US"}},
	} {
		ranked, err := s.Match(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		unranked, err := s.matchUnranked(ctx, q)
		if err != nil {
			t.Fatalf("%+v unranked: %v", q, err)
		}
		a, b := ords(ranked), ords(unranked)
		if ranked.Articles() == 0 || !slices.Equal(a, b) || ranked.Passages() != unranked.Passages() || ranked.Stories() != unranked.Stories() {
			t.Errorf("%+v: ranked %d articles, %d passages, %d stories; unranked %d, %d, %d",
				q, ranked.Articles(), ranked.Passages(), ranked.Stories(), unranked.Articles(), unranked.Passages(), unranked.Stories())
		}
		ranked.Release()
		unranked.Release()
	}
}

// ords are a Matches' ordinals and passage counts, in ordinal order.
func ords(m *Matches) []int32 {
	var out []int32
	m.Each(func(mt Match) bool {
		out = append(out, mt.Ord, int32(mt.Passages))
		return true
	})
	return out
}
