package search

import (
	"context"
	"slices"
	"strings"
	"sync"

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
}

type segVariants struct {
	once   sync.Once
	byStem map[string][]string // English
	others map[string][]string // the other languages', not English
	err    error
	mu     sync.Mutex
	alone  map[string]bool // stems that stand as forms of their own (alone)
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
		sv := vc.segment(ss.Segment(), segs)
		sv.once.Do(func() { sv.byStem, sv.others, sv.err = vc.list(ss.Segment()) })
		if sv.err != nil {
			return nil, true, sv.err
		}
		for _, v := range slices.Concat(sv.byStem[stem], sv.others[stem]) {
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

// list reads a segment's forms dictionary: each form unlike its stem,
// under the stem. It is bounded by the dictionary, not a search's
// deadline: an error would stay with the segment.
func (vc *variantCache) list(s segment.Segment) (map[string][]string, map[string][]string, error) {
	dict, err := s.Dictionary(index.FieldForms)
	if err != nil {
		return nil, nil, err
	}
	var foreign []*index.FormStemmer
	if vc.foreign != nil {
		foreign = vc.foreign()
	}
	out, others := map[string][]string{}, map[string][]string{}
	it := dict.AutomatonIterator(everyTerm{}, nil, nil)
	for {
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
		sv := vc.segment(ss.Segment(), segs)
		sv.once.Do(func() { sv.byStem, sv.others, sv.err = vc.list(ss.Segment()) })
		if sv.err != nil {
			return false, true, sv.err
		}
		sv.mu.Lock()
		a, known := sv.alone[term]
		sv.mu.Unlock()
		if !known {
			var err error
			if a, err = aloneIn(ss, term, sv.byStem[term]); err != nil {
				return false, true, err
			}
			sv.mu.Lock()
			if sv.alone == nil {
				sv.alone = map[string]bool{}
			}
			sv.alone[term] = a
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
