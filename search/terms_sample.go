package search

import (
	"container/heap"
	"context"
	"math/bits"
	"slices"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// termsScoreLimit is the largest match set whose sample is drawn from the
// best-scoring matches. Scoring costs in proportion to the matches: a few
// ms up to here at ×9, 40-50 ms more than the unranked step for the
// broadest queries (100k+ articles), which was half of their terms answer.
// And a query matching this many articles is about much of the
// collection, where the best few hundred of them are no more its subject
// than an even spread is.
const termsScoreLimit = 16 * termsCandidates

// termsMatch runs the match step the sample is drawn from, and says how it
// is to be drawn. The unranked step runs first: it counts the matches for
// half of a scored step's cost over a broad query (Bleve skips every
// posting's frequency and norm). Only a set small enough to score cheaply
// is matched again, scored, for its best articles.
func (s *Service) termsMatch(ctx context.Context, q newsfind.Query) (*Matches, string, error) {
	m, err := s.matchUnranked(ctx, q)
	if err != nil {
		return nil, "", err
	}
	if m.p.text == nil || m.Articles() > termsScoreLimit {
		return m, newsfind.DrawSpread, nil
	}
	m.Release()
	m, err = s.Match(ctx, q)
	if err != nil {
		return nil, "", err
	}
	return m, newsfind.DrawBest, nil
}

// sampled is an article of the sample and the language it was analyzed in.
type sampled struct{ id, lang string }

// sampleArticles draws the sample from m as draw says, one article per
// story and per title, up to termsSampleArticles: with DrawBest the
// best-scoring matches (relevance: the articles most about the query);
// with DrawSpread an even spread over the matches in ordinal (catalog)
// order.
func sampleArticles(m *Matches, draw string) []sampled {
	d := sampleDraw{entries: m.view.Entries, seenStory: map[string]bool{}, seenTitle: map[string]bool{}}
	if draw == newsfind.DrawSpread {
		ords := m.set.inOrder()
		if !slices.IsSorted(ords) {
			// A sparse set is in the walk's order: the draw must not
			// depend on how the index's segments lie.
			ords = slices.Sorted(slices.Values(ords))
		}
		d.spread(ords)
		return d.out
	}
	// A bounded heap of the best: sorting every match would cost more
	// than the rest of the answer.
	h := &scoreHeap{score: m.set.score, entries: m.view.Entries}
	m.Each(func(mt Match) bool {
		if h.Len() < termsCandidates {
			heap.Push(h, mt.Ord)
		} else if h.better(mt.Ord, h.ords[0]) {
			h.ords[0] = mt.Ord
			heap.Fix(h, 0)
		}
		return true
	})
	picked := make([]int32, h.Len())
	for i := len(picked) - 1; i >= 0; i-- {
		picked[i] = heap.Pop(h).(int32)
	}
	for _, o := range picked {
		if d.take(o) {
			break
		}
	}
	return d.out
}

// sampleDraw gathers a sample: copies of one text (one story, or a corpus
// copied for a benchmark) count once.
type sampleDraw struct {
	entries              []catalog.Entry
	seenStory, seenTitle map[string]bool
	out                  []sampled
}

// take adds the article of ordinal o unless its story or title is in
// already, and reports whether the sample is full.
func (d *sampleDraw) take(o int32) bool {
	e := &d.entries[o]
	title := strings.ToLower(strings.Join(strings.Fields(e.Title), " "))
	if e.StoryID != "" && d.seenStory[e.StoryID] || title != "" && d.seenTitle[title] {
		return false
	}
	d.seenStory[e.StoryID], d.seenTitle[title] = true, true
	d.out = append(d.out, sampled{id: e.ID, lang: e.Lang})
	return len(d.out) == termsSampleArticles
}

// spread takes matches at evenly spaced places of ords: a systematic
// sample, which represents the whole set as ords' order runs (the catalog
// gains articles as they come, so roughly in time). The places are
// visited in the van der Corput order (the middle, then the quarters, then
// the eighths …), so that every prefix of the sample is an even spread too:
// the sample's byte bound may stop reading it early, and a copy skipped
// leaves no gap in one part. At most termsCandidates places (the next
// power of two) are tried; a set no bigger is tried whole.
func (d *sampleDraw) spread(ords []int32) {
	n := len(ords)
	if n == 0 {
		return
	}
	width := bits.Len(uint(min(n, termsCandidates) - 1)) // 2^width places
	places := 1 << width
	for k := range places {
		r := int(bits.Reverse64(uint64(k)) >> (64 - width))
		i := r
		if n > places {
			i = int(int64(r) * int64(n) / int64(places))
		} else if r >= n {
			continue
		}
		if d.take(ords[i]) {
			return
		}
	}
}

// scoreHeap is a min-heap of ordinals by hitOrder's relevance order: its
// root is the worst of the best kept so far.
type scoreHeap struct {
	ords    []int32
	score   []float64
	entries []catalog.Entry
}

func (h *scoreHeap) better(a, b int32) bool {
	if h.score[a] != h.score[b] {
		return h.score[a] > h.score[b]
	}
	return h.entries[a].ID < h.entries[b].ID
}
func (h *scoreHeap) Len() int           { return len(h.ords) }
func (h *scoreHeap) Less(i, j int) bool { return h.better(h.ords[j], h.ords[i]) }
func (h *scoreHeap) Swap(i, j int)      { h.ords[i], h.ords[j] = h.ords[j], h.ords[i] }
func (h *scoreHeap) Push(x any)         { h.ords = append(h.ords, x.(int32)) }
func (h *scoreHeap) Pop() any {
	o := h.ords[len(h.ords)-1]
	h.ords = h.ords[:len(h.ords)-1]
	return o
}
