package search

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// TestTermsDraw: how a terms sample is drawn follows the match set. A
// broad query's (over termsScoreLimit articles) is drawn from the unranked
// match step by prominence, never scoring its matches; a commodity's,
// small, from the best-scoring matches; a query of filters alone's as a
// spread. And the prominent draw finds what the scored one finds: forced
// on the commodities, its top 25 are mostly the scored draw's.
func TestTermsDraw(t *testing.T) {
	s, _ := reutersService(t, 21578)
	ctx := context.Background()
	for _, tc := range []struct {
		q    newsfind.Query
		draw string
	}{
		{newsfind.Query{Text: "said"}, newsfind.DrawProminent},
		{newsfind.Query{Text: "said OR year"}, newsfind.DrawProminent},
		{newsfind.Query{Text: "cocoa"}, newsfind.DrawBest},
		{newsfind.Query{Commodities: []string{"cocoa"}}, newsfind.DrawSpread},
	} {
		ts, err := s.Terms(ctx, newsfind.TermsQuery{Query: tc.q})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%q %v: sample %+v", tc.q.Text, tc.q.Commodities, ts.Sample)
		if ts.Sample.Draw != tc.draw {
			t.Errorf("%q %v (%d matches): drawn %q, want %q", tc.q.Text, tc.q.Commodities, ts.Sample.Matched, ts.Sample.Draw, tc.draw)
		}
		if tc.draw == newsfind.DrawProminent && ts.Sample.Matched <= termsScoreLimit {
			t.Fatalf("%q matches %d articles: no broad query over %d", tc.q.Text, ts.Sample.Matched, termsScoreLimit)
		}
		if ts.Sample.Articles < termsSampleArticles/2 || len(ts.Terms) == 0 {
			t.Errorf("%q %v: sample %+v, %d terms", tc.q.Text, tc.q.Commodities, ts.Sample, len(ts.Terms))
		}
	}
	for _, q := range []string{"cocoa", "coffee", "sugar"} {
		tq := newsfind.TermsQuery{Query: newsfind.Query{Text: q}}
		best, err := s.Terms(ctx, tq)
		if err != nil {
			t.Fatal(err)
		}
		prominent, err := s.terms(ctx, tq, 0)
		if err != nil {
			t.Fatal(err)
		}
		if prominent.Sample.Draw != newsfind.DrawProminent {
			t.Fatalf("%s with no set scored: drawn %q", q, prominent.Sample.Draw)
		}
		inBest := map[string]bool{}
		for _, term := range best.Terms {
			inBest[term.Term] = true
		}
		var shared, got []string
		for _, term := range prominent.Terms {
			got = append(got, term.Term)
			if inBest[term.Term] {
				shared = append(shared, term.Term)
			}
		}
		t.Logf("%s drawn by prominence: %s", q, strings.Join(got, " | "))
		if len(shared) < 15 {
			t.Errorf("%s: the prominent draw's top 25 share %d terms with the scored draw's, want 15: %v", q, len(shared), got)
		}
	}
}

// TestSpreadEveryPrefix: the spread draw is systematic, and so is every
// prefix of it (the byte bound may stop the sample early): its first 2^k
// articles lie evenly spaced over the matches; copies of one title are
// taken once; a set smaller than the places tried is taken whole.
func TestSpreadEveryPrefix(t *testing.T) {
	draw := func(n int, title func(int) string) []int {
		es := make([]catalog.Entry, n)
		ords := make([]int32, n)
		at := map[string]int{}
		for i := range es {
			es[i] = catalog.Entry{Summary: newsfind.Summary{ID: fmt.Sprint("a", i), Title: title(i)}}
			ords[i] = int32(i)
			at[es[i].ID] = i
		}
		d := sampleDraw{entries: es, seenStory: map[string]bool{}, seenTitle: map[string]bool{}}
		d.spread(ords)
		var out []int
		for _, s := range d.out {
			out = append(out, at[s.id])
		}
		return out
	}
	const n = 100_000
	got := draw(n, func(i int) string { return fmt.Sprint("t", i) })
	if len(got) != termsSampleArticles {
		t.Fatalf("%d drawn of %d, want %d", len(got), n, termsSampleArticles)
	}
	for k := 2; k <= 64; k *= 2 {
		first := slices.Sorted(slices.Values(got[:k]))
		for i := 1; i < k; i++ {
			if gap := first[i] - first[i-1]; gap < n/k-1 || gap > n/k+1 {
				t.Errorf("first %d drawn %v: a gap of %d, want %d", k, first, gap, n/k)
				break
			}
		}
	}
	// Ten copies of each text, next to one another: one of each is taken.
	got = draw(n, func(i int) string { return fmt.Sprint("t", i/10) })
	seen := map[int]bool{}
	for _, i := range got {
		if seen[i/10] {
			t.Errorf("text %d drawn twice", i/10)
		}
		seen[i/10] = true
	}
	if len(got) != termsSampleArticles {
		t.Errorf("%d drawn of copied texts, want %d", len(got), termsSampleArticles)
	}
	got = draw(37, func(i int) string { return fmt.Sprint("t", i) })
	if len(got) != 37 {
		t.Errorf("%d drawn of 37, want all", len(got))
	}
}
