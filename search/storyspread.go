package search

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// Bounds on a story's answer: a wire story can run in hundreds of
// outlets over weeks.
const (
	maxStoryArticles = 1000
	// maxStoryEmptyDays: a spread lists the days between its first and
	// last day, empty ones too, when they are at most this many; a longer
	// one (a text re-run months later) lists only the days it ran.
	maxStoryEmptyDays = 92
)

// Story answers how a story spread: its articles by date, its first
// outlet and its outlets per day, from the story index and the catalog.
func (s *Service) Story(ctx context.Context, id string) (*newsfind.Story, error) {
	notFound := newsfind.Errorf(newsfind.ENOTFOUND, "no story with id %q", newsfind.Echo(id))
	if s.members == nil || id == "" || len(id) > 256 {
		return nil, notFound
	}
	st := &newsfind.Story{ID: id, Articles: []newsfind.StoryArticle{}, Spread: []newsfind.StoryDay{}}
	for _, m := range s.members(id) {
		e, ok := s.catalog.Get(m)
		if !ok || e.StoryID != id {
			continue
		}
		st.Articles = append(st.Articles, newsfind.StoryArticle{ID: e.ID, Title: e.Title, Source: e.Source, Published: e.Published})
	}
	if len(st.Articles) == 0 {
		return nil, notFound
	}
	slices.SortFunc(st.Articles, func(a, b newsfind.StoryArticle) int {
		switch {
		case a.Published.IsZero() != b.Published.IsZero():
			if a.Published.IsZero() {
				return 1 // undated last
			}
			return -1
		case !a.Published.Equal(b.Published):
			return a.Published.Compare(b.Published)
		}
		return strings.Compare(a.ID, b.ID)
	})
	outlets := map[string]bool{}
	for _, a := range st.Articles {
		outlets[a.Source] = true
	}
	st.Outlets = len(outlets)
	st.FirstOutlet = st.Articles[0].Source
	st.Spread = spread(st.Articles)
	if n := len(st.Spread); n > 0 {
		st.Days = int(st.Spread[n-1].Day.Sub(st.Spread[0].Day).Hours()/24) + 1
	}
	if len(st.Articles) > maxStoryArticles {
		st.Articles = st.Articles[:maxStoryArticles]
	}
	return st, nil
}

// spread counts a story's dated articles (earliest first) per UTC day,
// with the outlets that ran it that day and those that ran it first.
func spread(arts []newsfind.StoryArticle) []newsfind.StoryDay {
	var days []newsfind.StoryDay
	seen := map[string]bool{}
	var today map[string]bool
	for _, a := range arts {
		if a.Published.IsZero() {
			break
		}
		t := a.Published.UTC()
		day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		if len(days) == 0 || !days[len(days)-1].Day.Equal(day) {
			days = append(days, newsfind.StoryDay{Day: day})
			today = map[string]bool{}
		}
		d := &days[len(days)-1]
		d.Articles++
		if !today[a.Source] {
			today[a.Source] = true
			d.Outlets++
		}
		if !seen[a.Source] {
			seen[a.Source] = true
			d.NewOutlets++
		}
	}
	if len(days) < 2 || days[len(days)-1].Day.Sub(days[0].Day) > maxStoryEmptyDays*24*time.Hour {
		return days
	}
	var full []newsfind.StoryDay
	for i, d := range days {
		if i > 0 {
			for gap := days[i-1].Day.AddDate(0, 0, 1); gap.Before(d.Day); gap = gap.AddDate(0, 0, 1) {
				full = append(full, newsfind.StoryDay{Day: gap})
			}
		}
		full = append(full, d)
	}
	return full
}
