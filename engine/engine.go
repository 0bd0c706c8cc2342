// Package engine puts newsfind's parts together over one data directory:
// the article store (the source of truth), the index derived from it, the
// catalog, and the search service. Every way in (API, CLI, watcher, feeds)
// writes through Engine.Add, so every article takes the same path: validate,
// derive, store durably, then index.
package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/store"
)

// Options configure an engine.
type Options struct {
	Dir         string        // data directory; created when missing
	LockTimeout time.Duration // how long to wait for another process's lock
	Logger      zerolog.Logger
	// Seeds, when set, gives the articles to index into an empty store.
	Seeds func() ([]newsfind.Article, error)
	// OnAsyncError receives background index errors (for readiness).
	OnAsyncError func(error)
}

// Engine is an open data directory.
type Engine struct {
	opt     Options
	log     zerolog.Logger
	store   *store.Store
	tagger  *index.Tagger
	catalog *index.Catalog
	current *index.Current
	search  *search.Service

	async    asyncError
	ingested ingestCounters

	// writeMu orders writes, so that the store and the index see them in
	// the same order and a rebuild can take a consistent cut.
	writeMu sync.Mutex
}

// ErrLocked means another process has the data directory open.
var ErrLocked = errors.New("data directory is in use by another newsfind process")

// Open opens (or creates) the data directory, brings the index up to date
// with the store, and indexes the seeds when the store is empty.
func Open(ctx context.Context, opt Options) (*Engine, error) {
	if opt.LockTimeout == 0 {
		opt.LockTimeout = 2 * time.Second
	}
	if err := os.MkdirAll(opt.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	st, err := store.Open(filepath.Join(opt.Dir, "articles.db"), opt.LockTimeout)
	if err != nil {
		if errors.Is(err, store.ErrLocked) {
			return nil, fmt.Errorf("%w: %s (is `newsfind serve` running? then send it requests, e.g. `newsfind search` or `newsfind ingest --server`)", ErrLocked, opt.Dir)
		}
		return nil, err
	}
	e := &Engine{opt: opt, log: opt.Logger, store: st, catalog: index.NewCatalog()}
	user := opt.OnAsyncError
	e.opt.OnAsyncError = func(err error) {
		e.async.set(err)
		e.log.Error().Err(err).Msg("background index error")
		if user != nil {
			user(err)
		}
	}
	if err := e.open(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return e, nil
}

func (e *Engine) open(ctx context.Context) error {
	var err error
	if e.tagger, err = index.NewTagger(); err != nil {
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
	x, err := index.Open(filepath.Join(e.opt.Dir, name), index.Options{LockTimeout: e.opt.LockTimeout, OnAsyncError: e.opt.OnAsyncError})
	if err != nil {
		return err
	}
	if fresh {
		if err := writePointer(e.opt.Dir, name); err != nil {
			x.Close()
			return err
		}
	}
	e.current = index.NewCurrent(x)
	if e.search, err = search.New(e.current, e.catalog, e.tagger, e.article); err != nil {
		return err
	}
	err = e.store.ForEachMeta(func(m store.Meta) error {
		e.catalog.Put(entryOfMeta(m))
		return nil
	})
	if err != nil {
		return err
	}
	if err := e.catchUp(ctx, fresh); err != nil {
		return err
	}
	if err := e.store.ReleasePages(); err != nil {
		e.log.Warn().Err(err).Msg("could not release the store's pages read at start")
	}
	if e.catalog.Len() == 0 && e.opt.Seeds != nil {
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
	return nil
}

// catchUp indexes what the store has and the index may lack: the articles
// stored but not confirmed indexed when the process stopped, or everything
// when the index is new.
func (e *Engine) catchUp(ctx context.Context, all bool) error {
	var ids []string
	stale := map[string]int{} // a new index holds nothing stale
	if all {
		e.catalog.View(func(_ map[string]int32, es []index.Entry) {
			for i := range es {
				ids = append(ids, es[i].ID)
			}
		})
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
		for _, id := range chunk {
			r, ok, err := e.store.Get(id)
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
			docs = append(docs, index.Prepare(e.tagger, r.Article))
		}
		if err := e.current.Use(func(x *index.Index) error { return x.Write(docs, stale) }); err != nil {
			return err
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
func (e *Engine) Tagger() *index.Tagger { return e.tagger }

// Dir returns the data directory.
func (e *Engine) Dir() string { return e.opt.Dir }

// Close closes the index and the store.
func (e *Engine) Close() error {
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	x := e.current.Swap(nil)
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

func entryOf(r store.Record) index.Entry { return entryOfMeta(store.MetaOf(&r)) }

func entryOfMeta(m store.Meta) index.Entry {
	return index.Entry{
		ID: m.ID, Title: m.Title, URL: m.URL, Source: m.Source, Byline: m.Byline,
		Published: m.Published, DateNote: m.DateNote,
		Countries: m.Countries, Commodities: m.Commodities, Passages: m.Passages,
	}
}

func newIndexName() string {
	return "index-" + strings.ReplaceAll(time.Now().UTC().Format("20060102T150405.000000000"), ".", "")
}
