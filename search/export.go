package search

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
)

// exportChunk bounds the articles an export gives their passages at a
// time: one Bleve search marks a chunk, as one marks a page of hits.
const exportChunk = 256

// Export streams every match of q in its sort order from the match step:
// one walk of the index, one sort, then rows from the catalog view with
// each article's best passage, read and marked a chunk at a time, so
// memory is the match set and one chunk whatever the count.
func (s *Service) Export(ctx context.Context, q newsfind.Query, fn func(*newsfind.ExportRow) error) error {
	return s.exportChunks(ctx, q, func(m *Matches, chunk []Match) error {
		best, err := s.chunkPassages(ctx, m, chunk, 1)
		if err != nil {
			return err
		}
		v := m.View()
		var row newsfind.ExportRow
		for _, mt := range chunk {
			row = newsfind.ExportRow{Summary: mt.Entry.Summary, Score: mt.Score, MatchedPassages: mt.Passages,
				Copies: s.storyArticles(mt.Entry.StoryID, v)}
			if ps := best[mt.Entry.ID]; len(ps) > 0 {
				row.Best = &ps[0]
			}
			if err := fn(&row); err != nil {
				return err
			}
		}
		return nil
	})
}

// ExportPassages streams the matching passages of every match of q: the
// articles in the query's order, each one's passages in reading order.
func (s *Service) ExportPassages(ctx context.Context, q newsfind.Query, fn func(*newsfind.PassageRow) error) error {
	return s.exportChunks(ctx, q, func(m *Matches, chunk []Match) error {
		ps, err := s.chunkPassages(ctx, m, chunk, -1)
		if err != nil {
			return err
		}
		var row newsfind.PassageRow
		for _, mt := range chunk {
			mine := ps[mt.Entry.ID]
			slices.SortFunc(mine, func(a, b newsfind.PassageHit) int { return a.Index - b.Index })
			for _, p := range mine {
				row = newsfind.PassageRow{ArticleID: mt.Entry.ID, Index: p.Index, Text: p.Text, Marks: p.Marks}
				if err := fn(&row); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// exportChunks runs the match step of q once and calls fn with its
// matches in the query's order, a chunk at a time: at most exportChunk
// articles, and no more passages than one marking search reads, unless
// one article alone has more.
func (s *Service) exportChunks(ctx context.Context, q newsfind.Query, fn func(*Matches, []Match) error) error {
	m, err := s.Match(ctx, q)
	if err != nil {
		return err
	}
	defer m.Release()
	chunk := make([]Match, 0, exportChunk)
	passages := 0
	flush := func() error {
		if err := ctx.Err(); err != nil {
			return searchError(ctx, err)
		}
		err := fn(m, chunk)
		chunk, passages = chunk[:0], 0
		return err
	}
	for mt := range m.All() {
		if len(chunk) > 0 && (len(chunk) == exportChunk || passages+mt.Entry.Passages > maxPagePassages) {
			if err := flush(); err != nil {
				return err
			}
		}
		chunk = append(chunk, mt)
		passages += mt.Entry.Passages
	}
	if len(chunk) > 0 {
		return flush()
	}
	return nil
}

// chunkPassages returns up to per (all when per < 0) matching passages of
// each article of a chunk, best first, marked: from one Bleve search over
// the index as it is now, with the texts read from the store. An article
// rewritten since the match keeps the passages its new text has.
func (s *Service) chunkPassages(ctx context.Context, m *Matches, chunk []Match, per int) (map[string][]newsfind.PassageHit, error) {
	var titles map[string][]newsfind.PassageHit
	if per == 1 && m.p.mark == nil {
		titles = titlePassages(chunk)
	}
	docs := make(map[string]*newsfind.Document, len(chunk)-len(titles))
	size := 0
	for _, mt := range chunk {
		if titles[mt.Entry.ID] != nil {
			continue
		}
		d, err := s.exportText(mt.Entry.ID)
		if err != nil {
			return nil, err
		}
		docs[mt.Entry.ID] = d
		if d != nil {
			size += len(d.Passages)
		}
	}
	if per < 0 {
		per = size
	}
	var out map[string][]newsfind.PassageHit
	err := s.index.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		var err error
		out, err = markPassages(ctx, x, docs, m.p.mark, m.p.markForms, max(size, 1), per)
		return err
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	for id, ps := range titles {
		out[id] = ps
	}
	return out, nil
}

// titlePassages is the first passage of each article of a chunk that has
// a title, the title itself, taken from the catalog: what a query without
// words has as best passage. Reading and splitting every article's text
// to find it again cost 30 µs an article, which held an export of
// everything to 30k articles/s at best; this costs nothing. An article
// without a title is left out: its first passage is in its text.
func titlePassages(chunk []Match) map[string][]newsfind.PassageHit {
	out := make(map[string][]newsfind.PassageHit, len(chunk))
	for _, mt := range chunk {
		t := mt.Entry.Title
		if !normalSpace(t) {
			t = strings.Join(strings.Fields(t), " ") // as derive.Passages has it
		}
		if t != "" {
			out[mt.Entry.ID] = []newsfind.PassageHit{{Index: 0, Text: t, Marks: [][2]int{}}}
		}
	}
	return out
}

// normalSpace reports whether s has single spaces between words and no
// other white space: most titles, which are then taken as they are.
func normalSpace(s string) bool {
	if strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") || strings.Contains(s, "  ") {
		return false
	}
	return !strings.ContainsFunc(s, func(r rune) bool { return r != ' ' && unicode.IsSpace(r) })
}

// exportText is an article's passages as passages gives them, without
// keeping them in the text cache: an export reads every match once, and
// would push out the articles the results pages come back to.
func (s *Service) exportText(id string) (*newsfind.Document, error) {
	if d, _ := s.texts.get(id); d != nil {
		return d, nil
	}
	a, ok, err := s.articles(id)
	if err != nil || !ok {
		return nil, err
	}
	return &newsfind.Document{Article: a, Passages: derive.Passages(a)}, nil
}

// storyArticles counts the live articles of a story in view v, as a hit's
// story_articles does, without listing the copies.
func (s *Service) storyArticles(story string, v *catalog.View) int {
	if story == "" || s.members == nil {
		return 1
	}
	n := 0
	for _, id := range s.members(story) {
		if o, ok := v.Ords.Get(id); ok && int(o) < len(v.Entries) && !v.Entries[o].Deleted {
			n++
		}
	}
	return max(n, 1)
}
