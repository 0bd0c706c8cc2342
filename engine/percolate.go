package engine

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/store"
)

// percolateBatch is how many written articles one percolation pass
// matches at once: one small in-memory index of them, each saved query
// run over it.
const percolateBatch = 500

// percolateBusyBatch is percolateBatch while writes run: a short pass,
// so that its share of a core is bounded by the rest that follows it
// from the first pass of a bulk load on, not only from the second.
const percolateBusyBatch = 100

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
	// plans keeps each saved query's plan from one pass to the next;
	// only the percolating goroutine uses it.
	plans *search.Percolator
	mu    sync.Mutex
	docs  map[string]newsfind.Document // the latest committed version of each article, by id
	// since is when the oldest commit not yet taken by a pass arrived
	// (zero: none); a pass waits for a pause in the writes at most
	// percolateLag from then.
	since time.Time
	// offered is a pass's record waiting for a write's transaction to
	// carry it (handOff); nil: none.
	offered *handoff
	// own and carried count the passes recorded in a transaction of
	// their own and in a write's: tests read them.
	own, carried atomic.Int64
	// restUntil is when the next pass may start while writes run; only
	// the percolating goroutine reads and writes it.
	restUntil time.Time
}

// maxHeldDocs bounds the committed documents the percolator keeps: a bulk
// load outruns it, and an article beyond the bound is prepared again from
// the store when its turn comes (markedDoc), rather than held in memory
// with every other article of the load.
const maxHeldDocs = 2 * percolateBatch

func newPercolator(wanted func() bool, plans *search.Percolator) *percolator {
	return &percolator{wake: make(chan struct{}, 1), wanted: wanted, plans: plans, docs: map[string]newsfind.Document{}}
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
	if p.since.IsZero() {
		p.since = time.Now()
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

// held returns the ids of at most n of the documents held, sorted: the
// store records their matches in this order, and bbolt inserts keys in
// order by appending, out of order by moving every key after.
func (p *percolator) held(n int) []string {
	p.mu.Lock()
	ids := make([]string, 0, min(n, len(p.docs)))
	for id := range p.docs {
		if len(ids) == n {
			break
		}
		ids = append(ids, id)
	}
	p.mu.Unlock()
	slices.Sort(ids)
	return ids
}

// waited returns when the oldest commit not yet taken arrived, and
// forgets it: the pass about to start takes every mark there is.
func (p *percolator) waited() time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.since
	p.since = time.Time{}
	return t
}

// startAlerts starts percolation and webhook delivery; both stop at Close.
func (e *Engine) startAlerts() error {
	if err := e.loadSearches(""); err != nil {
		return err
	}
	e.perc = newPercolator(func() bool { return len(e.saved.get()) > 0 }, e.search.Percolator())
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

// percolateMarked matches every marked article, a batch at a time.
func (e *Engine) percolateMarked(ctx context.Context) error {
	for ctx.Err() == nil {
		if e.logged.fed.Load() {
			return nil // percolation follows the log's apply (applysearch.go)
		}
		if !e.percolateTurn(ctx) {
			return nil
		}
		start := time.Now()
		n := percolateBatch
		if e.writes.quiet(start) < percolateIdle {
			n = percolateBusyBatch
		}
		marks, err := e.nextMarks(n)
		if err != nil || len(marks) == 0 {
			return err
		}
		hooked, err := e.percolate(ctx, marks)
		if err != nil {
			return err
		}
		e.perc.restUntil = time.Now().Add(min(percolateRest*time.Since(start), maxPercolateRest))
		if hooked {
			e.hooks.poke()
		}
	}
	return nil
}

// nextMarks returns the marks of the next pass, at most n: first those
// of the articles whose documents are held, then any in the store's
// order.
func (e *Engine) nextMarks(n int) ([]store.Mark, error) {
	if ids := e.perc.held(n); len(ids) > 0 {
		marks, err := e.store.MarksOf(ids)
		if err != nil {
			return nil, err
		}
		// A held document without a mark was matched already, by a pass
		// that read it from the store, or written while no saved search
		// was (and so never marked).
		marked := make(map[string]bool, len(marks))
		for _, m := range marks {
			marked[m.ID] = true
		}
		for _, id := range ids {
			if !marked[id] {
				e.perc.take(id)
			}
		}
		if len(marks) > 0 {
			return marks, nil
		}
	}
	return e.store.Unpercolated(n)
}

// percolate matches the marked articles against every saved search and
// records what matched; it reports whether a delivery was queued.
func (e *Engine) percolate(ctx context.Context, marks []store.Mark) (bool, error) {
	searches, keys := e.saved.keyed()
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
			if matches, err = e.matchSaved(ctx, docs, searches, keys); err != nil {
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
	rec := store.Percolation{Marks: marks, Matches: matches, Hooked: hooked, Now: e.opt.Now().UTC()}
	taken, err := false, error(nil)
	if e.writes.quiet(time.Now()) == 0 {
		taken, err = e.perc.handOff(ctx, rec, handOffWait)
	}
	if !taken || err != nil {
		if err := ctx.Err(); err != nil {
			return false, err // the marks stay: the next start matches them
		}
		if _, err := e.store.Percolated(rec); err != nil {
			return false, err
		}
		e.perc.own.Add(1)
	} else {
		e.perc.carried.Add(1)
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
// whatever the size of the corpus. Each query's plan is the one made for
// an earlier pass, while its key (keys[i]) and the languages allow.
func (e *Engine) matchSaved(ctx context.Context, docs []newsfind.Document, searches []newsfind.SavedSearch, keys []string) (map[string][]string, error) {
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
	batch := e.perc.plans.Batch(index.NewCurrent(x), cat)
	out := map[string][]string{}
	for i, ss := range searches {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		m, err := batch.Match(ctx, keys[i], ss.Query)
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
	batch.Done()
	return out, nil
}

// Percolating reports whether written articles wait to be matched
// against the saved searches.
func (e *Engine) Percolating() (bool, error) {
	marks, err := e.store.Unpercolated(1)
	return len(marks) > 0, err
}
