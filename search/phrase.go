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
	terms := make([]fieldTerm, len(q.terms))
	for i, t := range q.terms {
		terms[i] = fieldTerm{index.FieldText, t}
	}
	return locationWalk(ctx, r, terms, nil, options, q.inOrder)
}

// fieldTerm is a term of a field.
type fieldTerm struct{ field, term string }

// locationWalk is the conjunction of terms, with their locations, passing
// on only the matches keep accepts: phrases and proximity groups are both
// matched over the few locations a passage has. Only the text field's
// terms score: forms are where a quoted phrase is matched, and its score
// is its stems', as an unquoted phrase's is. The optional terms need not
// be in a match; where they are, keep sees their locations too.
func locationWalk(ctx context.Context, r bindex.IndexReader, terms, optional []fieldTerm, options search.SearcherOptions,
	keep func(dm *search.DocumentMatch, optional func() []search.FieldTermLocation) bool) (search.Searcher, error) {
	options.IncludeTermVectors = true
	var ss []search.Searcher
	closeAll := func() {
		for _, s := range ss {
			s.Close()
		}
	}
	for _, t := range terms {
		o := options
		if t.field != index.FieldText {
			o.Score = "none"
		}
		s, err := searcher.NewTermSearcher(ctx, r, t.term, t.field, 1.0, o)
		if err != nil {
			closeAll()
			return nil, err
		}
		if t.field != index.FieldText {
			s = weightless{s}
		}
		ss = append(ss, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, ss, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	ls := &locationSearcher{Searcher: conj, keep: keep, nOptional: len(optional)}
	if len(optional) > 0 {
		// Opened when a passage first needs them: most walks over a
		// phrase's candidates find no window, and a quoted word equal to
		// its stem may have several variants (variants.go).
		o := options
		o.Score = "none"
		ls.open = func() error {
			for _, t := range optional {
				s, err := searcher.NewTermSearcher(ctx, r, t.term, t.field, 1.0, o)
				if err != nil {
					return err
				}
				ls.optional = append(ls.optional, s)
				ls.at = append(ls.at, nil)
				ls.done = append(ls.done, false)
			}
			return nil
		}
	}
	return ls, nil
}

// weightless is a searcher that takes no part in its conjunction's
// scores: no weight in the query norm, a score of 0.
type weightless struct{ search.Searcher }

func (weightless) Weight() float64      { return 0 }
func (weightless) SetQueryNorm(float64) {}

// locationSearcher passes on the matches of a conjunction that keep
// accepts, with the locations its optional searchers have in them.
type locationSearcher struct {
	search.Searcher
	keep      func(*search.DocumentMatch, func() []search.FieldTermLocation) bool
	open      func() error // opens the optional searchers; nil once done or if none
	nOptional int
	optional  []search.Searcher
	at        []*search.DocumentMatch // each optional searcher's current match
	done      []bool                  // the optional searcher has no more
}

func (s *locationSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if dm == nil || err != nil {
			return dm, err
		}
		if ok, err := s.accept(ctx, dm); ok || err != nil {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *locationSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm == nil || err != nil {
		return dm, err
	}
	if ok, err := s.accept(ctx, dm); ok || err != nil {
		return dm, err
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// accept asks keep about dm, with the optional searchers' locations in it
// for keep to read if it needs them.
func (s *locationSearcher) accept(ctx *search.SearchContext, dm *search.DocumentMatch) (bool, error) {
	if len(s.optional) == 0 && s.open == nil {
		return s.keep(dm, nil), nil
	}
	var err error
	ok := s.keep(dm, func() []search.FieldTermLocation {
		if s.open != nil {
			open := s.open
			s.open = nil
			if err = open(); err != nil {
				return nil
			}
		}
		var out []search.FieldTermLocation
		for i, o := range s.optional {
			cur := s.at[i]
			if !s.done[i] && (cur == nil || cur.IndexInternalID.Compare(dm.IndexInternalID) < 0) {
				if cur != nil {
					ctx.DocumentMatchPool.Put(cur)
				}
				if cur, err = o.Advance(ctx, dm.IndexInternalID); err != nil {
					s.at[i] = nil
					return nil
				}
				s.at[i], s.done[i] = cur, cur == nil
			}
			if cur != nil && cur.IndexInternalID.Equals(dm.IndexInternalID) {
				out = append(out, cur.FieldTermLocations...)
			}
		}
		return out
	})
	return ok && err == nil, err
}

func (s *locationSearcher) Close() error {
	err := s.Searcher.Close()
	for _, o := range s.optional {
		if e := o.Close(); err == nil {
			err = e
		}
	}
	return err
}

// DocumentMatchPoolSize counts the optional searchers' current matches,
// opened or not (a term searcher's pool is one).
func (s *locationSearcher) DocumentMatchPoolSize() int {
	n := s.Searcher.DocumentMatchPoolSize() + 2*s.nOptional
	for _, o := range s.optional {
		n += o.DocumentMatchPoolSize() - 1
	}
	return n
}

// inOrder reports whether some position of the first term has every other
// term at its offset. A passage has few locations, so plain scans beat
// building sets.
func (q *phraseQuery) inOrder(dm *search.DocumentMatch, _ func() []search.FieldTermLocation) bool {
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
		if ftls[i].Term != q.terms[0] || ftls[i].Field != index.FieldText {
			continue
		}
		p0 := ftls[i].Location.Pos
		ok := true
		for k := 1; k < len(q.terms) && ok; k++ {
			ok = has(q.terms[k], p0+q.offsets[k])
		}
		if ok {
			return true
		}
	}
	return false
}
