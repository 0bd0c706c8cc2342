package search

import (
	"context"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/internal/corpus"
	nfquery "github.com/newsfind/newsfind/query"
)

// scopeArticles is the Reuters sample of the scope tests: enough stories
// for the queries to have articles whose words are scattered.
const scopeArticles = 6000

// scopeQueries are multi-word queries of issue 12 and of the benchmark's
// classes, whose words Reuters has both together and apart.
var scopeQueries = []string{
	"cocoa export Ivory Coast", "sugar export tender", "Brazil debt moratorium", "Bundesbank interest rates",
	"oil prices", "trade deficit", "takeover bid", "gold silver", "wheat export subsidy", "Japan trade surplus",
}

// TestScope runs the scope tests over one index of the Reuters sample.
func TestScope(t *testing.T) {
	s, arts := scopeService(t)
	for _, c := range []struct {
		name string
		test func(*testing.T, *Service, []newsfind.Article)
	}{
		{"ArticleScopeRecall", testArticleScopeRecall},
		{"ArticleScopeExcludes", testArticleScopeExcludes},
		{"ArticleScopeRanksMeetingFirst", testArticleScopeRanksMeetingFirst},
		{"ScopeSameForOneLeaf", testScopeSameForOneLeaf},
		{"ScopeRefusals", testScopeRefusals},
		{"ArticleScopeFacetsFollow", testArticleScopeFacetsFollow},
		{"ArticleScopeTree", testArticleScopeTree},
	} {
		t.Run(c.name, func(t *testing.T) { c.test(t, s, arts) })
	}
}

// testArticleScopeRecall: in article scope a query of words finds the
// articles that contain every word (as the index's analyzer stems it)
// anywhere, with recall ≥ 0.95 and precision ≥ 0.90; passage scope finds
// fewer. The truth set tokenises the stored text with the index's own
// analyzer, apart from the index. Results are read page by page through
// cursors, so paging is checked in both scopes too.
func testArticleScopeRecall(t *testing.T, s *Service, arts []newsfind.Article) {
	terms := articleTerms(s, arts)
	narrower := 0
	for _, text := range scopeQueries {
		var want []string
		for _, w := range strings.Fields(text) {
			for _, tok := range s.analyzer.Analyze([]byte(w)) {
				want = append(want, string(tok.Term))
			}
		}
		truth := map[string]bool{}
		for id, set := range terms {
			all := true
			for _, w := range want {
				all = all && set[w]
			}
			if all {
				truth[id] = true
			}
		}
		got := allHits(t, s, newsfind.Query{Text: text, Scope: newsfind.ScopeArticle})
		inPassage := allHits(t, s, newsfind.Query{Text: text, Scope: newsfind.ScopePassage})
		found := 0
		for id := range got {
			if truth[id] {
				found++
			}
		}
		recall, precision := ratio(found, len(truth)), ratio(found, len(got))
		t.Logf("%-28s truth %4d  article %4d  passage %4d  recall %.3f  precision %.3f",
			text, len(truth), len(got), len(inPassage), recall, precision)
		if len(truth) == 0 {
			t.Errorf("%s: no article has every word; the test needs words that occur", text)
		}
		if recall < 0.95 || precision < 0.90 {
			t.Errorf("%s: recall %.3f, precision %.3f (want ≥ 0.95, ≥ 0.90)", text, recall, precision)
		}
		for id := range inPassage {
			if !got[id] {
				t.Errorf("%s: %s matches in one passage but not in its article", text, id)
				break
			}
		}
		if len(inPassage) < len(got) {
			narrower++
		}
	}
	if narrower < len(scopeQueries)/2 {
		t.Errorf("passage scope is narrower on only %d of %d queries", narrower, len(scopeQueries))
	}
}

// testArticleScopeExcludes: in article scope an excluded word is nowhere
// in a hit's article; in passage scope it only leaves the passage (which is
// what article scope is for).
func testArticleScopeExcludes(t *testing.T, s *Service, arts []newsfind.Article) {
	mentions := map[string]bool{}
	for _, a := range arts {
		for _, p := range derive.Passages(a) {
			for _, tok := range s.analyzer.Analyze([]byte(p.Text)) {
				if string(tok.Term) == "opec" {
					mentions[a.ID] = true
				}
			}
		}
	}
	leaks := func(scope newsfind.Scope) (hits, leak int) {
		got := allHits(t, s, newsfind.Query{Text: "oil -OPEC", Scope: scope})
		for id := range got {
			if mentions[id] {
				leak++
			}
		}
		return len(got), leak
	}
	ah, al := leaks(newsfind.ScopeArticle)
	ph, pl := leaks(newsfind.ScopePassage)
	t.Logf("oil -OPEC: article scope %d hits, %d mention OPEC; passage scope %d hits, %d mention OPEC", ah, al, ph, pl)
	if ah == 0 || al != 0 {
		t.Errorf("article scope: %d hits, %d mention OPEC", ah, al)
	}
	if pl == 0 {
		t.Errorf("passage scope: no hit mentions OPEC elsewhere; the test no longer tells the scopes apart")
	}
}

// testArticleScopeRanksMeetingFirst: an article whose words meet in one
// passage ranks above every article where they are scattered, and keeps
// the score passage scope gives it; its best passages come first.
func testArticleScopeRanksMeetingFirst(t *testing.T, s *Service, _ []newsfind.Article) {
	ctx := context.Background()
	for _, text := range []string{"Bundesbank interest rates", "Brazil debt moratorium", "oil prices -opec"} {
		passage, err := s.Search(ctx, newsfind.Query{Text: text, Scope: newsfind.ScopePassage, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		score := map[string]float64{}
		for _, h := range passage.Hits {
			score[h.ID] = h.Score
		}
		article, err := s.Search(ctx, newsfind.Query{Text: text, Scope: newsfind.ScopeArticle, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		scattered := false
		for i, h := range article.Hits {
			ps, meets := score[h.ID]
			switch {
			case !meets:
				scattered = true
			case scattered:
				t.Errorf("%s: hit %d (%s) meets in one passage but ranks below a scattered one", text, i, h.ID)
			case len(passage.Hits) < 100 && ps != h.Score:
				t.Errorf("%s: %s scores %v in article scope, %v in passage scope", text, h.ID, h.Score, ps)
			}
			if h.MatchedPassages < 1 {
				t.Errorf("%s: %s has %d matched passages", text, h.ID, h.MatchedPassages)
			}
		}
		if !scattered && article.TotalArticles > len(article.Hits) {
			continue
		}
		if !scattered {
			t.Errorf("%s: no scattered article in the first page; pick a query that has some", text)
		}
	}
}

// testScopeSameForOneLeaf: a query of one leaf, or leaves under OR only,
// reads the same in both scopes, and takes the same path.
func testScopeSameForOneLeaf(t *testing.T, s *Service, _ []newsfind.Article) {
	ctx := context.Background()
	for _, text := range []string{"oil", `"crude oil"`, "gold OR copper", "the oil", "country:JP trade"} {
		p, err := s.plan(newsfind.Query{Text: text, Scope: newsfind.ScopeArticle})
		if err != nil {
			t.Fatal(err)
		}
		if p.tree != nil {
			t.Errorf("%s: takes the article-scope path", text)
		}
		a, err := s.Search(ctx, newsfind.Query{Text: text, Scope: newsfind.ScopeArticle, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.Search(ctx, newsfind.Query{Text: text, Scope: newsfind.ScopePassage, Size: 20})
		if err != nil {
			t.Fatal(err)
		}
		if a.TotalArticles != b.TotalArticles || a.TotalPassages != b.TotalPassages || len(a.Hits) != len(b.Hits) {
			t.Errorf("%s: article %d/%d, passage %d/%d", text, a.TotalArticles, a.TotalPassages, b.TotalArticles, b.TotalPassages)
			continue
		}
		for i := range a.Hits {
			if a.Hits[i].ID != b.Hits[i].ID || a.Hits[i].Score != b.Hits[i].Score {
				t.Errorf("%s: hit %d differs", text, i)
			}
		}
	}
}

// testScopeRefusals: an unknown scope, and a cursor of one scope used with
// the other, are the caller's error.
func testScopeRefusals(t *testing.T, s *Service, _ []newsfind.Article) {
	ctx := context.Background()
	if _, err := s.Search(ctx, newsfind.Query{Text: "oil", Scope: "sentence"}); newsfind.ErrorCode(err) != newsfind.EINVALID {
		t.Errorf("scope=sentence: %v, want EINVALID", err)
	}
	for _, sort := range []newsfind.Sort{newsfind.SortRelevance, newsfind.SortDate} {
		r, err := s.Search(ctx, newsfind.Query{Text: "oil prices", Scope: newsfind.ScopeArticle, Sort: sort, Size: 5})
		if err != nil || r.Next == "" {
			t.Fatalf("%v %v", r, err)
		}
		_, err = s.Search(ctx, newsfind.Query{Text: "oil prices", Scope: newsfind.ScopePassage, Sort: sort, Size: 5, After: r.Next})
		if newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Errorf("%s: an article-scope cursor in passage scope: %v, want EINVALID", sort, err)
		}
	}
}

// testArticleScopeFacetsFollow: totals and facets count the articles of
// the scope asked for.
func testArticleScopeFacetsFollow(t *testing.T, s *Service, _ []newsfind.Article) {
	ctx := context.Background()
	for _, scope := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
		r, err := s.Search(ctx, newsfind.Query{Text: "Brazil debt moratorium", Scope: scope, Size: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) != r.TotalArticles {
			t.Fatalf("%s: %d hits of %d; the test needs one page", scope, len(r.Hits), r.TotalArticles)
		}
		sources, passages := 0, 0
		for _, v := range r.Facets.Source {
			sources += v.Count
		}
		dated := r.Facets.Date.Undated
		for _, b := range r.Facets.Date.Buckets {
			dated += b.Count
		}
		for _, h := range r.Hits {
			passages += h.MatchedPassages
		}
		if sources != r.TotalArticles || dated != r.TotalArticles || passages != r.TotalPassages {
			t.Errorf("%s: %d articles, source facet %d, timeline %d; %d passages, hits' %d",
				scope, r.TotalArticles, sources, dated, r.TotalPassages, passages)
		}
	}
}

// testArticleScopeTree: AND, OR and NOT nested in any way read per
// article exactly as the tree evaluated over each article's words does.
func testArticleScopeTree(t *testing.T, s *Service, arts []newsfind.Article) {
	terms := articleTerms(s, arts)
	for _, text := range []string{
		"(gold OR silver) -copper", "oil -(opec OR saudi)", "wheat (export OR subsidy) -soviet",
		"cocoa OR (coffee -brazil)", "NOT (oil OR said OR dlrs OR mln OR pct OR year OR company)", "yen -(dollar -japan)",
	} {
		node, err := nfquery.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		var eval func(n nfquery.Node, set map[string]bool) bool
		eval = func(n nfquery.Node, set map[string]bool) bool {
			switch n := n.(type) {
			case nfquery.Word:
				toks := s.analyzer.Analyze([]byte(n.Text))
				if len(toks) == 0 {
					return true // a stop word is neutral where it stands
				}
				return set[string(toks[0].Term)]
			case nfquery.And:
				for _, m := range n.Not {
					if eval(m, set) {
						return false
					}
				}
				for _, m := range n.Must {
					if !eval(m, set) {
						return false
					}
				}
				return true
			case nfquery.Or:
				for _, m := range n.Any {
					if eval(m, set) {
						return true
					}
				}
				return false
			}
			t.Fatalf("%s: no evaluator for %T", text, n)
			return false
		}
		got := allHits(t, s, newsfind.Query{Text: text, Scope: newsfind.ScopeArticle})
		want := 0
		for id, set := range terms {
			w := eval(node, set)
			if w {
				want++
			}
			if w != got[id] {
				t.Errorf("%s: %s found %v, want %v", text, id, got[id], w)
				break
			}
		}
		t.Logf("%-30s %d articles", text, want)
		if want == 0 {
			t.Errorf("%s: no article matches; the test needs queries that do", text)
		}
	}
}

// articleTerms tokenises each article with the index's analyzer: the
// truth the scope tests hold the index to.
func articleTerms(s *Service, arts []newsfind.Article) map[string]map[string]bool {
	terms := make(map[string]map[string]bool, len(arts))
	for _, a := range arts {
		set := map[string]bool{}
		for _, p := range derive.Passages(a) {
			for _, tok := range s.analyzer.Analyze([]byte(p.Text)) {
				set[string(tok.Term)] = true
			}
		}
		terms[a.ID] = set
	}
	return terms
}

// allHits reads every page of a query through its cursors and returns the
// ids, checking that no article comes twice.
func allHits(t *testing.T, s *Service, q newsfind.Query) map[string]bool {
	t.Helper()
	q.Size = newsfind.MaxPageSize
	got := map[string]bool{}
	total := -1
	for {
		r, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("%q: %v", q.Text, err)
		}
		total = r.TotalArticles
		for _, h := range r.Hits {
			if got[h.ID] {
				t.Fatalf("%q (%s): %s on two pages", q.Text, q.Scope, h.ID)
			}
			got[h.ID] = true
		}
		if r.Next == "" {
			break
		}
		q.After = r.Next
	}
	if len(got) != total {
		t.Errorf("%q (%s): pages hold %d articles of %d", q.Text, q.Scope, len(got), total)
	}
	return got
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// scopeService indexes the sample and returns its articles too, for
// truth sets read apart from the index.
func scopeService(t *testing.T) (*Service, []newsfind.Article) {
	t.Helper()
	corpus.Long(t)
	s, _ := reutersService(t, scopeArticles)
	return s, reutersArticles(t, scopeArticles)
}
