package web

import (
	"context"

	"github.com/newsfind/newsfind"
)

// spreadView is how an article's story spread, on its page: "this story
// ran in N outlets over D days" and its articles in order.
type spreadView struct {
	Outlets, Days int
	First         string // the first outlet
	Articles      []spreadArticle
	More          int // articles past the list's bound
}

type spreadArticle struct {
	copyView
	Self bool // the page's own article
}

// maxSpreadListed bounds the page's list; /api/stories/{id} has them all.
const maxSpreadListed = 50

// storySpread is the spread of the story of article id, nil when the
// article's story has no other article or the searcher cannot tell.
func (s *Server) storySpread(ctx context.Context, q newsfind.Query, id, story string) *spreadView {
	sr, ok := s.searcher.(newsfind.StoryReader)
	if !ok || story == "" {
		return nil
	}
	st, err := sr.Story(ctx, story)
	if err != nil || len(st.Articles) < 2 {
		return nil // the copies list, if any, still shows
	}
	v := &spreadView{Outlets: st.Outlets, Days: st.Days, First: st.FirstOutlet}
	for i, a := range st.Articles {
		if i == maxSpreadListed {
			v.More = len(st.Articles) - i
			break
		}
		c := newsfind.Copy{ID: a.ID, Title: a.Title, Source: a.Source, Canonical: i == 0}
		if !a.Published.IsZero() {
			c.Published = a.Published.Format(newsfind.DateLayout)
		}
		v.Articles = append(v.Articles, spreadArticle{copyView: copiesOf(q, []newsfind.Copy{c})[0], Self: a.ID == id})
	}
	return v
}
