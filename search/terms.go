package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/newsfind/newsfind"
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
// "Distinctive terms"): the match step, a bounded sample of the matching
// articles read from the store (the best of a small match set, an even
// spread over a large one), and the index's document
// frequencies as the background.
func (s *Service) Terms(ctx context.Context, q newsfind.TermsQuery) (*newsfind.Terms, error) {
	return s.terms(ctx, q, termsScoreLimit)
}

// terms is Terms with the largest match set it scores (tests draw small
// sets as large ones are drawn).
func (s *Service) terms(ctx context.Context, q newsfind.TermsQuery, scoreLimit int) (*newsfind.Terms, error) {
	if q.Size < 0 || q.Size > newsfind.MaxTermsSize {
		return nil, newsfind.Errorf(newsfind.EINVALID, "size=%d: give 1 to %d terms", q.Size, newsfind.MaxTermsSize)
	}
	if q.Size == 0 {
		q.Size = newsfind.DefaultTermsSize
	}
	m, draw, err := s.termsMatch(ctx, q.Query, scoreLimit)
	if err != nil {
		return nil, err
	}
	matched, gen := m.Articles(), m.view.Gen
	ids := sampleArticles(m, draw)
	m.Release()
	out := &newsfind.Terms{Terms: []newsfind.Term{}, Statistic: newsfind.StatisticG2}
	out.Sample.Matched, out.Sample.Draw = matched, draw

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
