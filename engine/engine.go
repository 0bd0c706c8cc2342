// Package engine puts newsfind's parts together over one data directory:
// the article store (the source of truth), the index derived from it, the
// catalog, and the search service. Every way in (API, CLI, watcher, feeds)
// writes through Engine.Add, so every article takes the same path: validate,
// derive, store durably, then index; concurrent writes are committed in
// groups (add.go). The index must prove itself whole against the store at
// every start and swap, or it is set aside and rebuilt (heal.go); a full
// disk is a state writes are refused in (full.go); articles stored but not
// indexed are retried (pending.go). Ready says which of these holds.
package engine

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/store"
	"github.com/newsfind/newsfind/story"
	"github.com/newsfind/newsfind/tagger"
)

// Options configure an engine.
type Options struct {
	Dir         string        // data directory; created when missing
	LockTimeout time.Duration // how long to wait for another process's lock
	Logger      zerolog.Logger
	// Seeds, when set, gives the articles to index into a new data
	// directory: one with no article store yet. A store emptied by its
	// user (every article deleted) is not seeded again at the next start.
	Seeds func() ([]newsfind.Article, error)
	// OnAsyncError receives background index errors (for readiness).
	OnAsyncError func(error)
	// HealInBackground makes Open return at once with a damaged index set
	// aside, for the caller to rebuild with Reindexer.Heal while it
	// serves (readiness says why and how far); otherwise Open rebuilds it
	// before it returns.
	HealInBackground bool
	// Synonyms names a file of synonym groups searched on top of the
	// built-in ones (search/data/synonyms.txt); "" for none.
	Synonyms string
	// Now is the clock an accepted article's date window is measured
	// against; nil is the wall clock. It is the engine's only reading of
	// the clock that decides what is stored.
	Now func() time.Time
	// Cursors bound the answers search pins for cursors (how long, how
	// much); zero fields take search's defaults.
	Cursors search.CursorOptions
	// Alerts configure saved searches and their webhooks.
	Alerts AlertOptions
}

// Engine is an open data directory.
type Engine struct {
	opt      Options
	log      zerolog.Logger
	newStore bool // Open created the article store: the seeds may go in
	store    *store.Store
	tagger   *tagger.Tagger
	catalog  *catalog.Catalog
	current  *index.Current
	search   *search.Service
	stories  *story.Index // every stored article's sketch and story

	async    asyncError
	damage   damage
	ingested ingestCounters
	commits  *commitFeed
	saved    savedSet    // the saved searches, for percolation
	perc     *percolator // matches writes against them
	hooks    *deliverer  // posts their webhooks
	logged   logFeed     // the cluster log feeding the engine, if any
	writes   writeGauge  // the writes under way, which percolation yields to

	// writeMu orders writes, so that the store and the index see them in
	// the same order and a rebuild can take a consistent cut.
	writeMu sync.Mutex
	closed  bool // under writeMu

	queueMu sync.Mutex
	queue   []*commitReq  // Adds waiting to be committed, in order
	leader  chan struct{} // held by the Add committing a group

	// rebuilding is the progress of the rebuild under way, if any: a
	// delete takes its articles out of it.
	rebuilding atomic.Pointer[rebuildCount]

	unindexed unindexed
	full      diskFull
	// stop ends background work (the pending retry loop) at Close; bg
	// counts it.
	stop     context.Context
	stopWork context.CancelFunc
	bg       sync.WaitGroup
}

// ErrLocked means another process has the data directory open.
var ErrLocked = errors.New("data directory is in use by another newsfind process")

// Open opens (or creates) the data directory, brings the index up to date
// with the store, and indexes the seeds into a store it creates.
func Open(ctx context.Context, opt Options) (*Engine, error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 2 * time.Second
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	storePath := filepath.Join(opt.Dir, "articles.db")
	_, statErr := os.Stat(storePath)
	newStore := errors.Is(statErr, fs.ErrNotExist)
	st, err := store.Open(storePath, opt.LockTimeout)
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, fmt.Errorf("%w: %s (is `newsfind serve` running? then send it requests, e.g. `newsfind search` or `newsfind ingest --server`)", ErrLocked, opt.Dir)
		}
		return nil, err
	}
	e := &Engine{opt: opt, log: opt.Logger, store: st, catalog: catalog.NewCatalog(), newStore: newStore, stories: story.NewIndex()}
	e.stop, e.stopWork = context.WithCancel(context.Background())
	e.commits = newCommitFeed()
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		e.commits.run(e.stop)
	}()
	e.leader = make(chan struct{}, 1)
	user := opt.OnAsyncError
	e.opt.OnAsyncError = func(err error) {
		pause := e.async.set(err)
		e.noteFull(err)
		if pause == minAsyncPause || pause == maxAsyncPause && e.async.n.Load()%10 == 0 {
			e.log.Error().Err(err).Int64("errors", e.async.n.Load()).Msg("background index error (Bleve retries; readiness is red meanwhile)")
		}
		if user != nil {
			user(err)
		}
		time.Sleep(pause) // Bleve's goroutine: this is its back-off
	}
	if err := e.open(ctx); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.startAlerts(); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) open(ctx context.Context) error {
	var err error
	if e.tagger, err = tagger.New(); err != nil {
		return err
	}
	var unsketched []string
	err = e.store.ForEachMeta(func(m store.Meta) error {
		e.catalog.Put(entryOfMeta(m))
		if !e.loadStory(m) {
			unsketched = append(unsketched, m.ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := e.backfillStories(unsketched); err != nil {
		return err
	}
	name, err := readPointer(e.opt.Dir)
	if err != nil {
		return err
	}
	fresh := name == ""
	if fresh {
		name = newIndexName()
	}
	// The store's lock is ours, so no other process builds an index here:
	// any other index-* folder was left by a process that died.
	e.removeOrphanIndexes(name)
	e.current = index.NewCurrent(nil)
	if e.search, err = search.New(e.current, e.catalog, e.tagger, e.article, search.WithSynonyms(e.opt.Synonyms),
		search.WithStories(e.storyMembers), search.WithCursors(e.opt.Cursors)); err != nil {
		return err
	}
	damaged, err := e.openIndex(ctx, name, fresh)
	if err != nil {
		return err
	}
	// Each new segment's variant lists are made here, not by the first
	// quoted search that reads it (search/segwarm.go).
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		e.search.Warm(e.stop)
	}()
	if damaged != nil {
		e.damage.set(damaged)
		e.log.Error().Err(damaged).Int("articles", e.catalog.Len()).
			Msg("the index is damaged or incomplete; rebuilding it from the store (searches answer 503 until then)")
	}
	if err := e.store.ReleasePages(); err != nil {
		e.log.Warn().Err(err).Msg("could not release the store's pages read at start")
	}
	if e.newStore && e.catalog.Len() == 0 && e.opt.Seeds != nil {
		arts, err := e.opt.Seeds()
		if err != nil {
			return err
		}
		outs, err := e.Add(ctx, arts)
		if err != nil {
			return err
		}
		for _, o := range outs {
			if o.Status == newsfind.StatusError {
				return fmt.Errorf("seed %d (%s): %s", o.Index, o.ID, o.Error)
			}
		}
		e.log.Info().Int("articles", len(arts)).Msg("indexed the embedded seed articles")
	}
	if damaged != nil && !e.opt.HealInBackground {
		if err := e.Reindex(ctx, nil); err != nil {
			return fmt.Errorf("%w; rebuilding it from the store failed: %w", damaged, err)
		}
	}
	return nil
}

// catchUp indexes what the store has and the index may lack: the articles
// stored but not confirmed indexed when the process stopped, or everything
// when the index is new.
func (e *Engine) catchUp(ctx context.Context, all bool) error {
	var ids []string
	stale := map[string]int{} // a new index holds nothing stale
	if all {
		es := e.catalog.View().Entries
		for i := range es {
			if !es[i].Deleted {
				ids = append(ids, es[i].ID)
			}
		}
	} else {
		var err error
		if stale, err = e.store.PendingStale(); err != nil {
			return err
		}
		for id := range stale {
			ids = append(ids, id)
		}
		sort.Strings(ids)
	}
	if len(ids) == 0 {
		return nil
	}
	e.log.Info().Int("articles", len(ids)).Msg("indexing stored articles missing from the index")
	const batch = 500
	for i := 0; i < len(ids); i += batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		chunk := ids[i:min(i+batch, len(ids))]
		docs := make([]newsfind.Document, 0, len(chunk))
		var storyIDs []string
		gone := map[string]int{} // pending, and no longer stored: deleted
		for _, id := range chunk {
			r, ok, err := e.store.Get(id)
			if err != nil {
				return err
			}
			if !ok {
				gone[id] = stale[id]
				continue
			}
			docs = append(docs, derive.Prepare(e.tagger, r.Article))
			storyIDs = append(storyIDs, r.Story)
		}
		err := e.current.Use(func(x *index.Index) error {
			if x == nil {
				return errNoIndex
			}
			if len(gone) > 0 {
				if err := x.Delete(gone); err != nil {
					return err
				}
			}
			return x.Write(docs, stale)
		})
		if err != nil {
			return err
		}
		for i := range docs {
			en := catalog.EntryOf(&docs[i])
			en.StoryID = storyIDs[i]
			e.catalog.Put(en)
		}
		if err := e.store.MarkIndexed(chunk); err != nil {
			return err
		}
	}
	return nil
}

// Searcher returns the search service.
func (e *Engine) Searcher() newsfind.Searcher { return e.search }

// Tagger returns the tagger.
func (e *Engine) Tagger() *tagger.Tagger { return e.tagger }

// Dir returns the data directory.
func (e *Engine) Dir() string { return e.opt.Dir }

// Close closes the index and the store.
func (e *Engine) Close() error {
	e.stopWork()
	e.bg.Wait()
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	e.closed = true
	var x *index.Index
	if e.current != nil {
		x = e.current.Swap(nil)
	}
	var errs []error
	if x != nil {
		errs = append(errs, x.Close())
	}
	errs = append(errs, e.store.Close())
	return errors.Join(errs...)
}

// article reads a stored article, for search to split into passages.
func (e *Engine) article(id string) (newsfind.Article, bool, error) {
	rec, ok, err := e.store.Get(id)
	return rec.Article, ok, err
}

func entryOf(r store.Record) catalog.Entry { return entryOfMeta(store.MetaOf(&r)) }

func entryOfMeta(m store.Meta) catalog.Entry {
	return catalog.Entry{Summary: m.Summary, Passages: m.Passages}
}

func newIndexName() string {
	return "index-" + strings.ReplaceAll(time.Now().UTC().Format("20060102T150405.000000000"), ".", "")
}
