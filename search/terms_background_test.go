package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind/index"
)

// TestAdjacentCountIsPhraseSearch: a distinctive phrase's background,
// counted on the postings, is the number of passages Bleve's phrase
// search finds, for phrases rare and common, in either order, and for
// words that never meet.
func TestAdjacentCountIsPhraseSearch(t *testing.T) {
	s, _ := reutersService(t, 3000)
	ctx := context.Background()
	err := s.index.Use(func(x *index.Index) error {
		r, err := x.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		for _, phrase := range []string{"buffer stock", "Ivory Coast", "crude oil", "oil prices", "prices oil", "mln dlrs", "dlrs mln", "New York", "cocoa zinc", "said said"} {
			toks := s.analyzer.Analyze([]byte(phrase))
			if len(toks) != 2 {
				t.Fatalf("%q analyzes to %d stems", phrase, len(toks))
			}
			a, b := string(toks[0].Term), string(toks[1].Term)
			got, err := adjacentCount(ctx, r, a, b)
			if err != nil {
				return err
			}
			req := bleve.NewSearchRequestOptions(query.NewPhraseQuery([]string{a, b}, index.FieldText), 0, 0, false)
			req.Score = "none"
			res, err := x.Bleve().SearchInContext(ctx, req)
			if err != nil {
				return err
			}
			t.Logf("%q (%s %s): %d passages", phrase, a, b, got)
			if got != int(res.Total) {
				t.Errorf("%q: counted %d passages, the phrase search finds %d", phrase, got, res.Total)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
