package search

import (
	"context"
	"math"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsfind/newsfind/catalog"
)

// termWalk is collect for a query that is one word (a term of one field,
// with only zero-weight filter terms beside it) over a scorch snapshot:
// it reads the term's postings segment by segment straight from the
// segments and scores each passage with Bleve's tf-idf arithmetic, where
// collect goes through Bleve's term searcher. At ×9 the searcher's layers
// (the snapshot's term field reader, a document match per posting, the
// segment lookup of every hit's ordinal) cost as much as decoding the
// postings; a broad one-word query walks 700,000 of them.
//
// Filters are intersected as the segments' postings bitmaps, and the term
// iterator advanced to each passage left, as Bleve's conjunction would.
// Scores are the lone term's: Bleve scales a term beside zero-weight
// filters by idf/√idf², a bit off 1, which roundScore drops (collect
// rounds every score the same way).
type termWalk struct {
	field, term string
	filters     [][]fieldTerm // each a disjunction; all must hold
}

// termWalkOf reads q, the whole query of a walk, as a termWalk: a plain
// term query, alone or as the one scored clause beside filter terms.
func termWalkOf(text query.Query, filters []query.Query) (*termWalk, bool) {
	t, ok := text.(*query.TermQuery)
	if !ok || t.FieldVal == "" || (t.BoostVal != nil && t.BoostVal.Value() != 1) {
		return nil, false
	}
	var fs [][]fieldTerm
	if len(filters) > 0 {
		if fs, ok = termsOf(and(filters, nil), nil); !ok {
			return nil, false
		}
	}
	return &termWalk{field: t.FieldVal, term: t.Term, filters: fs}, true
}

// collect folds into set the passages the walk matches whose article keep
// accepts (nil: all), in document order, as collect does; unranked, it
// reads only the postings' bitmaps and scores nothing.
func (w *termWalk) collect(ctx context.Context, cc *columnCache, snap *scorch.IndexSnapshot, ords catalog.Ords,
	keep func(int32) bool, unranked bool, set *matchSet) error {
	cc.walks.Add(1)
	cols, _, err := cc.columnsOf(ctx, snap, ords)
	if err != nil {
		return err
	}
	idf := 0.0
	if !unranked {
		// As Bleve's term searcher computes it (TermQueryScorer.computeIDF,
		// tf-idf): the passages of the snapshot, and those with the term.
		docTotal, err := snap.DocCount()
		if err != nil {
			return err
		}
		tfr, err := snap.TermFieldReader(ctx, []byte(w.term), w.field, true, true, false)
		if err != nil {
			return err
		}
		docTerm := tfr.Count()
		if err := tfr.Close(); err != nil {
			return err
		}
		idf = 1.0 + math.Log(float64(docTotal)/float64(docTerm+1.0))
	}
	n := set.len()
	last, lastKeep := int32(-1), true
	add := func(col segmentColumn, local uint64, score float64) {
		if local >= uint64(len(col.ords)) {
			return
		}
		// An article written after the catalog view has no ordinal in it.
		o := col.ords[local]
		if o < 0 || int(o) >= n {
			return
		}
		if keep != nil && o != last {
			last, lastKeep = o, keep(o)
		}
		if lastKeep {
			set.add(o, score, 1, col.places[local])
		}
	}
	buf := make([]uint32, 512)
	steps := 0
	for i, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return err
		}
		col := cols[i]
		var only *roaring.Bitmap // the filters' passages; nil: no filters
		if len(w.filters) > 0 {
			bms, err := termDocsOf(ss, w.filters)
			if err != nil {
				return err
			}
			if bms == nil {
				continue
			}
			only = bms
		}
		if unranked {
			bm, err := postings(ss, fieldTerm{w.field, w.term})
			if err != nil {
				return err
			}
			if bm == nil {
				continue
			}
			if only != nil {
				bm = roaring.And(bm, only)
			}
			it := bm.ManyIterator()
			for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
				if steps++; steps&63 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				for _, local := range buf[:k] {
					add(col, uint64(local), 0)
				}
			}
			continue
		}
		dict, err := ss.Segment().Dictionary(w.field)
		if err != nil {
			return err
		}
		pl, err := dict.PostingsList([]byte(w.term), ss.Deleted(), nil)
		if err != nil {
			return err
		}
		it := pl.Iterator(true, true, false, nil)
		score := func(p segment.Posting) float64 {
			// TermQueryScorer.Score: a lone term's query weight is 1.
			return roundScore(math.Sqrt(float64(p.Frequency())) * p.Norm() * idf)
		}
		if only == nil {
			for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
				if err != nil {
					return err
				}
				if steps++; steps&1023 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				add(col, p.Number(), score(p))
			}
			continue
		}
		// Only the filters' passages: advance to each of them.
		targets := only.ManyIterator()
		var at segment.Posting
	postings:
		for k := targets.NextMany(buf); k > 0; k = targets.NextMany(buf) {
			for _, local := range buf[:k] {
				if steps++; steps&1023 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				// An iterator is never advanced to where it is or behind:
				// it would step past its posting.
				if at == nil || at.Number() < uint64(local) {
					if at, err = it.Advance(uint64(local)); err != nil {
						return err
					}
					if at == nil {
						break postings
					}
				}
				if at.Number() == uint64(local) {
					add(col, at.Number(), score(at))
				}
			}
		}
	}
	return nil
}

// termDocsOf is termDocs for one segment: the live passages that have a
// term of every group; nil: none.
func termDocsOf(ss *scorch.SegmentSnapshot, terms [][]fieldTerm) (*roaring.Bitmap, error) {
	var all *roaring.Bitmap
	for _, alts := range terms {
		var any []*roaring.Bitmap
		for _, t := range alts {
			bm, err := postings(ss, t)
			if err != nil {
				return nil, err
			}
			if bm != nil {
				any = append(any, bm)
			}
		}
		var u *roaring.Bitmap
		switch len(any) {
		case 0:
			return nil, nil
		case 1:
			u = any[0]
		default:
			u = roaring.FastOr(any...)
		}
		if all == nil {
			all = u
		} else if all = roaring.FastAnd(all, u); all.IsEmpty() {
			return nil, nil
		}
	}
	return all, nil
}
