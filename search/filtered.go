package search

import (
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// filteredSearcher is a searcher kept to the documents its filters match.
// Unlike a conjunction it leaves the scores, weights and query norm to
// the searcher it filters, so quoting a phrase does not rescale it against
// the rest of the query.
type filteredSearcher struct {
	search.Searcher
	filters []search.Searcher
	at      []*search.DocumentMatch // each filter's current match
}

func (f *filteredSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := f.Searcher.Next(ctx)
	return f.keep(ctx, dm, err)
}

func (f *filteredSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := f.Searcher.Advance(ctx, id)
	return f.keep(ctx, dm, err)
}

// keep returns dm if every filter has it, else the next match that they all have.
func (f *filteredSearcher) keep(ctx *search.SearchContext, dm *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for dm != nil && err == nil {
		var ahead bindex.IndexInternalID // the furthest a filter is past dm
		for i, s := range f.filters {
			cur := f.at[i]
			if cur == nil || cur.IndexInternalID.Compare(dm.IndexInternalID) < 0 {
				if cur != nil {
					ctx.DocumentMatchPool.Put(cur)
				}
				if cur, err = s.Advance(ctx, dm.IndexInternalID); err != nil {
					return nil, err
				}
				f.at[i] = cur
			}
			if cur == nil {
				ctx.DocumentMatchPool.Put(dm)
				return nil, nil // a filter has no more documents
			}
			if !cur.IndexInternalID.Equals(dm.IndexInternalID) && (ahead == nil || cur.IndexInternalID.Compare(ahead) > 0) {
				ahead = cur.IndexInternalID
			}
		}
		if ahead == nil {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
		dm, err = f.Searcher.Advance(ctx, ahead)
	}
	return dm, err
}

func (f *filteredSearcher) Close() error {
	err := f.Searcher.Close()
	for _, s := range f.filters {
		if e := s.Close(); err == nil {
			err = e
		}
	}
	return err
}

// DocumentMatchPoolSize counts the filters' current matches too.
func (f *filteredSearcher) DocumentMatchPoolSize() int {
	n := f.Searcher.DocumentMatchPoolSize()
	for _, s := range f.filters {
		n += s.DocumentMatchPoolSize()
	}
	return n
}
