package search

import (
	"context"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsfind/newsfind/catalog"
)

// leafBits is article scope's walk in two passes over one scorch
// snapshot. The first reads which passages each leaf matches, as the
// segments' own postings bitmaps where a leaf is terms (no scores, no
// term frequencies, no document matches), and marks each leaf's articles;
// the tree then says which articles match. The second scores and counts
// only the passages of those articles, where the full walk (walkLeaves)
// scored every passage of every word: at ×9 an AND of two common words
// scored hundreds of thousands of passages to rank a few thousand
// articles. Both passes read passages in document order, leaf after
// leaf, as the full walk did, so the sums come out bit for bit the same.
type leafBits struct {
	cols    []segmentColumn
	offsets []uint64
	docs    [][]*roaring.Bitmap // by leaf, by segment: local document numbers; read only (some are Bleve's); nil: none
}

// markLeaves is the first pass: it fills ls.present, and ls.articles and
// ls.seen in the order the full walk finds them; ls.sum and ls.hits are
// left to score.
func markLeaves(ctx context.Context, cc *columnCache, snap *scorch.IndexSnapshot, m mapping.IndexMapping, raw, leaves []query.Query,
	filters []query.Query, positive []bool, ords catalog.Ords, keep func(int32) bool, ls *leafSets) (*leafBits, error) {
	cc.walks.Add(1)
	cols, offsets, err := cc.columnsOf(ctx, snap, ords)
	if err != nil {
		return nil, err
	}
	lb := &leafBits{cols: cols, offsets: offsets, docs: make([][]*roaring.Bitmap, len(leaves))}
	n := len(ls.sum)
	buf := make([]uint32, 512)
	for i := range leaves {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if terms, ok := termsOf(raw[i], filters); ok {
			lb.docs[i], err = termDocs(snap, terms)
		} else {
			lb.docs[i], err = searchedDocs(ctx, snap, m, leaves[i], offsets)
		}
		if err != nil {
			return nil, err
		}
		present := make([]uint64, (n+63)/64)
		ls.present[i] = present
		for seg, bm := range lb.docs[i] {
			if bm == nil {
				continue
			}
			col := cols[seg].ords
			it := bm.ManyIterator()
			for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
				for _, local := range buf[:k] {
					if int(local) >= len(col) {
						continue
					}
					o := col[local]
					// An article's passages after its first say nothing new.
					if o < 0 || int(o) >= n || present[o>>6]&(1<<(o&63)) != 0 || (keep != nil && !keep(o)) {
						continue
					}
					present[o>>6] |= 1 << (o & 63)
					if positive[i] && !ls.seen[o] {
						ls.seen[o] = true
						ls.articles = append(ls.articles, o)
					}
				}
			}
		}
	}
	return lb, nil
}

// score is the second pass: ls.hits for the articles of matched (passages
// matching a counted leaf, each once), and ls.sum for those of need (the
// scores of the positive leaves' passages), each a bit by ordinal. It
// returns how many passages it scored.
func (lb *leafBits) score(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, leaves []query.Query,
	positive, counted []bool, matched, need []uint64, ls *leafSets) (int, error) {
	has := func(bits []uint64, o int32) bool {
		return o >= 0 && int(o>>6) < len(bits) && bits[o>>6]&(1<<(o&63)) != 0
	}
	buf := make([]uint32, 512)
	for seg, c := range lb.cols {
		var union []*roaring.Bitmap
		for i := range leaves {
			if counted[i] && lb.docs[i][seg] != nil {
				union = append(union, lb.docs[i][seg])
			}
		}
		var u *roaring.Bitmap
		switch len(union) {
		case 0:
			continue
		case 1:
			u = union[0]
		default:
			u = roaring.FastOr(union...)
		}
		it := u.ManyIterator()
		for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
			for _, local := range buf[:k] {
				if int(local) < len(c.ords) && has(matched, c.ords[local]) {
					ls.hits[c.ords[local]]++
				}
			}
		}
	}
	if !anyBit(need) {
		return 0, nil
	}
	scored := 0
	for i, q := range leaves {
		if !positive[i] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return scored, err
		}
		k, err := lb.scoreLeaf(ctx, snap, m, q, lb.docs[i], need, ls, buf)
		scored += k
		if err != nil {
			return scored, err
		}
	}
	return scored, nil
}

// scoreLeaf adds to ls.sum the score of every passage of a leaf whose
// article is in need, advancing the leaf's searcher to each: the score is
// Bleve's for that passage, as the full walk's Next gave it; the sums
// are added in document order, as one walk adds them.
func (lb *leafBits) scoreLeaf(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, q query.Query,
	docs []*roaring.Bitmap, need []uint64, ls *leafSets, buf []uint32) (int, error) {
	var targets []uint64 // document numbers, in order
	var ords []int32
	for seg, bm := range docs {
		if bm == nil {
			continue
		}
		col := lb.cols[seg].ords
		it := bm.ManyIterator()
		for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
			for _, local := range buf[:k] {
				if int(local) >= len(col) {
					continue
				}
				if o := col[local]; o >= 0 && int(o>>6) < len(need) && need[o>>6]&(1<<(o&63)) != 0 {
					targets = append(targets, lb.offsets[seg]+uint64(local))
					ords = append(ords, o)
				}
			}
		}
	}
	scores := make([]float64, len(targets))
	found := make([]bool, len(targets))
	if err := scoreDocs(ctx, snap, m, q, targets, scores, found); err != nil {
		return 0, err
	}
	for k, o := range ords {
		if found[k] {
			ls.sum[o] += scores[k]
		}
	}
	return len(targets), nil
}

// scoreDocs advances a searcher of q to each of docs, in order, and
// records the (rounded) score of those it matches.
func scoreDocs(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, q query.Query,
	docs []uint64, scores []float64, found []bool) error {
	if len(docs) == 0 {
		return nil
	}
	s, err := q.Searcher(ctx, snap, m, search.SearcherOptions{})
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0)}
	id := bindex.NewIndexInternalID(nil, 0)
	var at *search.DocumentMatch // the searcher's last match; nil: before the first
	for k, doc := range docs {
		// A searcher is never advanced to where it is or behind.
		if at == nil || at.IndexInternalID.Value() < doc {
			if at != nil {
				sctx.DocumentMatchPool.Put(at)
			}
			id.SetValue(doc)
			if at, err = s.Advance(sctx, id); err != nil || at == nil {
				return err
			}
			if k&1023 == 1023 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
		if at.IndexInternalID.Value() == doc {
			scores[k], found[k] = roundScore(at.Score), true
		}
	}
	return nil
}

func anyBit(bits []uint64) bool {
	for _, w := range bits {
		if w != 0 {
			return true
		}
	}
	return false
}

// termsOf reads a leaf, with the filters every leaf is kept to, as a
// conjunction of disjunctions of terms, when it is one: a word, a field
// value, a language's word, with filter values. Phrases, prefixes and the
// like are not, and are walked.
func termsOf(leaf query.Query, filters []query.Query) ([][]fieldTerm, bool) {
	var out [][]fieldTerm
	var add func(q query.Query) bool
	add = func(q query.Query) bool {
		switch q := q.(type) {
		case *query.TermQuery:
			if q.FieldVal == "" {
				return false
			}
			out = append(out, []fieldTerm{{q.FieldVal, q.Term}})
			return true
		case *query.ConjunctionQuery:
			for _, c := range q.Conjuncts {
				if !add(c) {
					return false
				}
			}
			return len(q.Conjuncts) > 0
		case *query.BooleanQuery:
			if q.Should != nil || q.MustNot != nil || q.Filter != nil || q.Must == nil {
				return false
			}
			return add(q.Must)
		case *query.DisjunctionQuery:
			if q.Min > 1 || len(q.Disjuncts) == 0 {
				return false
			}
			var alts []fieldTerm
			for _, d := range q.Disjuncts {
				t, ok := d.(*query.TermQuery)
				if !ok || t.FieldVal == "" {
					return false
				}
				alts = append(alts, fieldTerm{t.FieldVal, t.Term})
			}
			out = append(out, alts)
			return true
		}
		return false
	}
	for _, q := range append([]query.Query{leaf}, filters...) {
		if !add(q) {
			return nil, false
		}
	}
	return out, true
}

// termDocs returns, per segment of a snapshot, the live passages that
// have a term of every group of terms.
func termDocs(snap *scorch.IndexSnapshot, terms [][]fieldTerm) ([]*roaring.Bitmap, error) {
	segs := snap.Segments()
	out := make([]*roaring.Bitmap, len(segs))
	for s, ss := range segs {
		all, err := termDocsOf(ss, terms)
		if err != nil {
			return nil, err
		}
		out[s] = all
	}
	return out, nil
}

// postings returns the live passages of one segment that have a term, as
// the segment's own bitmap where it has one (read only); nil: none.
func postings(ss *scorch.SegmentSnapshot, t fieldTerm) (*roaring.Bitmap, error) {
	dict, err := ss.Segment().Dictionary(t.field)
	if err != nil {
		return nil, err
	}
	pl, err := dict.PostingsList([]byte(t.term), ss.Deleted(), nil)
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		// zap: one hit is kept as a number, more as a bitmap less the
		// deleted; neither is an empty list.
		if d, ok := o.DocNum1Hit(); ok {
			return roaring.BitmapOf(uint32(d)), nil
		}
		if bm := o.ActualBitmap(); bm != nil && !bm.IsEmpty() {
			return bm, nil
		}
		return nil, nil
	}
	// Another segment format: read the list.
	bm := roaring.New()
	for p, err := it.Next(); p != nil || err != nil; p, err = it.Next() {
		if err != nil {
			return nil, err
		}
		bm.Add(uint32(p.Number()))
	}
	if bm.IsEmpty() {
		return nil, nil
	}
	return bm, nil
}

// searchedDocs walks a leaf's searcher and returns the passages it
// matches, per segment.
func searchedDocs(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, q query.Query, offsets []uint64) ([]*roaring.Bitmap, error) {
	out := make([]*roaring.Bitmap, len(offsets))
	err := walkLeaf(ctx, r, m, q, search.SearcherOptions{}, func(dm *search.DocumentMatch) error {
		doc := dm.IndexInternalID.Value()
		seg := sort.Search(len(offsets), func(i int) bool { return offsets[i] > doc }) - 1
		if seg < 0 {
			return nil
		}
		if out[seg] == nil {
			out[seg] = roaring.New()
		}
		out[seg].Add(uint32(doc - offsets[seg]))
		return nil
	})
	return out, err
}
