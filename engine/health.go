package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// asyncError keeps the last error Bleve's background persister reported:
// such errors reach nowhere else, and after one the index on disk may lag
// what searches see, so the server must say it is not ready.
type asyncError struct {
	last atomic.Pointer[error]
	n    atomic.Int64
}

func (a *asyncError) set(err error) {
	a.last.Store(&err)
	a.n.Add(1)
}

func (a *asyncError) get() error {
	if p := a.last.Load(); p != nil {
		return *p
	}
	return nil
}

// Ready reports why the engine cannot serve, or nil: the index must be
// open, the store writable, and no background index error seen.
func (e *Engine) Ready() error {
	if err := e.async.get(); err != nil {
		return fmt.Errorf("background index error: %w", err)
	}
	err := e.current.Use(func(x *index.Index) error {
		if x == nil {
			return errors.New("index is closed")
		}
		_, err := x.Count()
		return err
	})
	if err != nil {
		return err
	}
	// The store's folder must take a write: a full or read-only disk
	// shows here before an article is refused.
	f, err := os.CreateTemp(e.opt.Dir, ".ready-*")
	if err != nil {
		return fmt.Errorf("data directory is not writable: %w", err)
	}
	f.Close()
	return os.Remove(f.Name())
}

// Ingested counts the articles Add was given since the engine opened, by
// what became of them.
func (e *Engine) Ingested() IngestCounts { return e.ingested.load() }

// BackgroundErrors counts the errors of Bleve's background work since the
// engine opened.
func (e *Engine) BackgroundErrors() int64 { return e.async.n.Load() }

// IngestCounts count articles by what Add did with them: Refused ones were
// invalid; Failed ones were in a call that failed as a whole (a store or
// index error).
type IngestCounts struct {
	Created, Updated, Unchanged, Refused, Failed int64
}

// ingestCounters are IngestCounts, counted as Adds return.
type ingestCounters struct {
	created, updated, unchanged, refused, failed atomic.Int64
}

func (c *ingestCounters) count(n int, outs []newsfind.Outcome, err error) {
	if err != nil {
		c.failed.Add(int64(n))
		return
	}
	var t newsfind.Tally
	for _, o := range outs {
		t.Add(o)
	}
	c.created.Add(int64(t.Created))
	c.updated.Add(int64(t.Updated))
	c.unchanged.Add(int64(t.Unchanged))
	c.refused.Add(int64(t.Errors))
}

func (c *ingestCounters) load() IngestCounts {
	return IngestCounts{Created: c.created.Load(), Updated: c.updated.Load(), Unchanged: c.unchanged.Load(),
		Refused: c.refused.Load(), Failed: c.failed.Load()}
}

// Articles is how many articles are indexed.
func (e *Engine) Articles() int { return e.catalog.Len() }

// Passages is how many passage documents the index holds.
func (e *Engine) Passages() uint64 {
	var n uint64
	e.current.Use(func(x *index.Index) error {
		if x != nil {
			n, _ = x.Count()
		}
		return nil
	})
	return n
}

// IndexBytes is the size of the index on disk; it walks the index folder.
func (e *Engine) IndexBytes() int64 {
	var n int64
	e.current.Use(func(x *index.Index) error {
		if x != nil {
			n = dirSize(x.Dir())
		}
		return nil
	})
	return n
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
