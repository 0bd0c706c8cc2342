package search

import (
	"context"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search/query"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsfind/newsfind/catalog"
)

// termWalk is collect for a query that is one word, or a few words ORed
// (terms of one field, with only zero-weight filter terms beside them),
// over a scorch snapshot: it reads the terms' postings segment by segment
// straight from the segments and scores each passage with Bleve's tf-idf
// arithmetic, where collect goes through Bleve's term and disjunction
// searchers. At ×9 the searcher's layers
// (the snapshot's term field reader, a document match per posting, the
// segment lookup of every hit's ordinal) cost as much as decoding the
// postings; a broad one-word query walks 700,000 of them.
//
// Filters are intersected as the segments' postings bitmaps, and the term
// iterator advanced to each passage left, as Bleve's conjunction would.
// Scores are those of the text alone: Bleve scales it beside zero-weight
// filters by a query norm a bit off the text's own, which roundScore
// drops (collect rounds every score the same way).
type termWalk struct {
	field   string
	terms   []string      // one: a term query; more: their disjunction
	filters [][]fieldTerm // each a disjunction; all must hold
}

// maxWalkTerms bounds the disjunctions termWalk reads: up to Bleve's
// DisjunctionHeapTakeover (10) its disjunction adds the terms' scores in
// the order its slice searcher does, which termWalk repeats.
const maxWalkTerms = 8

// termWalkOf reads q, the whole query of a walk, as a termWalk: a plain
// term query, or a disjunction of a few of one field, alone or as the one
// scored clause beside filter terms.
func termWalkOf(text query.Query, filters []query.Query) (*termWalk, bool) {
	plain := func(q query.Query) (*query.TermQuery, bool) {
		t, ok := q.(*query.TermQuery)
		return t, ok && t.FieldVal != "" && (t.BoostVal == nil || t.BoostVal.Value() == 1)
	}
	w := &termWalk{}
	if t, ok := plain(text); ok {
		w.field, w.terms = t.FieldVal, []string{t.Term}
	} else if d, ok := text.(*query.DisjunctionQuery); ok && d.BoostVal == nil && d.Min <= 1 &&
		len(d.Disjuncts) > 1 && len(d.Disjuncts) <= maxWalkTerms {
		for _, q := range d.Disjuncts {
			t, ok := plain(q)
			if !ok || (w.field != "" && t.FieldVal != w.field) {
				return nil, false
			}
			w.field, w.terms = t.FieldVal, append(w.terms, t.Term)
		}
	} else {
		return nil, false
	}
	if len(filters) > 0 {
		var ok bool
		if w.filters, ok = termsOf(and(filters, nil), nil); !ok {
			return nil, false
		}
	}
	return w, true
}

// termScorer scores one term's postings as Bleve's TermQueryScorer does
// under tf-idf: sqrt(freq)·norm·idf, times the query weight that a
// disjunction's query norm sets (a lone term's is 1).
type termScorer struct {
	term   int    // its index in the walk's terms
	count  uint64 // passages with the term (the searcher's Count)
	idf    float64
	weight float64
}

func (t *termScorer) score(p segment.Posting) float64 {
	s := math.Sqrt(float64(p.Frequency())) * p.Norm() * t.idf
	if t.weight != 1.0 {
		s *= t.weight
	}
	return s
}

// byCount orders a disjunction's terms as Bleve's OrderedSearcherList
// orders its searchers (by count, with the same sort): its scores and
// query norm are summed in that order.
type byCount []*termScorer

func (b byCount) Len() int           { return len(b) }
func (b byCount) Less(i, j int) bool { return b[i].count < b[j].count }
func (b byCount) Swap(i, j int)      { b[i], b[j] = b[j], b[i] }

// scorers are the walk's terms in Bleve's order, each with its idf and
// weight in the snapshot, from pls, each segment's postings lists of the
// terms (by segment, by term).
func (w *termWalk) scorers(snap *scorch.IndexSnapshot, pls [][]segment.PostingsList) ([]*termScorer, error) {
	docTotal, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	ts := make([]*termScorer, len(w.terms))
	for i := range w.terms {
		// The term searcher's Count: its snapshot reader's lists' counts.
		var count uint64
		for _, seg := range pls {
			count += seg[i].Count()
		}
		// TermQueryScorer.computeIDF, tf-idf.
		ts[i] = &termScorer{term: i, count: count, idf: 1.0 + math.Log(float64(docTotal)/float64(count+1.0)), weight: 1}
	}
	if len(ts) == 1 {
		return ts, nil
	}
	sort.Sort(byCount(ts))
	// DisjunctionSliceSearcher.computeQueryNorm, then SetQueryNorm.
	sum := 0.0
	for _, t := range ts {
		wt := 1.0 * t.idf
		sum += wt * wt
	}
	norm := 1.0 / math.Sqrt(sum)
	for _, t := range ts {
		t.weight = 1.0 * t.idf * norm
	}
	return ts, nil
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
	segs := snap.Segments()
	var ts []*termScorer
	var pls [][]segment.PostingsList // by segment, by term
	if !unranked {
		// Each list as the snapshot's term field reader reads it.
		pls = make([][]segment.PostingsList, len(segs))
		for i, ss := range segs {
			dict, err := ss.Segment().Dictionary(w.field)
			if err != nil {
				return err
			}
			pls[i] = make([]segment.PostingsList, len(w.terms))
			for k, term := range w.terms {
				if pls[i][k], err = dict.PostingsList([]byte(term), ss.Deleted(), nil); err != nil {
					return err
				}
			}
		}
		if ts, err = w.scorers(snap, pls); err != nil {
			return err
		}
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
	for i, ss := range segs {
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
			var any []*roaring.Bitmap
			for _, term := range w.terms {
				bm, err := postings(ss, fieldTerm{w.field, term})
				if err != nil {
					return err
				}
				if bm != nil {
					any = append(any, bm)
				}
			}
			if len(any) == 0 {
				continue
			}
			bm := any[0]
			if len(any) > 1 {
				bm = roaring.FastOr(any...)
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
		if len(ts) > 1 {
			if err := disjunction(ctx, pls[i], ts, col, only, add); err != nil {
				return err
			}
			continue
		}
		it := pls[i][0].Iterator(true, true, false, nil)
		score := func(p segment.Posting) float64 { return roundScore(ts[0].score(p)) }
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

// disjunction walks one segment's passages with any of the terms ts (pls
// are the segment's lists, by term), those of only when it is not nil, in
// document order, each scored as
// Bleve's disjunction scores it: the matching terms' scores summed in
// ts's order, times the share of the terms that match (coord).
func disjunction(ctx context.Context, pls []segment.PostingsList, ts []*termScorer,
	col segmentColumn, only *roaring.Bitmap, add func(segmentColumn, uint64, float64)) error {
	its := make([]segment.PostingsIterator, len(ts))
	cur := make([]segment.Posting, len(ts))
	for i, t := range ts {
		its[i] = pls[t.term].Iterator(true, true, false, nil)
		var err error
		if cur[i], err = its[i].Next(); err != nil {
			return err
		}
	}
	total := float64(len(ts))
	for steps := 1; ; steps++ {
		if steps&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		doc, any := uint64(math.MaxUint64), false
		for _, p := range cur {
			if p != nil && p.Number() < doc {
				doc, any = p.Number(), true
			}
		}
		if !any {
			return nil
		}
		keep := only == nil || only.Contains(uint32(doc))
		sum, matched := 0.0, 0
		for i, p := range cur {
			if p == nil || p.Number() != doc {
				continue
			}
			if keep {
				sum += ts[i].score(p)
				matched++
			}
			var err error
			if cur[i], err = its[i].Next(); err != nil {
				return err
			}
		}
		if keep {
			add(col, doc, roundScore(sum*(float64(matched)/total)))
		}
	}
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
