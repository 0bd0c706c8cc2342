package engine

import (
	"context"
	"sync"
	"time"

	"github.com/newsfind/newsfind"
)

// Reindexer runs one rebuild at a time for an engine and keeps its status
// for the API.
type Reindexer struct {
	e    *Engine
	ctx  context.Context // bounds rebuilds begun by StartReindex
	mu   sync.Mutex
	st   newsfind.ReindexStatus
	done chan struct{} // closed when the running rebuild ends
}

var _ newsfind.Reindexer = (*Reindexer)(nil)

// NewReindexer returns a Reindexer for e. ctx bounds the rebuilds that
// StartReindex begins in the background: the server's lifetime, not a
// request's.
func NewReindexer(ctx context.Context, e *Engine) *Reindexer {
	d := make(chan struct{})
	close(d)
	return &Reindexer{e: e, ctx: ctx, done: d}
}

// ErrReindexRunning means a rebuild is already running.
var ErrReindexRunning = newsfind.Errorf(newsfind.EUNAVAILABLE, "a re-index is already running")

// StartReindex begins a rebuild in the background, bound to the context
// NewReindexer was given (the server's lifetime, not a request's). It
// reports false when one is running.
func (r *Reindexer) StartReindex() (newsfind.ReindexStatus, bool) {
	if !r.begin() {
		return r.ReindexStatus(), false
	}
	go r.run(r.ctx, nil)
	return r.ReindexStatus(), true
}

// Run rebuilds and waits for the end; progress, when set, is called as
// articles are written.
func (r *Reindexer) Run(ctx context.Context, progress func(done, total int)) error {
	if !r.begin() {
		return ErrReindexRunning
	}
	return r.run(ctx, progress)
}

// Wait waits for the running rebuild, if any, to end.
func (r *Reindexer) Wait() {
	r.mu.Lock()
	d := r.done
	r.mu.Unlock()
	<-d
}

// ReindexStatus returns the state of the running or last rebuild.
func (r *Reindexer) ReindexStatus() newsfind.ReindexStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.st
}

func (r *Reindexer) begin() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.st.Running {
		return false
	}
	r.st = newsfind.ReindexStatus{Running: true, Started: time.Now().UTC()}
	r.done = make(chan struct{})
	return true
}

func (r *Reindexer) run(ctx context.Context, progress func(done, total int)) error {
	err := r.e.Reindex(ctx, func(done, total int) {
		r.mu.Lock()
		r.st.Done, r.st.Total = done, total
		r.mu.Unlock()
		if progress != nil {
			progress(done, total)
		}
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	r.st.Running = false
	r.st.Finished = time.Now().UTC()
	if err != nil {
		r.st.Error = err.Error()
		r.e.log.Error().Err(err).Msg("re-index failed; the old index stays in use")
	}
	close(r.done)
	return err
}
