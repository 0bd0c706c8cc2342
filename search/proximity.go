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
// Lucene measures it), and, with one op and no slop, an exact phrase.
// Bleve has no slop (bleve#74), so this is the phrase walk of phrase.go
// with a window. Unlike phraseQuery it keeps only the locations of the
// matching windows, so that a hit is marked where it matched, for the
// walk and for marking alike.
type proxQuery struct {
	ops    []proxOp
	dist   []int // NEAR: len(ops)-1
	sloppy bool
	slop   int
	same   *formCounts // finds the variants of sparse slots
}

// proxOp is a word, or a phrase of words at offsets from the first.
type proxOp struct{ slots []slot }

// slot is one word of an op. Unquoted, it is a stem, matched in the text
// field. Quoted, it is a form, matched at its position in the forms
// field, with its stem (none for a stop word) searched in the text field
// beside it only to score and to mark: the two fields' positions are one
// analysis's (index/shared.go).
// A quoted word that the query has next to the one before (no
// punctuation between) is joined: the text must have no break there
// (index.PhraseBreak) for the phrase to be exact, though a window of NEAR
// or a slop looks past breaks, as Lucene's does.
//
// A quoted word equal to its stem is sparse when the forms field does not
// hold such forms (variants.go): it is matched on its stem in the text
// field, at a position where none of the stem's other forms (variants,
// found when the query is searched) stands.
type slot struct {
	stem, form string
	off        uint64
	joined     bool
	brk        fieldTerm // joined: the break term before form
	sparse     bool
	variants   []fieldTerm
}

// key is what a slot is matched on.
func (s slot) key() fieldTerm {
	if s.form != "" && !s.sparse {
		return fieldTerm{index.FieldForms, s.form}
	}
	return fieldTerm{index.FieldText, s.stem}
}

// variantAt reports whether one of a sparse slot's variants stands at pos:
// its word there is not its form.
func (s slot) variantAt(pos int64, at func(fieldTerm, int64) int) bool {
	for _, v := range s.variants {
		if at(v, pos) >= 0 {
			return true
		}
	}
	return false
}

// withVariants is q with its sparse slots' variants in the index r.
func (q *proxQuery) withVariants(ctx context.Context, r bindex.IndexReader) (*proxQuery, error) {
	var out *proxQuery
	for i, op := range q.ops {
		for j, s := range op.slots {
			if !s.sparse {
				continue
			}
			vs, err := q.same.variantsOf(ctx, r, s.stem)
			if err != nil {
				return nil, err
			}
			if len(vs) == 0 {
				continue
			}
			if out == nil {
				c := *q
				c.ops = slices.Clone(q.ops)
				out = &c
			}
			if &out.ops[i].slots[0] == &q.ops[i].slots[0] {
				out.ops[i].slots = slices.Clone(op.slots)
			}
			out.ops[i].slots[j].variants = variantTerms(vs)
		}
	}
	if out == nil {
		return q, nil
	}
	return out, nil
}

// stems reports whether the op has a word that is not a stop word: one of
// stop words alone is not searched.
func (op proxOp) stems() bool {
	return slices.ContainsFunc(op.slots, func(s slot) bool { return s.stem != "" })
}

func (q *proxQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping,
	options search.SearcherOptions) (search.Searcher, error) {
	q, err := q.withVariants(ctx, r)
	if err != nil {
		return nil, err
	}
	// "oil NEAR/3 oil" needs the term once; the walk counts its
	// occurrences.
	var terms []fieldTerm
	add := func(t fieldTerm) {
		if !slices.Contains(terms, t) {
			terms = append(terms, t)
		}
	}
	for _, op := range q.ops {
		for _, s := range op.slots {
			if s.stem != "" {
				add(fieldTerm{index.FieldText, s.stem})
			}
			if s.form != "" && !s.sparse {
				add(fieldTerm{index.FieldForms, s.form})
			}
		}
	}
	var optional []fieldTerm
	for _, op := range q.ops {
		for _, s := range op.slots {
			if s.joined && !q.sloppy && !slices.Contains(optional, s.brk) {
				optional = append(optional, s.brk)
			}
			// A variant is read only where a window stands without it,
			// in every kind of window: the form must be exact.
			for _, v := range s.variants {
				if !slices.Contains(optional, v) && !slices.Contains(terms, v) {
					optional = append(optional, v)
				}
			}
		}
	}
	return locationWalk(ctx, r, terms, optional, options, q.match)
}

// match reports whether dm has a window, and leaves in dm only the text
// locations of its windows. Breaks, where a quoted word must have none,
// are read only for a passage that has a window without them: most
// passages a walk visits have none, and reading a passage's breaks skips
// through one of the index's longest posting lists.
func (q *proxQuery) match(dm *search.DocumentMatch, optional func() []search.FieldTermLocation) bool {
	keep, ok := q.windows(dm.FieldTermLocations)
	if ok && optional != nil {
		if more := optional(); len(more) > 0 {
			dm.FieldTermLocations = append(dm.FieldTermLocations, more...)
			keep, ok = q.windows(dm.FieldTermLocations)
		}
	}
	if !ok {
		return false
	}
	dm.FieldTermLocations = kept(dm.FieldTermLocations, keep)
	return true
}

// windows finds a passage's windows: which of its locations they take.
func (q *proxQuery) windows(ftls []search.FieldTermLocation) ([]bool, bool) {
	keep := make([]bool, len(ftls))
	// at finds the location of a term at pos, -1 if none: a passage has
	// few locations, so plain scans beat building sets.
	at := func(t fieldTerm, pos int64) int {
		for i := range ftls {
			if int64(ftls[i].Location.Pos) == pos && ftls[i].Term == t.term && ftls[i].Field == t.field {
				return i
			}
		}
		return -1
	}
	if q.sloppy {
		return keep, q.sloppyMatch(ftls, keep)
	}
	return keep, q.nearMatch(ftls, at, keep)
}

// kept are the text locations of the kept locations' words: a form
// matched marks its word by the stem at its position, the location that
// marks and scores are read from.
func kept(ftls []search.FieldTermLocation, keep []bool) []search.FieldTermLocation {
	var formAt []uint64
	for i := range ftls {
		if keep[i] && ftls[i].Field == index.FieldForms {
			formAt = append(formAt, ftls[i].Location.Pos)
		}
	}
	out := ftls[:0]
	for i := range ftls {
		if ftls[i].Field == index.FieldText && (keep[i] || slices.Contains(formAt, ftls[i].Location.Pos)) {
			out = append(out, ftls[i])
		}
	}
	return out
}

// span is one occurrence of an op: the positions of its first and last
// terms.
type span struct{ start, end int64 }

// occurrences lists where op occurs in full.
func occurrences(op proxOp, ftls []search.FieldTermLocation, at func(fieldTerm, int64) int) []span {
	var out []span
	first := op.slots[0].key()
	for i := range ftls {
		if ftls[i].Term != first.term || ftls[i].Field != first.field {
			continue
		}
		p0 := int64(ftls[i].Location.Pos)
		if op.slots[0].variantAt(p0, at) {
			continue
		}
		ok := true
		for _, s := range op.slots[1:] {
			pos := p0 + int64(s.off)
			if ok = at(s.key(), pos) >= 0 && (!s.joined || at(s.brk, pos) < 0) && !s.variantAt(pos, at); !ok {
				break
			}
		}
		if ok {
			out = append(out, span{p0, p0 + int64(op.slots[len(op.slots)-1].off)})
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
func (q *proxQuery) nearMatch(ftls []search.FieldTermLocation, at func(fieldTerm, int64) int, keep []bool) bool {
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
			for _, s := range op.slots {
				if j := at(s.key(), sp.start+int64(s.off)); j >= 0 {
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
	byTerm := map[fieldTerm][]at{}
	var ds []int64
	find := func(t fieldTerm, pos int64) int {
		for i := range ftls {
			if int64(ftls[i].Location.Pos) == pos && ftls[i].Term == t.term && ftls[i].Field == t.field {
				return i
			}
		}
		return -1
	}
	for i := range ftls {
		t := fieldTerm{ftls[i].Field, ftls[i].Term}
		in := false
		for _, s := range op.slots {
			if s.key() == t && !s.variantAt(int64(ftls[i].Location.Pos), find) {
				ds = append(ds, int64(ftls[i].Location.Pos)-int64(s.off))
				in = true
			}
		}
		if in {
			byTerm[t] = append(byTerm[t], at{int64(ftls[i].Location.Pos), i})
		}
	}
	for _, l := range byTerm {
		slices.SortFunc(l, func(a, b at) int { return cmp.Compare(a.pos, b.pos) })
	}
	slices.Sort(ds)
	ds = slices.Compact(ds)
	found := false
	used := make([]bool, len(ftls))
	chosen := make([]int, 0, len(op.slots))
	for _, d := range ds {
		chosen = chosen[:0]
		for k, s := range op.slots {
			lo := d + int64(s.off)
			l := byTerm[s.key()]
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
		ok := len(chosen) == len(op.slots)
		for _, i := range chosen {
			used[i] = false
			keep[i] = keep[i] || ok
		}
		found = found || ok
	}
	return found
}
