package engine

import (
	"os"
	"sync"
	"time"

	"github.com/newsfind/newsfind"
)

// A full disk is a state, not an error per write: once a write or Bleve's
// background work meets it, writes are refused at once (507) without
// touching the store or the index, until a probe shows room again. Writing
// into Bleve while its persister fails is also what crashed it once in
// testing (a nil map in zapx's cache, reached from Batch).
type diskFull struct {
	mu        sync.Mutex
	since     time.Time // zero: not full
	lastProbe time.Time
}

// probeBytes is how much room a write must find before writes resume:
// about one group commit's worth of store and index.
const (
	probeBytes = 4 << 20
	probeEvery = time.Second
)

// noteFull enters the full state when err says the disk is full.
func (e *Engine) noteFull(err error) {
	if !noSpace(err) {
		return
	}
	e.full.mu.Lock()
	defer e.full.mu.Unlock()
	if e.full.since.IsZero() {
		e.full.since = time.Now()
		e.full.lastProbe = time.Now()
		e.log.Error().Err(err).Msg("the disk is full: writes are refused (507) until space is freed")
	}
}

// checkFull returns an ENOSPACE error while the disk is full. It probes
// for room at most once per probeEvery and leaves the state when the probe
// succeeds and Bleve's background work has stopped failing.
func (e *Engine) checkFull() error {
	e.full.mu.Lock()
	defer e.full.mu.Unlock()
	if e.full.since.IsZero() {
		return nil
	}
	if time.Since(e.full.lastProbe) >= probeEvery {
		e.full.lastProbe = time.Now()
		if e.probeRoom() == nil && !noSpace(e.async.get()) {
			e.log.Info().Dur("full_for", time.Since(e.full.since)).Msg("the disk has room again: writes resume")
			e.full.since = time.Time{}
			return nil
		}
	}
	return &newsfind.Error{Code: newsfind.ENOSPACE,
		Message: "the disk is full: nothing was stored; send the articles again when space is freed"}
}

// fullSince says since when the disk is full, or zero.
func (e *Engine) fullSince() time.Time {
	e.full.mu.Lock()
	defer e.full.mu.Unlock()
	return e.full.since
}

// probeRoom writes probeBytes to the data directory and syncs them.
func (e *Engine) probeRoom() error {
	f, err := os.CreateTemp(e.opt.Dir, ".room-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	if _, err := f.Write(make([]byte, probeBytes)); err != nil {
		return err
	}
	return f.Sync()
}
