package engine

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind/index"
)

// The index is derived data: whatever is wrong with it, the store can make
// it again. These are the states in which it must be made again, and how
// the engine gets out of them without ever answering from a short index.

// damage says why the index in use cannot be trusted, and how far the
// rebuild that replaces it has come.
type damage struct {
	mu     sync.Mutex
	reason error // nil: the index is whole
	done   atomic.Int64
	total  atomic.Int64
}

func (d *damage) set(err error) {
	d.mu.Lock()
	d.reason = err
	d.mu.Unlock()
	d.done.Store(0)
	d.total.Store(0)
}

func (d *damage) get() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.reason
}

// Damaged reports why the index had to be set aside and is being rebuilt
// from the store, or nil when it is whole.
func (e *Engine) Damaged() error { return e.damage.get() }

// openIndex opens the index the pointer names and proves it whole: after
// the pending articles are written, it must hold exactly the passages the
// catalog says the stored articles have. An index that cannot be opened
// or does not add up is closed and left for a rebuild; the reason is
// returned, and the engine runs without an index until then (searches
// answer 503, writes are stored and picked up by the rebuild).
func (e *Engine) openIndex(ctx context.Context, name string, fresh bool) (damaged error, err error) {
	dir := filepath.Join(e.opt.Dir, name)
	x, err := index.Open(dir, index.Options{LockTimeout: e.opt.LockTimeout, OnAsyncError: e.opt.OnAsyncError})
	if errors.Is(err, index.ErrLocked) {
		return nil, err
	}
	if err != nil {
		return fmt.Errorf("the index %s cannot be opened: %w", name, err), nil
	}
	if fresh {
		if err := writePointer(e.opt.Dir, name); err != nil {
			x.Close()
			return nil, err
		}
	}
	e.current.Swap(x)
	if err := e.catchUp(ctx, fresh); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		e.setAside()
		return fmt.Errorf("the index %s does not take the pending articles: %w", name, err), nil
	}
	have, err := x.Count()
	if err != nil {
		e.setAside()
		return fmt.Errorf("the index %s cannot count its passages: %w", name, err), nil
	}
	if want := e.catalog.Passages(); have != want {
		e.setAside()
		return fmt.Errorf("the index %s holds %d passages where the store has %d", name, have, want), nil
	}
	return nil, nil
}

// setAside closes the index in use and runs on none until a rebuild.
func (e *Engine) setAside() {
	if x := e.current.Swap(nil); x != nil {
		if err := x.Close(); err != nil {
			e.log.Warn().Err(err).Str("dir", x.Dir()).Msg("closing the damaged index")
		}
	}
}

// removeOrphanIndexes removes the index-* folders that are not keep: the
// ones left by a rebuild or a first start that died before its swap, and
// a damaged index once its replacement is being built.
func (e *Engine) removeOrphanIndexes(keep ...string) {
	dirs, _ := filepath.Glob(filepath.Join(e.opt.Dir, "index-*"))
outer:
	for _, d := range dirs {
		for _, k := range keep {
			if filepath.Base(d) == k {
				continue outer
			}
		}
		e.log.Info().Str("dir", d).Msg("removing an index folder not in use")
		if err := os.RemoveAll(d); err != nil {
			e.log.Warn().Err(err).Str("dir", d).Msg("could not remove an index folder")
		}
	}
}

// Heal rebuilds a damaged index from the store, trying again with growing
// pauses (a full disk, say) until it succeeds or ctx ends. It returns at
// once when the index is whole.
func (r *Reindexer) Heal(ctx context.Context) error {
	wait := time.Second
	for r.e.Damaged() != nil {
		err := r.Run(ctx, nil)
		if err == nil || errors.Is(err, ErrReindexRunning) && r.e.Damaged() == nil {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.e.log.Error().Err(err).Dur("retry_in", wait).Msg("rebuilding the damaged index failed")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, time.Minute)
	}
	return nil
}
