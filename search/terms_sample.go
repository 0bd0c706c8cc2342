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
// ms up to here at ×9, but 13-46 ms more than the unranked step for the
// broadest queries (50k-150k articles), half of their terms answer.
const termsScoreLimit = 16 * termsCandidates

// termsMatch runs the match step the sample is drawn from, and says how it
// is to be drawn. The unranked step runs first: it counts the matches, and
// what it sees of each (whether its title and lead are among its matching
// passages) ranks a large set by prominence, for about half of a scored
// step's cost (Bleve skips every posting's frequency and norm).
// Only a set of at most scoreLimit articles, cheap to score, is matched
// again, scored.
func (s *Service) termsMatch(ctx context.Context, q newsfind.Query, scoreLimit int) (*Matches, string, error) {
	m, err := s.matchUnranked(ctx, q)
	if err != nil {
		return nil, "", err
	}
	if m.p.text == nil {
		return m, newsfind.DrawSpread, nil
	}
	if m.Articles() > scoreLimit {
		return m, newsfind.DrawProminent, nil
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
// story and per title, up to termsSampleArticles (docs/design.md,
// "Distinctive terms"): with DrawBest the best-scoring matches, with
// DrawProminent those the query is most prominent in, with DrawSpread an
// even spread over the matches in ordinal (catalog) order.
func sampleArticles(m *Matches, draw string) []sampled {
	d := sampleDraw{entries: m.view.Entries, seenStory: map[string]bool{}, seenTitle: map[string]bool{}}
	set := m.set
	// Each match's key is worked out once, and the heap keeps it beside
	// the ordinal: a broad query compares 100k+ matches with the root.
	key, tie := func(o int32) float64 { return set.score[o] }, func(a, b int32) bool {
		return d.entries[a].ID < d.entries[b].ID
	}
	switch draw {
	case newsfind.DrawSpread:
		ords := set.inOrder()
		if !slices.IsSorted(ords) {
			// A sparse set is in the walk's order: the draw must not
			// depend on how the index's segments lie.
			ords = slices.Sorted(slices.Values(ords))
		}
		d.spread(ords)
		return d.out
	case newsfind.DrawProminent:
		// Whether the title and the lead match, weighted as the ranking
		// weighs them; the rest tie, and a hash of the ordinal picks among
		// them evenly, where the id would pick one range of ids.
		key = func(o int32) float64 { return prominence(set.places[o]) }
		tie = func(a, b int32) bool { return scatter(a) < scatter(b) }
	}
	// A bounded heap of the best: sorting every match would cost more
	// than the rest of the answer.
	h := &bestHeap{tie: tie}
	m.Each(func(mt Match) bool {
		c := keyed{ord: mt.Ord, key: key(mt.Ord)}
		if h.Len() < termsCandidates {
			heap.Push(h, c)
		} else if h.better(c, h.cs[0]) {
			h.cs[0] = c
			heap.Fix(h, 0)
		}
		return true
	})
	picked := make([]int32, h.Len())
	for i := len(picked) - 1; i >= 0; i-- {
		picked[i] = heap.Pop(h).(keyed).ord
	}
	for _, o := range picked {
		if d.take(o) {
			break
		}
	}
	return d.out
}

// prominence is how prominent the query is in an article: in its title,
// its lead, weighted as articleScore weighs them. How many passages match,
// which the ranking counts too, is left out: it favours long articles,
// which gave a broad query's sample 1.3-2x the scored draw's text, costing
// more to cut into words than the scoring it saved.
func prominence(at place) float64 {
	f := 0.0
	if at&placeTitle != 0 {
		f += weightTitle
	}
	if at&placeLead != 0 {
		f += weightLead
	}
	return f
}

// scatter maps ordinals to a fixed pseudo-random order (Knuth's
// multiplicative hash): the same every answer, unrelated to when
// articles came.
func scatter(o int32) uint32 { return uint32(o) * 2654435761 }

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
// visited in the van der Corput order (the start, the middle, then the
// quarters, the eighths …), so that every prefix of the sample is an even spread too:
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

// keyed is a match and its key in a draw.
type keyed struct {
	ord int32
	key float64
}

// bestHeap is a min-heap of candidates, higher keys better and ties
// broken by tie: its root is the worst of the best kept so far.
type bestHeap struct {
	cs  []keyed
	tie func(a, b int32) bool
}

func (h *bestHeap) better(a, b keyed) bool {
	if a.key != b.key {
		return a.key > b.key
	}
	return h.tie(a.ord, b.ord)
}
func (h *bestHeap) Len() int           { return len(h.cs) }
func (h *bestHeap) Less(i, j int) bool { return h.better(h.cs[j], h.cs[i]) }
func (h *bestHeap) Swap(i, j int)      { h.cs[i], h.cs[j] = h.cs[j], h.cs[i] }
func (h *bestHeap) Push(x any)         { h.cs = append(h.cs, x.(keyed)) }
func (h *bestHeap) Pop() any {
	c := h.cs[len(h.cs)-1]
	h.cs = h.cs[:len(h.cs)-1]
	return c
}
