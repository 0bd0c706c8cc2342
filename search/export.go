package search

import (
	"context"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// exportCheckEvery is how many rows an export writes between looks at its
// context: a disconnected client stops the stream within that many rows.
const exportCheckEvery = 256

// Export streams every match of q in its sort order from the match step:
// one walk of the index, one sort, then rows straight from the catalog
// view, so memory is the match set whatever the count.
func (s *Service) Export(ctx context.Context, q newsfind.Query, fn func(*newsfind.ExportRow) error) error {
	m, err := s.Match(ctx, q)
	if err != nil {
		return err
	}
	defer m.Release()
	v := m.View()
	var row newsfind.ExportRow
	n := 0
	for mt := range m.All() {
		if n++; n%exportCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return searchError(ctx, err)
			}
		}
		row = newsfind.ExportRow{Summary: mt.Entry.Summary, Score: mt.Score, MatchedPassages: mt.Passages,
			Copies: s.storyArticles(mt.Entry.StoryID, v)}
		if err := fn(&row); err != nil {
			return err
		}
	}
	return nil
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
