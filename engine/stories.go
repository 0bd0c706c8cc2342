package engine

import (
	"sort"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
	"github.com/newsfind/newsfind/story"
)

// Stories (docs/design.md, "Stories"): every article is sketched when it
// is prepared, and the write that stores it decides its story under the
// write lock, in write order: the story of the earlier article it copies
// most, or a new one named after it. The story and the sketch are stored
// with the article, in the same transaction, so restarts and re-indexing
// keep every story as it was; the in-memory story.Index is loaded from the
// store's meta at start.

// sketchOf sketches the text an article's story is judged by: its body,
// not its title (copies are retitled).
func sketchOf(a *newsfind.Article) story.Sketch { return story.Of(a.Body) }

func unixOf(t time.Time) int64 {
	if t.IsZero() {
		return story.NoDate
	}
	return t.Unix()
}

// loadStory puts a stored article's story into the story index, and
// reports false when the article has none yet (stored before stories).
func (e *Engine) loadStory(m store.Meta) bool {
	if m.StoryID == "" || m.Sketch == nil {
		return false
	}
	var sk story.Sketch
	if err := sk.UnmarshalBinary(m.Sketch); err != nil {
		return false
	}
	e.stories.Put(m.ID, sk, m.StoryID, unixOf(m.Published))
	return true
}

// backfillStories gives stories to stored articles that have none: a data
// directory written before stories, or a sketch that no longer reads. They
// are matched earliest first, so that each story is named after its
// earliest article, as if they had arrived in the order they appeared.
func (e *Engine) backfillStories(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	type pending struct {
		rec store.Record
		sk  story.Sketch
	}
	all := make([]pending, 0, len(ids))
	for _, id := range ids {
		r, ok, err := e.store.Get(id)
		if err != nil {
			return err
		}
		if ok {
			all = append(all, pending{rec: r, sk: sketchOf(&r.Article)})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := unixOf(all[i].rec.Article.Published), unixOf(all[j].rec.Article.Published)
		if a != b {
			return a < b
		}
		return all[i].rec.Article.ID < all[j].rec.Article.ID
	})
	var batch []store.StoryOf
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := e.store.SetStories(batch)
		batch = batch[:0]
		return err
	}
	for i := range all {
		p := &all[i]
		st := e.chooseStory(p.rec.Article.ID, &p.sk)
		e.stories.Put(p.rec.Article.ID, p.sk, st, unixOf(p.rec.Article.Published))
		b, _ := p.sk.MarshalBinary()
		batch = append(batch, store.StoryOf{ID: p.rec.Article.ID, Story: st, Sketch: b})
		if en, ok := e.catalog.Get(p.rec.Article.ID); ok {
			en.StoryID = st
			e.catalog.Put(en)
		}
		if len(batch) == 1000 {
			if err := flush(); err != nil {
				return err
			}
		}
	}
	if err := flush(); err != nil {
		return err
	}
	e.log.Info().Int("articles", len(all)).Int("stories", e.stories.Stories()).Msg("gave stories to the articles stored before stories")
	return nil
}

// chooseStory returns the story of the earlier article the text copies,
// or a new story for it.
func (e *Engine) chooseStory(id string, sk *story.Sketch) string {
	if st, _, _ := e.stories.Match(id, sk); st != "" {
		return st
	}
	return e.stories.NewStory(id)
}

// assignStories decides the story of each record, in order, and records it
// in the story index (a later record of the same group may copy an earlier
// one). An article whose text is unchanged keeps its story, so that the
// same article sent again is stored unchanged. It runs under the write
// lock; undo puts the story index back as it was, when the store write
// fails.
func (e *Engine) assignStories(recs []store.Record, sketches []story.Sketch) (undo func()) {
	type before struct {
		id        string
		had       bool
		sk        story.Sketch
		story     string
		published int64
	}
	olds := make([]before, len(recs))
	for i := range recs {
		r, sk := &recs[i], &sketches[i]
		id := r.Article.ID
		old, had := e.stories.Entry(id)
		olds[i] = before{id: id, had: had, sk: old.Sketch, story: old.Story, published: old.Published}
		if had && story.SameText(&old.Sketch, sk) {
			r.Story = old.Story
		} else {
			if had {
				// The text changed: the article is matched afresh, against
				// the others only.
				e.stories.Delete(id)
			}
			r.Story = e.chooseStory(id, sk)
		}
		r.Sketch, _ = sk.MarshalBinary()
		e.stories.Put(id, *sk, r.Story, unixOf(r.Article.Published))
	}
	return func() {
		for i := len(olds) - 1; i >= 0; i-- {
			o := olds[i]
			if o.had {
				e.stories.Put(o.id, o.sk, o.story, o.published)
			} else {
				e.stories.Delete(o.id)
			}
		}
	}
}

// storyMembers lists a story's articles, the canonical one first, for
// search.
func (e *Engine) storyMembers(st string) []string {
	ms := e.stories.Members(st)
	ids := make([]string, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}
