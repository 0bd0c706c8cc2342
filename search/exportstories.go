package search

import (
	"context"
	"slices"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// ExportStories streams every story q matches once, in the order of its
// best matching article, as distinct=story pages them: each row is the
// story as a whole (its canonical article, outlets, dates and size) read
// from the catalog view and the story index, nothing from the store.
func (s *Service) ExportStories(ctx context.Context, q newsfind.Query, fn func(*newsfind.StoryRow) error) error {
	q.Distinct = newsfind.DistinctStory
	m, err := s.Match(ctx, q)
	if err != nil {
		return err
	}
	defer m.Release()
	v := m.View()
	var row newsfind.StoryRow
	var outlets []string
	n := 0
	for mt := range m.All() {
		if n++; n%exportChunk == 0 {
			if err := ctx.Err(); err != nil {
				return searchError(ctx, err)
			}
		}
		outlets = s.storyRow(&row, mt, v, outlets[:0])
		if err := fn(&row); err != nil {
			return err
		}
	}
	return nil
}

// storyRow fills row with the story of match mt, the best of its
// matching articles: its live members in view v, canonical first.
// outlets is reused for the row's outlets and returned.
func (s *Service) storyRow(row *newsfind.StoryRow, mt Match, v *catalog.View, outlets []string) []string {
	*row = newsfind.StoryRow{StoryID: mt.Entry.StoryID, Canonical: mt.Entry.Summary, Matched: mt.StoryArticles,
		BestID: mt.Entry.ID, Score: mt.Score}
	var members []string
	if row.StoryID != "" && s.members != nil {
		members = s.members(row.StoryID)
	}
	if len(members) == 0 {
		members = []string{mt.Entry.ID}
	}
	canonical := false
	for _, id := range members {
		o, ok := v.Ords.Get(id)
		if !ok || int(o) >= len(v.Entries) || v.Entries[o].Deleted {
			continue
		}
		e := &v.Entries[o]
		if !canonical {
			row.Canonical, canonical = e.Summary, true
		}
		row.Articles++
		if !slices.Contains(outlets, e.Source) && e.Source != "" {
			outlets = append(outlets, e.Source)
		}
		if d := e.Published; !d.IsZero() {
			if row.First.IsZero() || d.Before(row.First) {
				row.First = d
			}
			if d.After(row.Last) {
				row.Last = d
			}
		}
	}
	row.Articles = max(row.Articles, 1)
	slices.Sort(outlets)
	row.Outlets = outlets
	return outlets
}
