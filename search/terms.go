package search

import (
	"container/heap"
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
)

// Bounds on the sample distinctive terms are counted on: enough text for
// a commodity's vocabulary to stand out, little enough to read and
// analyze beside every results page (~100 Reuters stories are ~120 kB,
// ~25 ms of analysis on this machine).
const (
	termsSampleArticles = 100
	termsSampleBytes    = 128 << 10
	// termsCandidates is how many of the best-scoring matches are looked
	// at to find termsSampleArticles different ones: copies of one text
	// (one story, or a corpus copied for a benchmark) count once.
	termsCandidates = 8 * termsSampleArticles
)

// Terms answers the words and two-word phrases over-represented in q's
// matching articles against the whole collection (docs/design.md,
// "Distinctive terms"): one match step, a bounded sample of the best
// matching articles read from the store, and the index's document
// frequencies as the background.
func (s *Service) Terms(ctx context.Context, q newsfind.TermsQuery) (*newsfind.Terms, error) {
	if q.Size < 0 || q.Size > newsfind.MaxTermsSize {
		return nil, newsfind.Errorf(newsfind.EINVALID, "size=%d: give 1 to %d terms", q.Size, newsfind.MaxTermsSize)
	}
	if q.Size == 0 {
		q.Size = newsfind.DefaultTermsSize
	}
	m, err := s.Match(ctx, q.Query)
	if err != nil {
		return nil, err
	}
	matched, gen := m.Articles(), m.view.Gen
	ids := sampleArticles(m)
	m.Release()
	out := &newsfind.Terms{Terms: []newsfind.Term{}, Statistic: newsfind.StatisticG2}
	out.Sample.Matched = matched

	c := newTermCounts(s.queryStems(q.Text), &s.stems)
	defer func() { s.stems.add(c.fresh) }()
	for _, sa := range ids {
		if ctx.Err() != nil {
			return nil, searchError(ctx, ctx.Err())
		}
		d, err := s.passages(sa.id)
		if err != nil {
			return nil, err
		}
		if d == nil {
			continue // deleted since the match step
		}
		a := s.analyzerFor(sa.lang)
		for _, p := range d.Passages {
			c.passage(a, p.Text)
			out.Sample.Bytes += len(p.Text)
		}
		out.Sample.Articles++
		if out.Sample.Bytes >= termsSampleBytes {
			break
		}
	}
	out.Sample.Passages = c.passages
	if c.passages == 0 {
		return out, nil
	}
	err = s.index.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		bg, err := newBackground(ctx, x, &s.backgrounds, gen)
		if err != nil {
			return err
		}
		defer bg.close()
		out.Sample.CollectionPassages = bg.passages
		out.Terms, err = c.best(ctx, bg, q.Size)
		return err
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	return out, nil
}

// sampled is an article of the sample and the language it was analyzed in.
type sampled struct{ id, lang string }

// sampleArticles draws the sample: the best-scoring matches (relevance:
// the articles most about the query), one per story and per title, up to
// termsSampleArticles; for a query of filters alone, whose matches all
// score 0, a spread over the matches in catalog order.
func sampleArticles(m *Matches) []sampled {
	n := m.Articles()
	es := m.view.Entries
	var picked []int32
	if m.p.text == nil {
		step := max(1, n/termsCandidates)
		i := 0
		m.Each(func(mt Match) bool {
			if i%step == 0 {
				picked = append(picked, mt.Ord)
			}
			i++
			return len(picked) < termsCandidates
		})
	} else {
		// A bounded heap of the best: sorting every match of a broad query
		// would cost more than the rest of the answer.
		h := &scoreHeap{score: m.set.score, entries: es}
		m.Each(func(mt Match) bool {
			if h.Len() < termsCandidates {
				heap.Push(h, mt.Ord)
			} else if h.better(mt.Ord, h.ords[0]) {
				h.ords[0] = mt.Ord
				heap.Fix(h, 0)
			}
			return true
		})
		picked = make([]int32, h.Len())
		for i := len(picked) - 1; i >= 0; i-- {
			picked[i] = heap.Pop(h).(int32)
		}
	}
	seenStory, seenTitle := map[string]bool{}, map[string]bool{}
	var out []sampled
	for _, o := range picked {
		e := &es[o]
		title := strings.ToLower(strings.Join(strings.Fields(e.Title), " "))
		if e.StoryID != "" && seenStory[e.StoryID] || title != "" && seenTitle[title] {
			continue
		}
		seenStory[e.StoryID], seenTitle[title] = true, true
		out = append(out, sampled{id: e.ID, lang: e.Lang})
		if len(out) == termsSampleArticles {
			break
		}
	}
	return out
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

// analyzerFor is the pair of analyzers an article of language lang was
// indexed with, so that its stems are the index's.
func (s *Service) analyzerFor(lang string) termAnalyzers {
	if l := index.AnalysisLanguage(lang); l != index.English {
		if la, ok := s.langs[l]; ok {
			return termAnalyzers{text: la.text, forms: la.forms}
		}
	}
	return termAnalyzers{text: s.analyzer, forms: s.forms}
}

// queryStems are the stems of the query's words, which its terms leave
// out: every sampled article has them, and the user typed them.
func (s *Service) queryStems(text string) map[string]bool {
	out := map[string]bool{}
	for _, a := range []analysis.Analyzer{s.analyzer, s.forms} {
		for _, tok := range a.Analyze([]byte(text)) {
			out[string(tok.Term)] = true
		}
	}
	return out
}
