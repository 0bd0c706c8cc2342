package engine

import (
	"context"
	"reflect"
	"sync"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/store"
)

// percolateBatch is how many written articles one percolation matches at
// once: one small in-memory index of them, each saved query run over it.
const percolateBatch = 500

// percolator matches written articles against the saved searches,
// outside the write path. What is to be matched is the store's
// percolation marks (set in each write's own transaction), so a crash
// loses none; the commits it follows only wake it and hand it the
// documents the write already prepared, saving their tagging again.
type percolator struct {
	wake chan struct{}
	// wanted reports whether any saved search exists: without one the
	// committed documents are not kept (the marks are cleared unread).
	wanted func() bool
	mu     sync.Mutex
	docs   map[string]newsfind.Document // the latest committed version of each article, by id
	// restUntil is when the next pass may start; only the percolating
	// goroutine reads and writes it.
	restUntil time.Time
}

// maxHeldDocs bounds the committed documents the percolator keeps: a bulk
// load outruns it, and an article beyond the bound is prepared again from
// the store when its turn comes (markedDoc), rather than held in memory
// with every other article of the load.
const maxHeldDocs = 2 * percolateBatch

func newPercolator(wanted func() bool) *percolator {
	return &percolator{wake: make(chan struct{}, 1), wanted: wanted, docs: map[string]newsfind.Document{}}
}

func (p *percolator) follow(c newsfind.Commit) {
	keep := p.wanted()
	p.mu.Lock()
	for i := range c.Documents {
		if !keep || len(p.docs) >= maxHeldDocs {
			break
		}
		d := c.Documents[i]
		if i < len(c.Changed) {
			d.StoryID = c.Changed[i].StoryID
		}
		p.docs[d.ID] = d
	}
	for _, id := range c.Deleted {
		delete(p.docs, id)
	}
	p.mu.Unlock()
	p.poke()
}

func (p *percolator) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// take returns the committed document of an article and forgets it.
func (p *percolator) take(id string) (newsfind.Document, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d, ok := p.docs[id]
	delete(p.docs, id)
	return d, ok
}

// startAlerts starts percolation and webhook delivery; both stop at Close.
func (e *Engine) startAlerts() error {
	if err := e.loadSearches(); err != nil {
		return err
	}
	e.perc = newPercolator(func() bool { return len(e.saved.get()) > 0 })
	e.hooks = newDeliverer(e)
	stop := e.Follow(e.perc.follow)
	e.perc.poke() // marks left by a process that died
	e.bg.Add(2)
	go func() {
		defer e.bg.Done()
		defer stop()
		for {
			select {
			case <-e.stop.Done():
				return
			case <-e.perc.wake:
			}
			if err := e.percolateMarked(e.stop); err != nil && e.stop.Err() == nil {
				e.log.Error().Err(err).Msg("matching written articles against the saved searches failed; retrying")
				time.AfterFunc(time.Second, e.perc.poke)
			}
		}
	}()
	go func() {
		defer e.bg.Done()
		e.hooks.run(e.stop)
	}()
	return nil
}

// percolateRest is how many times as long as its last pass percolation
// rests before the next: it takes at most 1/(1+percolateRest) of a core,
// so that writes, which it runs beside, keep their speed. Under a steady
// stream of writes the rest lets marks gather, and the next pass matches
// them all at once, more cheaply per article.
const percolateRest = 5

// maxPercolateRest bounds one rest: a pass that slow (a bulk batch
// against many saved searches on a busy machine) lets the next wait at
// most this long, so matches lag a bulk load by minutes, never hours.
const maxPercolateRest = time.Minute

// percolateMarked matches every marked article, a batch at a time.
func (e *Engine) percolateMarked(ctx context.Context) error {
	for ctx.Err() == nil {
		if e.logged.fed.Load() {
			return nil // percolation follows the log's apply (applysearch.go)
		}
		if rest := time.Until(e.perc.restUntil); rest > 0 {
			t := time.NewTimer(rest)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil
			case <-t.C:
			}
		}
		start := time.Now()
		marks, err := e.store.Unpercolated(percolateBatch)
		if err != nil || len(marks) == 0 {
			return err
		}
		hooked, err := e.percolate(ctx, marks)
		if err != nil {
			return err
		}
		took := time.Since(start)
		e.perc.restUntil = time.Now().Add(min(percolateRest*took, maxPercolateRest))
		if hooked {
			e.hooks.poke()
		}
	}
	return nil
}

// percolate matches the marked articles against every saved search and
// records what matched; it reports whether a delivery was queued.
func (e *Engine) percolate(ctx context.Context, marks []store.Mark) (bool, error) {
	searches := e.saved.get()
	matches := map[string][]string{}
	if len(searches) > 0 {
		docs := make([]newsfind.Document, 0, len(marks))
		for _, m := range marks {
			d, ok, err := e.markedDoc(m.ID)
			if err != nil {
				return false, err
			}
			if ok {
				docs = append(docs, d)
			}
		}
		if len(docs) > 0 {
			var err error
			if matches, err = e.matchSaved(ctx, docs, searches); err != nil {
				return false, err
			}
		}
	}
	if len(searches) == 0 {
		for _, m := range marks {
			e.perc.take(m.ID) // kept before the last search was deleted
		}
	}
	hooked := map[string]bool{}
	for _, ss := range searches {
		if ss.Webhook != "" {
			hooked[ss.ID] = true
		}
	}
	if _, err := e.store.Percolated(marks, matches, hooked, e.opt.Now().UTC()); err != nil {
		return false, err
	}
	for _, ids := range matches {
		for _, id := range ids {
			if hooked[id] {
				return true, nil
			}
		}
	}
	return false, nil
}

// markedDoc returns the stored version of a marked article as indexed;
// ok is false when it is no longer stored (deleted).
func (e *Engine) markedDoc(id string) (newsfind.Document, bool, error) {
	rec, ok, err := e.store.Get(id)
	if err != nil || !ok {
		e.perc.take(id)
		return newsfind.Document{}, false, err
	}
	if d, ok := e.perc.take(id); ok && reflect.DeepEqual(d.Article, rec.Article) {
		return d, true, nil
	}
	// Written by a process that died before percolating it, or written
	// again since: prepare it from the store, as re-indexing does.
	d := derive.Prepare(e.tagger, rec.Article)
	d.StoryID = rec.Story
	return d, true, nil
}

// matchSaved runs every saved query over an in-memory index of docs
// alone: the cost is the saved queries times a handful of documents,
// whatever the size of the corpus.
func (e *Engine) matchSaved(ctx context.Context, docs []newsfind.Document, searches []newsfind.SavedSearch) (map[string][]string, error) {
	x, err := index.OpenMem()
	if err != nil {
		return nil, err
	}
	defer x.Close()
	if err := x.Write(docs, nil); err != nil {
		return nil, err
	}
	cat := catalog.NewCatalog()
	for i := range docs {
		en := catalog.EntryOf(&docs[i])
		en.StoryID = docs[i].StoryID
		cat.Put(en)
	}
	svc := e.search.Over(index.NewCurrent(x), cat)
	out := map[string][]string{}
	for _, ss := range searches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := svc.Match(ctx, ss.Query)
		if err != nil {
			// Checked when saved; a query a later version refuses must
			// not stop the others.
			e.log.Warn().Err(err).Str("search", ss.ID).Msg("a saved search's query no longer runs")
			continue
		}
		m.Each(func(mt search.Match) bool {
			out[mt.Entry.ID] = append(out[mt.Entry.ID], ss.ID)
			return true
		})
		m.Release()
	}
	return out, nil
}

// Percolating reports whether written articles wait to be matched
// against the saved searches.
func (e *Engine) Percolating() (bool, error) {
	marks, err := e.store.Unpercolated(1)
	return len(marks) > 0, err
}
