package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// asyncError keeps the last error Bleve's background work (persister,
// merger) reported: such errors reach nowhere else, and while they happen
// the index on disk lags what searches see, so the server must say it is
// not ready. Bleve retries at once, in a loop (a full disk made 11,776
// errors a second); the callback runs on that loop's goroutine, so set
// pauses it, growing while the errors go on.
type asyncError struct {
	mu    sync.Mutex
	last  error
	at    time.Time // of the last error
	pause time.Duration
	n     atomic.Int64
}

// Bleve's retries come at least every maxAsyncPause while it fails, so an
// error older than asyncQuiet means its work succeeds again.
const (
	minAsyncPause = 50 * time.Millisecond
	maxAsyncPause = 2 * time.Second
	asyncQuiet    = 3 * maxAsyncPause
)

// set records err and returns how long Bleve's loop should pause: from
// minAsyncPause, doubling while the errors go on, up to maxAsyncPause.
func (a *asyncError) set(err error) (pause time.Duration) {
	a.n.Add(1)
	a.mu.Lock()
	defer a.mu.Unlock()
	now := time.Now()
	if a.last == nil || now.Sub(a.at) > asyncQuiet {
		a.pause = minAsyncPause
	} else {
		a.pause = min(2*a.pause, maxAsyncPause)
	}
	a.last, a.at = err, now
	return a.pause
}

// get returns the last error while errors go on, nil once they stopped.
func (a *asyncError) get() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.last != nil && time.Since(a.at) <= asyncQuiet {
		return a.last
	}
	return nil
}

// Ready reports why the engine cannot serve, or nil: the index must be
// whole and open, every accepted article indexed, Bleve's background work
// succeeding and the data directory writable.
func (e *Engine) Ready() error {
	if err := e.damage.get(); err != nil {
		done, total := e.damage.done.Load(), e.damage.total.Load()
		return fmt.Errorf("the index is being rebuilt from the store (%d of %d articles done) because %w", done, total, err)
	}
	if since := e.fullSince(); !since.IsZero() {
		return fmt.Errorf("the disk is full since %s: writes are refused until space is freed", since.UTC().Format(time.RFC3339))
	}
	if err := e.unindexed.get(); err != nil {
		return fmt.Errorf("accepted articles wait to be indexed (retrying): %w", err)
	}
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
	// The data directory must take a write: a full or read-only disk
	// shows here before an article is refused.
	f, err := os.CreateTemp(e.opt.Dir, ".ready-*")
	if err != nil {
		return fmt.Errorf("data directory is not writable: %w", err)
	}
	_, werr := f.Write(make([]byte, 4096))
	f.Close()
	os.Remove(f.Name())
	if werr != nil {
		return fmt.Errorf("data directory is not writable: %w", werr)
	}
	return nil
}

// Ingested counts the articles Add was given since the engine opened, by
// what became of them.
func (e *Engine) Ingested() IngestCounts { return e.ingested.load() }

// BackgroundErrors counts the errors of Bleve's background work since the
// engine opened.
func (e *Engine) BackgroundErrors() int64 { return e.async.n.Load() }

// IngestCounts count articles by what Add did with them: Refused ones were
// invalid; Failed ones were in a call that failed as a whole (a store or
// index error). A write withdrawn unstored because writes were backed up
// is in none: nothing was done with it.
type IngestCounts struct {
	Created, Updated, Unchanged, Refused, Failed int64
}

// ingestCounters are IngestCounts, counted as Adds return.
type ingestCounters struct {
	created, updated, unchanged, refused, failed atomic.Int64
}

func (c *ingestCounters) count(n int, outs []newsfind.Outcome, err error) {
	if errors.Is(err, errBackedUp) {
		// Withdrawn before its turn: nothing was tried, nothing stored.
		// The 503 it answers is counted with the HTTP requests; counting
		// its articles as failed made one refused request of 332,231
		// articles look like as many store errors.
		return
	}
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
			n = DirBytes(x.Dir())
		}
		return nil
	})
	return n
}

// DirBytes sums the sizes of the regular files under dir.
func DirBytes(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			n += info.Size()
		}
		return nil
	})
	return n
}
