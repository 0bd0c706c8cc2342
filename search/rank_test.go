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
				fmt.Fprintf(&b, "%2d %-16s %.4f\n", i+1, h.ID, h.Score)
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
