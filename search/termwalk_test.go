package search

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
)

// termWalkQueries are one-word queries, alone and beside filters rare and
// common (walked with the filters in the index, or checked on the catalog,
// as dense decides), in both scopes and orders.
var termWalkQueries = []newsfind.Query{
	{Text: "said"}, {Text: "pct"}, {Text: "cocoa"}, {Text: "tonnes"}, {Text: "mln", Sort: newsfind.SortDate},
	{Text: "sugar country:US"}, {Text: "trade", Countries: []string{"JP"}}, {Text: "loss", Countries: []string{"US"}},
	{Text: "oil", Commodities: []string{"oil"}}, {Text: "bank", Countries: []string{"GB", "FR"}},
	{Text: "wheat", Countries: []string{"US"}, Commodities: []string{"wheat", "corn"}},
	{Text: "coffee", Distinct: newsfind.DistinctStory}, {Text: "zzyzxnotaword"},
	{Text: "said OR year"}, {Text: "oil OR gas"}, {Text: "cocoa OR coffee OR sugar OR tea", Sort: newsfind.SortDate},
	{Text: "(oil OR gas) country:US"}, {Text: "wheat OR corn", Countries: []string{"US"}}, {Text: "oil OR zzyzxnotaword"},
	{Text: "gold OR silver OR copper", Distinct: newsfind.DistinctStory}, {Text: "bank OR loans", Commodities: []string{"oil"}},
}

// TestTermWalkSameAsSearcher: reading a one-word query's postings (or a
// few words ORed) from the
// segments finds the same articles, with the same scores (bit for bit),
// passage counts and order as Bleve's term searcher, on an index of
// several segments with deleted passages; so does the unranked walk's
// counting.
func TestTermWalkSameAsSearcher(t *testing.T) {
	s := segmentedService(t)
	for _, q := range termWalkQueries {
		for _, scope := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
			q.Scope = scope
			for _, dense := range []float64{denseShare, 0, 2} {
				for _, unranked := range []bool{false, true} {
					old := s.matchWith(t, q, tuning{dense: dense, searchers: true, unranked: unranked})
					walks := s.Walks()
					fast := s.matchWith(t, q, tuning{dense: dense, unranked: unranked})
					if s.Walks()-walks != 1 {
						t.Errorf("%+v: %d walks, want 1", q, s.Walks()-walks)
					}
					a, b := collectAll(old), collectAll(fast)
					if len(a) == 0 && q.Text != "zzyzxnotaword" {
						t.Errorf("%+v: nothing matched; the test needs queries that match", q)
					}
					if old.Passages() != fast.Passages() || old.Articles() != fast.Articles() || old.Stories() != fast.Stories() {
						t.Errorf("%+v dense %v unranked %v: searcher %d articles, %d passages, %d stories; postings %d, %d, %d",
							q, dense, unranked, old.Articles(), old.Passages(), old.Stories(), fast.Articles(), fast.Passages(), fast.Stories())
					}
					if !reflect.DeepEqual(a, b) {
						for i := range min(len(a), len(b)) {
							if a[i] != b[i] {
								t.Errorf("%+v dense %v unranked %v: match %d: searcher %+v, postings %+v", q, dense, unranked, i, a[i], b[i])
								break
							}
						}
					}
					old.Release()
					fast.Release()
				}
			}
		}
	}
}

// TestTermWalkTaken: the queries above, one word or words ORed, with or
// without filters, take the postings walk (else the test above compares the
// searcher with itself).
func TestTermWalkTaken(t *testing.T) {
	s := segmentedService(t)
	for _, q := range termWalkQueries {
		p, err := s.plan(q)
		if err != nil {
			t.Fatal(err)
		}
		var filters []query.Query
		for _, c := range p.filter.constraints {
			filters = append(filters, c.filterQuery())
		}
		if _, ok := termWalkOf(p.text, filters); !ok {
			t.Errorf("%+v (%T) is walked by Bleve's searcher", q, p.text)
		}
	}
}
