package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind/index"
)

// phraseQuery matches passages whose text has its terms at the given
// positions relative to the first ("crude oil": 0, 1; "bank of england",
// the stop word gone: 0, 2). It finds what Bleve's phrase query finds, with
// the same scores (the sum of the terms' scores), for the walk over every
// match: Bleve's phrase searcher builds a map of every candidate's term
// locations to compare them, a sixth of a phrase query's time, where a scan
// of the few locations a passage has will do. It reports no locations of its
// own, so hits are marked with Bleve's phrase query.
type phraseQuery struct {
	terms   []string
	offsets []uint64
}

func (q *phraseQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	options.IncludeTermVectors = true
	var ss []search.Searcher
	closeAll := func() {
		for _, s := range ss {
			s.Close()
		}
	}
	for _, t := range q.terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, index.FieldText, 1.0, options)
		if err != nil {
			closeAll()
			return nil, err
		}
		ss = append(ss, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, ss, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	return &phraseSearcher{Searcher: conj, q: q}, nil
}

// phraseSearcher passes on the matches of the conjunction of the terms
// whose locations line up.
type phraseSearcher struct {
	search.Searcher
	q *phraseQuery
}

func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if dm == nil || err != nil || s.inOrder(dm) {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil || s.inOrder(dm) {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// inOrder reports whether some position of the first term has every other
// term at its offset. A passage has few locations, so plain scans beat
// building sets.
func (s *phraseSearcher) inOrder(dm *search.DocumentMatch) bool {
	ftls := dm.FieldTermLocations
	has := func(term string, pos uint64) bool {
		for i := range ftls {
			if ftls[i].Location.Pos == pos && ftls[i].Term == term && ftls[i].Field == index.FieldText {
				return true
			}
		}
		return false
	}
	for i := range ftls {
		if ftls[i].Term != s.q.terms[0] || ftls[i].Field != index.FieldText {
			continue
		}
		p0 := ftls[i].Location.Pos
		ok := true
		for k := 1; k < len(s.q.terms) && ok; k++ {
			ok = has(s.q.terms[k], p0+s.q.offsets[k])
		}
		if ok {
			return true
		}
	}
	return false
}
