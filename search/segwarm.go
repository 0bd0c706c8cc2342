package search

import (
	"context"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsfind/newsfind/index"
)

// warmEvery is how often Warm looks for segments not yet listed. Opening
// a snapshot and comparing its segments costs microseconds; a shorter
// wait only narrows the window in which a search lists a new segment
// itself.
const warmEvery = 200 * time.Millisecond

// Warm lists the variants of each segment of the index in use as it
// appears (the index opened, a batch, a merge) until ctx is done, so that
// the first quoted, prefix or fuzzy search after a change does not walk
// the new segment's whole forms dictionary: at ×9 that was the largest
// part of such a search (docs/benchmarks.md, "Ninth session: variant
// lists after a merge"). It runs in the caller's goroutine, one segment
// at a time; a search that reads a segment before it is listed lists it
// itself, or waits for the list under way.
func (s *Service) Warm(ctx context.Context) {
	t := time.NewTicker(warmEvery)
	defer t.Stop()
	for {
		// An error is left to the search that reads the segment, which
		// lists it again and reports it.
		for more := true; more && ctx.Err() == nil; {
			more, _ = s.warmOne(ctx)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// warmOne lists one segment of the index in use not listed yet, and
// forgets the segments merged away; more is true when it listed one. It
// holds the index for one segment's list, so a Swap waits for no more.
func (s *Service) warmOne(ctx context.Context) (more bool, err error) {
	err = s.index.Use(func(x *index.Index) error {
		if x == nil || s.variants == nil || s.formStems == nil {
			return nil
		}
		m := x.Bleve().Mapping()
		if !index.FormsSparse(m) || !index.FormsPositioned(m) {
			return nil
		}
		r, err := x.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		snap, ok := r.(*scorch.IndexSnapshot)
		if !ok {
			return nil
		}
		segs := snap.Segments()
		s.variants.keepOnly(segs)
		foreign := len(s.variants.foreignStems())
		for _, ss := range segs {
			if s.variants.isListed(ss.Segment(), foreign) {
				continue
			}
			more = true
			_, _, err := s.variants.listed(ctx, ss, segs, true)
			return err
		}
		return nil
	})
	return more, err
}
