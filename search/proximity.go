package search

import (
	"cmp"
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind/index"
)

// proxQuery matches passages whose text has its terms within a window:
// a NEAR chain (ops, each a word or an exact phrase, neighbours within
// dist words of each other in either order) or a sloppy phrase (one op,
// its terms displaced from their offsets by at most slop in total, as
// Lucene measures it). Bleve has no slop (bleve#74), so this is the
// phrase walk of phrase.go with a window. Unlike phraseQuery it keeps
// only the locations of the matching windows, so that a hit is marked
// where it matched, for the walk and for marking alike.
type proxQuery struct {
	ops    []proxOp
	dist   []int // NEAR: len(ops)-1
	sloppy bool
	slop   int
}

// proxOp is a term, or a phrase of terms at offsets from the first.
type proxOp struct {
	terms   []string
	offsets []uint64
}

func (q *proxQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	// "oil NEAR/3 oil" needs the term once; the walk counts its
	// occurrences.
	var terms []string
	for _, op := range q.ops {
		for _, t := range op.terms {
			if !slices.Contains(terms, t) {
				terms = append(terms, t)
			}
		}
	}
	return locationWalk(ctx, r, terms, options, q.match)
}

// match reports whether dm has a window, and leaves in dm only the term
// locations of its windows.
func (q *proxQuery) match(dm *search.DocumentMatch) bool {
	ftls := dm.FieldTermLocations
	keep := make([]bool, len(ftls))
	// at finds the location of term at pos, -1 if none: a passage has few
	// locations, so plain scans beat building sets.
	at := func(term string, pos int64) int {
		for i := range ftls {
			if int64(ftls[i].Location.Pos) == pos && ftls[i].Term == term && ftls[i].Field == index.FieldText {
				return i
			}
		}
		return -1
	}
	var ok bool
	if q.sloppy {
		ok = q.sloppyMatch(ftls, keep)
	} else {
		ok = q.nearMatch(ftls, at, keep)
	}
	if !ok {
		return false
	}
	kept := ftls[:0]
	for i := range ftls {
		if keep[i] {
			kept = append(kept, ftls[i])
		}
	}
	dm.FieldTermLocations = kept
	return true
}

// span is one occurrence of an op: the positions of its first and last
// terms.
type span struct{ start, end int64 }

// occurrences lists where op occurs in full.
func occurrences(op proxOp, ftls []search.FieldTermLocation, at func(string, int64) int) []span {
	var out []span
	for i := range ftls {
		if ftls[i].Term != op.terms[0] || ftls[i].Field != index.FieldText {
			continue
		}
		p0 := int64(ftls[i].Location.Pos)
		ok := true
		for k := 1; k < len(op.terms) && ok; k++ {
			ok = at(op.terms[k], p0+int64(op.offsets[k])) >= 0
		}
		if ok {
			out = append(out, span{p0, p0 + int64(op.offsets[len(op.offsets)-1])})
		}
	}
	return out
}

// within reports whether a and b are apart, in either order, with at
// most d words between them.
func within(a, b span, d int) bool {
	switch {
	case b.start > a.end:
		return b.start-a.end-1 <= int64(d)
	case a.start > b.end:
		return a.start-b.end-1 <= int64(d)
	}
	return false // overlapping: one word cannot stand for two
}

// nearMatch finds the chains: only neighbours are constrained, so the
// occurrences of each op that some chain can reach from the left (fwd),
// narrowed to those that can also reach the end (back), are exactly the
// ones in some match, and no search over combinations is needed. A word
// may serve two ops that are not neighbours ("a NEAR/1 b NEAR/1 a" finds
// "a b").
func (q *proxQuery) nearMatch(ftls []search.FieldTermLocation, at func(string, int64) int, keep []bool) bool {
	occ := make([][]span, len(q.ops))
	for i, op := range q.ops {
		if occ[i] = occurrences(op, ftls, at); len(occ[i]) == 0 {
			return false
		}
	}
	reach := make([][]span, len(q.ops))
	reach[0] = occ[0]
	for i := 1; i < len(q.ops); i++ {
		for _, b := range occ[i] {
			if slices.ContainsFunc(reach[i-1], func(a span) bool { return within(a, b, q.dist[i-1]) }) {
				reach[i] = append(reach[i], b)
			}
		}
		if len(reach[i]) == 0 {
			return false
		}
	}
	for i := len(q.ops) - 2; i >= 0; i-- {
		var back []span
		for _, a := range reach[i] {
			if slices.ContainsFunc(reach[i+1], func(b span) bool { return within(a, b, q.dist[i]) }) {
				back = append(back, a)
			}
		}
		reach[i] = back
	}
	for i, op := range q.ops {
		for _, sp := range reach[i] {
			for k, t := range op.terms {
				if j := at(t, sp.start+int64(op.offsets[k])); j >= 0 {
					keep[j] = true
				}
			}
		}
	}
	return true
}

// sloppyMatch finds windows as Lucene's sloppy phrase does: terms at
// positions p with offsets o match when max(p-o) - min(p-o) <= slop, each
// term at a position of its own. For each lowest displacement D that
// occurs, every term needs a position in [D+o, D+o+slop]; terms repeated
// in the phrase take, in offset order, the first free position in their
// range, which finds an assignment whenever one exists (the ranges are of
// one width, so ordered by offset they are ordered by end).
func (q *proxQuery) sloppyMatch(ftls []search.FieldTermLocation, keep []bool) bool {
	op := q.ops[0]
	// Each term's positions, in order, with their locations' indexes: a
	// hostile "a a … a"~50 over a passage of a's must not scan the
	// passage for every position of every window.
	type at struct {
		pos int64
		i   int
	}
	byTerm := map[string][]at{}
	var ds []int64
	for i := range ftls {
		if ftls[i].Field != index.FieldText {
			continue
		}
		for k, t := range op.terms {
			if ftls[i].Term == t {
				ds = append(ds, int64(ftls[i].Location.Pos)-int64(op.offsets[k]))
			}
		}
		if slices.Contains(op.terms, ftls[i].Term) {
			byTerm[ftls[i].Term] = append(byTerm[ftls[i].Term], at{int64(ftls[i].Location.Pos), i})
		}
	}
	for _, l := range byTerm {
		slices.SortFunc(l, func(a, b at) int { return cmp.Compare(a.pos, b.pos) })
	}
	slices.Sort(ds)
	ds = slices.Compact(ds)
	found := false
	used := make([]bool, len(ftls))
	chosen := make([]int, 0, len(op.terms))
	for _, d := range ds {
		chosen = chosen[:0]
		for k, t := range op.terms {
			lo := d + int64(op.offsets[k])
			l := byTerm[t]
			j, _ := slices.BinarySearchFunc(l, lo, func(a at, p int64) int { return cmp.Compare(a.pos, p) })
			for ; j < len(l) && l[j].pos <= lo+int64(q.slop); j++ {
				if !used[l[j].i] {
					used[l[j].i] = true
					chosen = append(chosen, l[j].i)
					break
				}
			}
			if len(chosen) != k+1 {
				break
			}
		}
		ok := len(chosen) == len(op.terms)
		for _, i := range chosen {
			used[i] = false
			keep[i] = keep[i] || ok
		}
		found = found || ok
	}
	return found
}
