package search

import (
	"context"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsfind/newsfind/index"
)

// A dictionary walk per quoted word cost each phrase search more than
// its matching (a stem of three letters walks every form of its first
// letter). A segment never changes, so each segment's stems and their
// variants are listed once, from its whole forms dictionary, and a search
// unions those of the segments it reads. Stale entries (a deleted
// passage's forms) only make the list longer: a superset of the variants
// is as exact (variants.go).
//
// The query in English runs over every passage, and passages in other
// languages keep every form: there a quoted "haus" is text:haus where
// the form is "haus", not "häuser", which German stems to "haus" and
// English does not. So a segment also lists, under each stem, the forms
// that the other languages present (foreign) stem to it. Only the English
// ones count a stem's occurrences (alone): the others may stand anywhere
// in an English passage.
type variantCache struct {
	stems   *index.FormStemmer
	foreign func() []*index.FormStemmer
	mu      sync.Mutex
	segs    map[segment.Segment]*segVariants
	// searchLists counts the segments a search listed itself, the cost
	// warming a new segment before any search reads it spares (warm).
	searchLists atomic.Int64
}

type segVariants struct {
	// listing is held while the segment is listed: a search that reads it
	// meanwhile waits for that list rather than making its own.
	listing sync.Mutex
	lists   *variantLists // nil until listed; replaced, never changed
	err     error
	mu      sync.Mutex
	alone   map[string]bool // stems that stand as forms of their own (alone)
	deleted uint64          // the segment's deleted passages alone counted
}

func newVariantCache(stems *index.FormStemmer, foreign func() []*index.FormStemmer) *variantCache {
	return &variantCache{stems: stems, foreign: foreign, segs: map[segment.Segment]*segVariants{}}
}

// of lists the variants of stem in the segments of r; false when r is
// not a scorch snapshot, whose segments it cannot tell.
func (vc *variantCache) of(ctx context.Context, r bindex.IndexReader, stem string) ([]string, bool, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if vc == nil || vc.stems == nil || !ok {
		return nil, false, nil
	}
	segs := snap.Segments()
	var out []string
	for _, ss := range segs {
		_, l, err := vc.listed(context.Background(), ss, segs, false)
		if err != nil {
			return nil, true, err
		}
		for _, v := range slices.Concat(l.byStem[stem], l.others[stem]) {
			if !slices.Contains(out, v) {
				out = append(out, v)
			}
		}
	}
	return out, true, nil
}

// segment returns a segment's entry, and forgets the segments that are
// no longer in the index (merged away) when there are many of them.
func (vc *variantCache) segment(s segment.Segment, live []*scorch.SegmentSnapshot) *segVariants {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	sv := vc.segs[s]
	if sv == nil {
		if len(vc.segs) > 2*len(live)+16 {
			keep := map[segment.Segment]bool{}
			for _, ss := range live {
				keep[ss.Segment()] = true
			}
			for k := range vc.segs {
				if !keep[k] {
					delete(vc.segs, k)
				}
			}
		}
		sv = &segVariants{}
		vc.segs[s] = sv
	}
	return sv
}

// variantLists are a segment's variants under each stem.
type variantLists struct {
	byStem  map[string][]string // English
	others  map[string][]string // the other languages', not English
	foreign int                 // how many other languages others lists
}

// listed returns a segment's entry, listed. A list made before the
// catalog knew one of the other languages lacks its forms (the engine
// writes the index first, and warm lists a segment as it appears): it is
// made again. An error stays with the segment, except ctx's: warm is
// cancelled on close, and a search lists the segment after.
func (vc *variantCache) listed(ctx context.Context, ss *scorch.SegmentSnapshot, segs []*scorch.SegmentSnapshot, warm bool) (*segVariants, *variantLists, error) {
	sv := vc.segment(ss.Segment(), segs)
	foreign := vc.foreignStems()
	sv.listing.Lock()
	defer sv.listing.Unlock()
	if sv.err != nil || sv.lists != nil && sv.lists.foreign >= len(foreign) {
		return sv, sv.lists, sv.err
	}
	byStem, others, err := vc.list(ctx, ss.Segment(), foreign)
	if err != nil && ctx.Err() != nil {
		return nil, nil, err
	}
	if !warm {
		vc.searchLists.Add(1)
	}
	if sv.err = err; err == nil {
		sv.lists = &variantLists{byStem: byStem, others: others, foreign: len(foreign)}
	}
	return sv, sv.lists, err
}

// list reads a segment's forms dictionary: each form unlike its stem,
// under the stem. It is bounded by the dictionary; a search lists with
// no deadline, so that an error is the segment's.
func (vc *variantCache) list(ctx context.Context, s segment.Segment, foreign []*index.FormStemmer) (map[string][]string, map[string][]string, error) {
	dict, err := s.Dictionary(index.FieldForms)
	if err != nil {
		return nil, nil, err
	}
	out, others := map[string][]string{}, map[string][]string{}
	it := dict.AutomatonIterator(everyTerm{}, nil, nil)
	for n := 0; ; n++ {
		if n&4095 == 0 && ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		de, err := it.Next()
		if err != nil || de == nil {
			return out, others, err
		}
		if strings.HasPrefix(de.Term, index.PhraseBreak) {
			continue
		}
		stem, ok := vc.stems.Stem(de.Term)
		if ok && stem != de.Term {
			out[stem] = append(out[stem], de.Term)
		}
		for _, f := range foreign {
			if s, ok := f.Stem(de.Term); ok && s != de.Term && s != stem && !slices.Contains(others[s], de.Term) {
				others[s] = append(others[s], de.Term)
			}
		}
	}
}

// everyTerm is the automaton that accepts every term of a dictionary.
type everyTerm struct{}

func (everyTerm) Start() int               { return 0 }
func (everyTerm) IsMatch(int) bool         { return true }
func (everyTerm) CanMatch(int) bool        { return true }
func (everyTerm) WillAlwaysMatch(int) bool { return true }
func (everyTerm) Accept(int, byte) int     { return 0 }

// alone reports whether term, its own stem, stands as a form in a live
// passage of r (true, true), from each segment's answer, remembered;
// false second when r's segments cannot be told. In a passage a form
// stands where the stem does and none of its variants: it has more
// occurrences of the stem than of the variants together, which the
// frequencies tell without reading a position.
func (vc *variantCache) alone(r bindex.IndexReader, term string) (bool, bool, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if vc == nil || vc.stems == nil || !ok {
		return false, false, nil
	}
	segs := snap.Segments()
	for _, ss := range segs {
		sv, l, err := vc.listed(context.Background(), ss, segs, false)
		if err != nil {
			return false, true, err
		}
		// A passage deleted since drops out of alone's answers, which
		// only ever turn false: a true one is asked again.
		var deleted uint64
		if d := ss.Deleted(); d != nil {
			deleted = d.GetCardinality()
		}
		sv.mu.Lock()
		if sv.deleted != deleted {
			clear(sv.alone)
			sv.deleted = deleted
		}
		a, known := sv.alone[term]
		sv.mu.Unlock()
		if !known {
			var err error
			if a, err = aloneIn(ss, term, l.byStem[term]); err != nil {
				return false, true, err
			}
			sv.mu.Lock()
			if sv.alone == nil {
				sv.alone = map[string]bool{}
			}
			if sv.deleted == deleted {
				sv.alone[term] = a
			}
			sv.mu.Unlock()
		}
		if a {
			return true, true, nil
		}
	}
	return false, true, nil
}

// aloneIn is alone in one segment whose variants of term are vs.
func aloneIn(ss *scorch.SegmentSnapshot, term string, vs []string) (bool, error) {
	iter := func(field, t string) (segment.PostingsIterator, error) {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		pl, err := dict.PostingsList([]byte(t), ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		return pl.Iterator(true, false, false, nil), nil
	}
	it, err := iter(index.FieldText, term)
	if err != nil {
		return false, err
	}
	type cursor struct {
		it        segment.PostingsIterator
		num, freq uint64
		started   bool
		done      bool
	}
	cs := make([]cursor, len(vs))
	for i, v := range vs {
		if cs[i].it, err = iter(index.FieldForms, v); err != nil {
			return false, err
		}
	}
	for {
		p, err := it.Next()
		if err != nil || p == nil {
			return false, err
		}
		n, f := p.Number(), p.Frequency()
		var sum uint64
		for i := range cs {
			c := &cs[i]
			if !c.done && (!c.started || c.num < n) {
				q, err := c.it.Advance(n)
				if err != nil {
					return false, err
				}
				c.started = true
				if q == nil {
					c.done = true
				} else {
					c.num, c.freq = q.Number(), q.Frequency()
				}
			}
			if !c.done && c.num == n {
				sum += c.freq
			}
		}
		if f > sum {
			return true, nil
		}
	}
}

// foreignStems are the stemmers of the other languages the catalog has.
func (vc *variantCache) foreignStems() []*index.FormStemmer {
	if vc.foreign == nil {
		return nil
	}
	return vc.foreign()
}

// isListed reports whether a segment's list is made (or failed), with
// the forms of foreign other languages.
func (vc *variantCache) isListed(s segment.Segment, foreign int) bool {
	vc.mu.Lock()
	sv := vc.segs[s]
	vc.mu.Unlock()
	if sv == nil || !sv.listing.TryLock() {
		return false
	}
	defer sv.listing.Unlock()
	return sv.err != nil || sv.lists != nil && sv.lists.foreign >= foreign
}

// keepOnly forgets the segments that are not in live, the index's
// segments now: a merged-away segment's lists would otherwise stay until
// many more had gone. A search still reading one lists it again.
func (vc *variantCache) keepOnly(live []*scorch.SegmentSnapshot) {
	keep := make(map[segment.Segment]bool, len(live))
	for _, ss := range live {
		keep[ss.Segment()] = true
	}
	vc.mu.Lock()
	defer vc.mu.Unlock()
	for k := range vc.segs {
		if !keep[k] {
			delete(vc.segs, k)
		}
	}
}
