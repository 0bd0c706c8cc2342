package search_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/seeds"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from this run")

// rankQueries are a few of each class of bench/queries.tsv, chosen to
// match in the first rankArticles stories.
var rankQueries = []struct{ class, text string }{
	{"term", "oil"},
	{"term", "dividend"},
	{"term", "bundesbank"},
	{"term", "cocoa"},
	{"and", "oil prices"},
	{"and", "trade deficit"},
	{"and", "takeover bid"},
	{"phrase", `"crude oil"`},
	{"phrase", `"interest rates"`},
	{"phrase", `"tender offer"`},
	{"or", "gold OR copper"},
	{"or", "merger OR acquisition"},
	{"filter", "country:JP trade"},
	{"filter", "commodity:oil prices"},
	{"filter", "country:GB bank"},
	{"broad", "said"},
	{"broad", "mln dlrs"},
	{"prefix", "export*"},
	{"prefix", "acqui*"},
	{"prefix", "bank*"},
}

// rankArticles keeps the index small enough to build in a few seconds;
// the ranking of a subset moves whenever the ranking of the whole does.
const rankArticles = 3000

// TestRanking pins the top ten of each query, with scores rounded so that
// float noise does not count but a change to analysis, passages or
// scoring does. After a change meant to move the ranking, rewrite the
// files with `go test ./search/ -run TestRanking -update` and read the
// diff as part of the review.
func TestRanking(t *testing.T) {
	s := enginetest.Open(t, enginetest.Articles(search.ReutersArticles(t, rankArticles))).Searcher()
	t.Run("cursor", func(t *testing.T) { cursorFollowsScore(t, s) })
	for _, q := range rankQueries {
		name := q.class + "_" + strings.Map(func(r rune) rune {
			switch {
			case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
				return r
			case r == ' ' || r == ':':
				return '_'
			}
			return -1
		}, q.text)
		t.Run(name, func(t *testing.T) {
			r, err := s.Search(context.Background(), newsfind.Query{Text: q.text, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "query: %s\ntotal_articles: %d\n", q.text, r.TotalArticles)
			for i, h := range r.Hits {
				// Matched passages too: the score is made of them.
				fmt.Fprintf(&b, "%2d %-16s %8.4f %3d matched\n", i+1, h.ID, h.Score, h.MatchedPassages)
			}
			got := b.String()
			path := filepath.Join("testdata", "rank", name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("ranking moved (run with -update if meant):\n--- want %s\n%s--- got\n%s", path, want, got)
			}
		})
	}
}

// TestRankingWholeArticle is issue 21's example: an article whose title
// and seven paragraphs are about coffee must rank above one that mentions
// coffee in one short paragraph, though that paragraph, being short, is
// the best-scoring passage of the two. It holds in both scopes.
func TestRankingWholeArticle(t *testing.T) {
	about := newsfind.Article{ID: "about", Source: "Wire", Title: "Coffee producers fail to agree on export quotas at London talks",
		Body: strings.Join([]string{
			"Coffee producing countries ended two weeks of talks in London without agreeing how to share export quotas, delegates said on Friday.",
			"Brazil, the largest coffee producer, wanted its share of the coffee market kept at the level set four years ago, while smaller producers asked for more.",
			"Coffee prices on the London futures market fell sharply after the talks broke down, traders said, and dealers expect further coffee selling next week.",
			"Consumer countries said they would keep buying coffee at market prices until producers could agree among themselves.",
			"Delegates said the coffee organisation's council would meet again in September to try once more to set quotas for the coffee year.",
			"Colombia said it would not sell coffee below the cost of production whatever the outcome.",
			"African coffee growers said the failure would hurt farmers who depend on coffee exports for most of their income.",
		}, "\n\n")}
	mention := newsfind.Article{ID: "mention", Source: "Wire", Title: "Retail group opens forty new stores in the north",
		Body: strings.Join([]string{
			"The retail group said it opened forty new stores in the north of the country last quarter and plans as many again this year, adding staff in each region.",
			"Its coffee shops did well.",
			"The group said sales of clothing and household goods rose eight percent from a year earlier, helped by the new stores and longer opening hours.",
		}, "\n\n")}
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	s := enginetest.Open(t, enginetest.Articles(append(arts, about, mention))).Searcher()
	for _, scope := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
		r, err := s.Search(context.Background(), newsfind.Query{Text: "coffee", Scope: scope, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		rank := map[string]int{}
		for i, h := range r.Hits {
			rank[h.ID] = i + 1
		}
		if rank["about"] == 0 || rank["mention"] == 0 || rank["about"] > rank["mention"] {
			t.Errorf("%s scope: the article about coffee ranks %d, the one mentioning it once %d", scope, rank["about"], rank["mention"])
			for _, h := range r.Hits {
				t.Logf("  %-12s %.4f matched %d", h.ID, h.Score, h.MatchedPassages)
			}
		}
	}
}

// cursorFollowsScore: pages read through cursors are the one long page cut
// in pieces, in both scopes and counting stories: a cursor holds the last
// hit's score, and the article score must read back equal to itself.
func cursorFollowsScore(t *testing.T, s newsfind.Searcher) {
	ctx := context.Background()
	for _, text := range []string{"oil", "trade deficit", `"crude oil"`, "gold OR copper", "said"} {
		for _, scope := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
			for _, distinct := range []newsfind.Distinct{"", newsfind.DistinctStory} {
				q := newsfind.Query{Text: text, Scope: scope, Distinct: distinct, Size: 60}
				whole, err := s.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				q.Size = 7
				var paged []newsfind.Hit
				for len(paged) < len(whole.Hits) {
					r, err := s.Search(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					paged = append(paged, r.Hits...)
					if r.Next == "" {
						break
					}
					q.After = r.Next
				}
				paged = paged[:min(len(paged), len(whole.Hits))]
				for i := range paged {
					if paged[i].ID != whole.Hits[i].ID || paged[i].Score != whole.Hits[i].Score {
						t.Errorf("%q %s %s: hit %d is %s %v through cursors, %s %v on one page", text, scope, distinct,
							i+1, paged[i].ID, paged[i].Score, whole.Hits[i].ID, whole.Hits[i].Score)
						break
					}
				}
				if len(paged) != len(whole.Hits) {
					t.Errorf("%q %s %s: %d hits through cursors, %d on one page", text, scope, distinct, len(paged), len(whole.Hits))
				}
			}
		}
	}
}
