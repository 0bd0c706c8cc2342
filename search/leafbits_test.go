package search

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/tagger"
)

// segmentedService indexes the first 4,000 Reuters stories in batches of
// 700, so the index has several segments, then writes the first tenth
// again, so older segments have deleted passages: what a live index looks
// like, where one batch gives one clean segment. It is built once per test
// run and shared: tests must only search it.
func segmentedService(t *testing.T) *Service {
	t.Helper()
	arts := reutersArticles(t, 4000)
	segmented.Lock()
	defer segmented.Unlock()
	if segmented.s != nil {
		return segmented.s
	}
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "newsfind-search-segmented-")
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(dir, "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	reutersServices.mu.Lock()
	reutersServices.close = append(reutersServices.close, func() { x.Close(); os.RemoveAll(dir) })
	reutersServices.mu.Unlock()
	cat := catalog.NewCatalog()
	docs := make([]newsfind.Document, len(arts))
	byID := make(map[string]newsfind.Article, len(arts))
	for i, a := range arts {
		docs[i] = derive.Prepare(tg, a)
		cat.Put(catalog.EntryOf(&docs[i]))
		byID[a.ID] = a
	}
	for i := 0; i < len(docs); i += 700 {
		if err := x.Write(docs[i:min(i+700, len(docs))], nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Write(docs[:len(docs)/10], nil); err != nil {
		t.Fatal(err)
	}
	s, err := New(index.NewCurrent(x), cat, tg, func(id string) (newsfind.Article, bool, error) {
		a, ok := byID[id]
		return a, ok, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	segmented.s = s
	return s
}

// segmented is the service segmentedService built.
var segmented struct {
	sync.Mutex
	s *Service
}

// matchWith runs the match step of q with its paths chosen by tune.
func (s *Service) matchWith(t *testing.T, q newsfind.Query, tune tuning) *Matches {
	t.Helper()
	p, err := s.plan(q)
	if err != nil {
		t.Fatal(err)
	}
	var m *Matches
	if err := s.index.Use(func(x *index.Index) error {
		m, err = s.match(context.Background(), x, p, tune)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return m
}

// articleScopeQueries join words per article (AND, NOT, under OR, with
// phrases, prefixes, fields and filters), common words with rare ones.
var articleScopeQueries = []newsfind.Query{
	{Text: "said pct"}, {Text: "oil prices"}, {Text: "cocoa export Ivory Coast"}, {Text: "dlrs net shr"},
	{Text: "bank rate -dollar"}, {Text: "(oil OR gas) price"}, {Text: `"crude oil" opec`}, {Text: "tonnes wheat*"},
	{Text: "sugar country:US"}, {Text: "trade surplus", Countries: []string{"JP"}}, {Text: "loss profit", Countries: []string{"US"}},
	{Text: "oil -price", Commodities: []string{"crude"}}, {Text: "-oil", Countries: []string{"GB"}},
	{Text: "gold -(silver OR copper)"}, {Text: "billion yen half"}, {Text: "very four pct"}, {Text: "market when"},
	{Text: "takeover bid", Sort: newsfind.SortDate}, {Text: "coffee quota brazil", Distinct: newsfind.DistinctStory},
}

// TestArticleScopeWalk runs the tests of article scope's walk over one
// index of several segments with deletions.
func TestArticleScopeWalk(t *testing.T) {
	s := segmentedService(t)
	t.Run("SameEitherWay", func(t *testing.T) { testArticleScopeSameEitherWay(t, s) })
	t.Run("ScoresOnlyMatched", func(t *testing.T) { testArticleScopeScoresOnlyMatched(t, s) })
}

// testArticleScopeSameEitherWay: reading the leaves' postings and scoring
// only the matched articles' passages finds the same articles, with the
// same scores, passage counts and order, as walking and scoring every
// passage of every word.
func testArticleScopeSameEitherWay(t *testing.T, s *Service) {
	for _, q := range articleScopeQueries {
		q.Scope = newsfind.ScopeArticle
		for _, dense := range []float64{denseShare, 2} {
			full := s.matchWith(t, q, tuning{dense: dense, fullLeaves: true})
			bits := s.matchWith(t, q, tuning{dense: dense})
			a, b := collectAll(full), collectAll(bits)
			if len(a) == 0 {
				t.Errorf("%+v: nothing matched; the test needs queries that match", q)
			}
			if full.Passages() != bits.Passages() || full.Articles() != bits.Articles() || full.Stories() != bits.Stories() {
				t.Errorf("%+v dense %v: full walk %d articles, %d passages, %d stories; bits %d, %d, %d", q, dense,
					full.Articles(), full.Passages(), full.Stories(), bits.Articles(), bits.Passages(), bits.Stories())
			}
			if !reflect.DeepEqual(a, b) {
				for i := range min(len(a), len(b)) {
					if a[i] != b[i] {
						t.Errorf("%+v dense %v: match %d: full walk %+v, bits %+v", q, dense, i, a[i], b[i])
						break
					}
				}
			}
			full.Release()
			bits.Release()
		}
	}
}

type matchRow struct {
	ord             int32
	score           float64
	passages, story int
}

func collectAll(m *Matches) []matchRow {
	var out []matchRow
	for h := range m.All() {
		out = append(out, matchRow{h.Ord, h.Score, h.Passages, h.StoryArticles})
	}
	return out
}

// testArticleScopeScoresOnlyMatched: an AND of a common word and a rare
// one scores no passage of the articles that lack the rare word, and none
// of the articles where the two words meet in a passage (that passage
// ranks them): at most the passages the answer counts, once per word.
func testArticleScopeScoresOnlyMatched(t *testing.T, s *Service) {
	for _, text := range []string{"said cocoa", "pct coffee quota", "company -dlrs"} {
		before := s.columns.scored.Load()
		m := s.matchWith(t, newsfind.Query{Text: text, Scope: newsfind.ScopeArticle}, tuning{dense: denseShare})
		scored := s.columns.scored.Load() - before
		passages, leaves := m.Passages(), len(m.p.leaves)
		m.Release()
		if passages == 0 {
			t.Fatalf("%q matched nothing", text)
		}
		if scored > uint64(leaves*passages) {
			t.Errorf("%q: scored %d passages to rank an answer of %d passages (%d words)", text, scored, passages, leaves)
		}
		t.Logf("%q: %d passages scored, %d counted", text, scored, passages)
	}
}
