package engine

import (
	"context"
	"time"

	"github.com/newsfind/newsfind/store"
)

// handoff is a pass's record offered to the next write's transaction:
// under a stream of writes, a pass's own fsynced transaction is one more
// that a write would queue behind.
type handoff struct {
	rec  store.Percolation
	err  error
	done chan struct{}
}

// handOffWait bounds the wait for a write to carry a pass's record; then
// the pass records it itself.
const handOffWait = time.Second

// handOff offers rec to the next write's transaction and waits until it
// is recorded there (taken), or until wait or ctx end with no write
// having taken it (then it is withdrawn, and not taken).
func (p *percolator) handOff(ctx context.Context, rec store.Percolation, wait time.Duration) (taken bool, err error) {
	h := &handoff{rec: rec, done: make(chan struct{})}
	p.mu.Lock()
	p.offered = h
	p.mu.Unlock()
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-h.done:
		return true, h.err
	case <-t.C:
	case <-ctx.Done():
	}
	p.mu.Lock()
	withdrawn := p.offered == h
	if withdrawn {
		p.offered = nil
	}
	p.mu.Unlock()
	if withdrawn {
		return false, nil
	}
	<-h.done // a write's transaction has it under way
	return true, h.err
}

// claim takes the record offered, if any, for a write's transaction to
// carry; the write reports how that went with finish.
func (p *percolator) claim() *handoff {
	if p == nil { // alerts not started yet: writes while opening
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	h := p.offered
	p.offered = nil
	return h
}

func (h *handoff) record() *store.Percolation {
	if h == nil {
		return nil
	}
	return &h.rec
}

func (h *handoff) finish(err error) {
	if h != nil {
		h.err = err
		close(h.done)
	}
}
