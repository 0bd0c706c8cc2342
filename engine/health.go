package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/newsfind/newsfind/index"
)

// asyncError keeps the last error Bleve's background persister reported:
// such errors reach nowhere else, and after one the index on disk may lag
// what searches see, so the server must say it is not ready.
type asyncError struct{ last atomic.Pointer[error] }

func (a *asyncError) set(err error) { a.last.Store(&err) }

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

// Stats are counts for metrics.
type Stats struct {
	Articles   int
	Passages   uint64
	IndexBytes int64
}

// Stats returns the current counts.
func (e *Engine) Stats() Stats {
	var s Stats
	s.Articles = e.catalog.Len()
	e.current.Use(func(x *index.Index) error {
		if x == nil {
			return nil
		}
		s.Passages, _ = x.Count()
		s.IndexBytes = dirSize(x.Dir())
		return nil
	})
	return s
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
