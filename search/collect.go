package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind/index"
)

// matchSet is what a query matched, per article ordinal of a catalog view.
type matchSet struct {
	score    []float64 // best passage score; meaningful where hits > 0
	hits     []int32   // matching passages
	articles []int32   // ordinals with hits > 0, in first-match order
	passages int
}

func newMatchSet(n int) *matchSet {
	return &matchSet{score: make([]float64, n), hits: make([]int32, n)}
}

func (m *matchSet) add(ord int32, score float64, passages int32) {
	if m.hits[ord] == 0 {
		m.articles = append(m.articles, ord)
		m.score[ord] = score
	} else if score > m.score[ord] {
		m.score[ord] = score
	}
	m.hits[ord] += passages
	m.passages += int(passages)
}

// collect walks every passage the query matches, once, reading only the
// article id of each from doc values, and folds them into articles. It is
// Bleve's own searcher loop without the top-N collector and without its
// facet builders, which visit doc values of every field for every hit:
// facets are then counted per article from the catalog instead.
func collect(ctx context.Context, x *index.Index, m mapping.IndexMapping, q query.Query,
	ords map[string]int32, keep func(ord int32) bool, set *matchSet) error {
	adv, err := x.Bleve().Advanced()
	if err != nil {
		return err
	}
	r, err := adv.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	s, err := q.Searcher(ctx, r, m, search.SearcherOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	dvr, err := r.DocValueReader([]string{index.FieldArticle})
	if err != nil {
		return err
	}
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var article []byte
	visit := func(_ string, term []byte) { article = term }
	n := 0
	for {
		dm, err := s.Next(sctx)
		if err != nil {
			return err
		}
		if dm == nil {
			return nil
		}
		if n++; n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		article = nil
		if err := dvr.VisitDocValues(dm.IndexInternalID, visit); err != nil {
			return err
		}
		// An article written to the index after the catalog view was
		// taken has no ordinal in it yet; it shows from the next query.
		if ord, ok := ords[string(article)]; ok && keep(ord) {
			set.add(ord, dm.Score, 1)
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}
