package search

import (
	"context"
	"errors"
	"runtime"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Both cores for one query. A walk over many postings is split at a
// document number into two halves, each walked by its own searcher on its
// own goroutine into its own set, and the second half's set is folded
// into the first's. An article's score is its passages' best and its
// counts are sums, so the fold gives what one walk gives, and the first
// half's articles come first, as they would. It is done only while no
// other search is running: under concurrent clients every core is busy
// already, and a second goroutine would only add its costs.

// splitPostings is how many postings a walk's searcher must report
// before it is split: below it, a second searcher and goroutine cost more
// than half the walk saves (a one-word query at ×1 walks a few thousand).
const splitPostings = 50_000

// How a search may split its walks (tuning.halves).
const (
	halvesIdle   = iota // when no other search is running (the default)
	halvesNever         // one goroutine
	halvesAlways        // whatever else runs (tests)
)

// WithIdleSplit lets a search split its walks over two goroutines while
// no other search runs. It is off by default: on the shared machine it was
// measured on (load 9–20 from other work), a split ×9 `and` search used
// 15% more CPU and no less wall time, and its gain on an idle machine is
// not yet measured (docs/benchmarks.md, eighth session).
func WithIdleSplit(on bool) Option {
	return func(s *Service) error {
		s.splitIdle = on
		return nil
	}
}

// halves lets a match step walk in two goroutines; nil: it may not.
type halves struct {
	sets   *matchSets
	always bool // split whatever the walk's size (tests)
	splits *atomic.Uint64
}

// halves returns how the match step of a search that tune describes may
// split its walks.
func (s *Service) halves(tune tuning) *halves {
	switch {
	case tune.halves == halvesNever, runtime.GOMAXPROCS(0) < 2:
		return nil
	case tune.halves == halvesIdle && (!s.splitIdle || s.running.Load() > 1):
		return nil
	}
	return &halves{sets: &s.sets, always: tune.halves == halvesAlways, splits: &s.columns.splits}
}

// split returns the document number at which to split a walk by s of
// reader r, 0 when it is not to be split.
func (h *halves) split(r bindex.IndexReader, s search.Searcher) uint64 {
	if h == nil || (!h.always && s.Count() < splitPostings) {
		return 0
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0
	}
	return splitPoint(snap)
}

// splitScores reports whether scoring n passages one by one (article
// scope's second pass) is split.
func (h *halves) splitScores(n int) bool {
	return h != nil && n >= 2 && (h.always || n >= splitScored)
}

// splitScored is how many passages a leaf's scoring must have before it
// is split: each costs a searcher's advance, about a microsecond.
const splitScored = 2048

// splitPoint is the document number that halves a snapshot: the segment
// boundary nearest the middle, when it is within a quarter of the
// documents of it, so that each half reads whole segments; else the
// middle. 0: too few documents to split.
func splitPoint(snap *scorch.IndexSnapshot) uint64 {
	segs := snap.Segments()
	var total uint64
	for _, ss := range segs {
		total += ss.Segment().Count()
	}
	if total < 2 {
		return 0
	}
	half := total / 2
	dist := func(x uint64) uint64 {
		if x > half {
			return x - half
		}
		return half - x
	}
	best := uint64(0)
	var off uint64
	for _, ss := range segs[:len(segs)-1] {
		off += ss.Segment().Count()
		if dist(off) < dist(best) {
			best = off
		}
	}
	if best == 0 || dist(best) > total/4 {
		return half
	}
	return best
}

// collect runs second on a goroutine into a set of its own and first on
// this one into set, then folds the second's set into set.
func (h *halves) collect(ctx context.Context, second func(context.Context, *matchSet) error, first func(context.Context) error, set *matchSet) error {
	other := h.sets.get(set.len())
	defer h.sets.put(other)
	if err := h.both(ctx, first, func(ctx context.Context) error { return second(ctx, other) }); err != nil {
		return err
	}
	set.merge(other)
	return nil
}

// both runs second on a goroutine and first on this one, and returns
// when both have; the first error cancels the other.
func (h *halves) both(ctx context.Context, first, second func(context.Context) error) error {
	h.splits.Add(1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		err := second(ctx)
		if err != nil {
			cancel()
		}
		done <- err
	}()
	err := first(ctx)
	if err != nil {
		cancel()
	}
	err2 := <-done
	// The half that failed first says why; the other was cancelled.
	if err == nil || (err2 != nil && errors.Is(err, context.Canceled) && !errors.Is(err2, context.Canceled)) {
		return err2
	}
	return err
}

// merge folds into m what another walk over other documents found.
func (m *matchSet) merge(other *matchSet) {
	for _, o := range other.articles {
		m.add(o, other.score[o], other.hits[o], other.places[o])
	}
}
