package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/newsfind/newsfind"
)

// Articles can be stored and not indexed: the index write failed after the
// store's (a full disk, most often). They stay marked pending in the store,
// readiness says so, and a background loop writes them once it can; a
// client that sends the same articles again gets them written at once.

// errNoIndex means no index is in use: a damaged one was set aside and its
// replacement is being built from the store, which then holds the write.
var errNoIndex = errors.New("no index in use: it is being rebuilt")

// noSpace reports whether err comes from a full disk. Bleve and bbolt do
// not always wrap with %w, so the message is checked too.
func noSpace(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) ||
		err != nil && strings.Contains(err.Error(), "no space left on device")
}

func storeError(err error) error {
	if noSpace(err) {
		return &newsfind.Error{Code: newsfind.ENOSPACE,
			Message: "the disk is full: the articles were not stored; send them again when space is freed"}
	}
	return fmt.Errorf("store: %w", err)
}

func indexError(err error) error {
	if noSpace(err) {
		return &newsfind.Error{Code: newsfind.ENOSPACE,
			Message: "the disk is full: the articles are stored but not yet searchable; they are indexed when space is freed (sending them again does it at once)"}
	}
	return fmt.Errorf("index (the articles are stored and will be indexed by a retry): %w", err)
}

// unindexed is the state of writes that reached the store but not the index.
type unindexed struct {
	mu      sync.Mutex
	last    error // nil: nothing waits
	running bool  // the retry loop runs
}

func (u *unindexed) failed(err error) {
	u.mu.Lock()
	u.last = err
	u.mu.Unlock()
}

func (u *unindexed) clear() {
	u.mu.Lock()
	u.last = nil
	u.mu.Unlock()
}

func (u *unindexed) get() error {
	u.mu.Lock()
	defer u.mu.Unlock()
	return u.last
}

// retryPending starts, unless it runs, the loop that indexes the pending
// articles with growing pauses until none is left or the engine closes.
func (e *Engine) retryPending() {
	e.unindexed.mu.Lock()
	defer e.unindexed.mu.Unlock()
	if e.unindexed.running {
		return
	}
	e.unindexed.running = true
	e.bg.Add(1)
	go func() {
		defer e.bg.Done()
		wait := 500 * time.Millisecond
		for {
			select {
			case <-e.stop.Done():
				e.unindexed.mu.Lock()
				e.unindexed.running = false
				e.unindexed.mu.Unlock()
				return
			case <-time.After(wait):
			}
			err := e.checkFull()
			if err == nil {
				e.writeMu.Lock()
				err = e.catchUp(e.stop, false)
				e.writeMu.Unlock()
				e.noteFull(err)
			}
			if errors.Is(err, errNoIndex) {
				err = nil // the rebuild takes them
			}
			e.unindexed.mu.Lock()
			if err == nil {
				e.unindexed.last, e.unindexed.running = nil, false
				e.unindexed.mu.Unlock()
				e.log.Info().Msg("the articles that waited are indexed")
				return
			}
			e.unindexed.last = err
			e.unindexed.mu.Unlock()
			wait = min(2*wait, 30*time.Second)
			e.log.Warn().Err(err).Dur("retry_in", wait).Msg("indexing the stored articles that wait failed again")
		}
	}()
}
