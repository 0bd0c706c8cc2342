package engine

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/store"
	"github.com/newsfind/newsfind/story"
)

// Bulk tuning of Add (docs/benchmarks.md): large calls are indexed in Bleve
// batches of about batchPassages passages, several at a time, so that both
// cores build segments; splitting and tagging run in parallel too.
const (
	batchPassages   = 2000 // passages per Bleve batch: bigger batches eat memory
	parallelPrepare = 16   // articles from which Prepare runs on all cores
)

// Add validates, stores and indexes articles. Invalid articles get an
// error outcome and do not stop the valid ones. When Add returns, every
// article with a created or updated outcome is on disk in the store (and
// searchable, unless the index is being rebuilt: then the rebuild takes
// it). If indexing fails, the articles stay marked pending: a background
// loop, the next start, or the same write sent again indexes them. The
// error is for failures of the whole write; a full disk is ENOSPACE.
//
// Concurrent calls are committed together (commit), so many small writes
// share one store transaction and one index batch.
func (e *Engine) Add(ctx context.Context, arts []newsfind.Article) (outs []newsfind.Outcome, err error) {
	defer func() { e.ingested.count(len(arts), outs, err) }()
	e.writes.begin()
	defer e.writes.end()
	outs = make([]newsfind.Outcome, len(arts))
	var src []newsfind.Article // the article of each document, after dedupe
	var pos []int
	seen := map[string]int{}
	for i := range arts {
		a := arts[i]
		outs[i].Index = i
		// Validation is the domain's: Normalize holds the bounds, the
		// URL and id rules that every way in meets, so the engine checks
		// nothing of its own beside it.
		if err := newsfind.Normalize(&a, e.opt.Now()); err != nil {
			outs[i].ID, outs[i].Status, outs[i].Error = newsfind.Echo(a.ID), newsfind.StatusError, newsfind.ErrorMessage(err)
			continue
		}
		outs[i].ID = a.ID
		if j, dup := seen[a.ID]; dup {
			// The later copy wins, as if sent one after the other.
			outs[pos[j]].Status = newsfind.StatusUnchanged
			src[j] = a
			pos[j] = i
			continue
		}
		seen[a.ID] = len(src)
		src = append(src, a)
		pos = append(pos, i)
	}
	if len(src) == 0 {
		return outs, nil
	}
	docs, sketches := e.prepare(src)
	if ctx.Err() != nil {
		return nil, errBackedUp
	}
	recs := recordsOf(docs)
	changes, err := e.commit(ctx, docs, recs, sketches)
	if err != nil {
		return nil, err
	}
	for i, c := range changes {
		if c == store.Pending {
			c = store.Unchanged // stored before; now indexed too
		}
		outs[pos[i]].Status = string(c)
	}
	return outs, nil
}

// recordsOf returns the store records of prepared documents.
func recordsOf(docs []newsfind.Document) []store.Record {
	recs := make([]store.Record, len(docs))
	for i := range docs {
		recs[i] = store.Record{Article: docs[i].Article, Countries: docs[i].Countries,
			Commodities: docs[i].Commodities, About: docs[i].About, Passages: len(docs[i].Passages)}
	}
	return recs
}

// commitReq is one Add's documents waiting to be committed.
type commitReq struct {
	docs     []newsfind.Document
	recs     []store.Record
	sketches []story.Sketch
	seq      uint64 // the log entry they come from (apply.go); 0: none
	changes  []store.Change
	err      error
	done     chan struct{}
}

// Group commit bounds: a group is cut at this many requests or passages.
const (
	maxGroupRequests = 64
	maxGroupPassages = 20000
)

// commit stores and indexes one Add's documents together with those of
// the Adds queued meanwhile: whoever becomes the leader commits the queue
// in order, so n concurrent writers cost about one fsync, not n. A write
// still in the queue when ctx ends, or when it has waited there for
// newsfind.QueueWait(ctx), is withdrawn, unstored, with errBackedUp: a
// caller with a deadline gets an answer by then, not after every group
// before its own.
func (e *Engine) commit(ctx context.Context, docs []newsfind.Document, recs []store.Record, sketches []story.Sketch) ([]store.Change, error) {
	req := &commitReq{docs: docs, recs: recs, sketches: sketches, done: make(chan struct{})}
	e.queueMu.Lock()
	e.queue = append(e.queue, req)
	e.queueMu.Unlock()
	var expired <-chan time.Time
	if d, ok := newsfind.QueueWait(ctx); ok {
		t := time.NewTimer(d)
		defer t.Stop()
		expired = t.C
	}
	for {
		select {
		case <-req.done:
			return req.changes, req.err
		case e.leader <- struct{}{}:
			e.writeMu.Lock()
			if group := e.takeGroup(); len(group) > 0 {
				e.commitGroup(group)
			}
			e.writeMu.Unlock()
			<-e.leader
		case <-ctx.Done():
			return e.withdrawOrWait(req)
		case <-expired:
			return e.withdrawOrWait(req)
		}
	}
}

// errBackedUp answers a write whose deadline passed before its turn.
var errBackedUp = newsfind.LimitErrorf(newsfind.EUNAVAILABLE, "max_write_wait",
	"writes are backed up: nothing was stored; send the articles again in a second")

// withdrawOrWait withdraws req, or waits for it when a leader has it: it
// is being written, and its answer must say so.
func (e *Engine) withdrawOrWait(req *commitReq) ([]store.Change, error) {
	if e.withdraw(req) {
		return nil, errBackedUp
	}
	<-req.done
	return req.changes, req.err
}

// withdraw takes req out of the queue, unless a leader took it already.
func (e *Engine) withdraw(req *commitReq) bool {
	e.queueMu.Lock()
	defer e.queueMu.Unlock()
	for i, r := range e.queue {
		if r == req {
			e.queue = append(e.queue[:i:i], e.queue[i+1:]...)
			return true
		}
	}
	return false
}

// takeGroup takes the longest head of the queue within the group bounds
// in which no article appears twice (each version must be written in
// order, and one Bleve batch keeps only one operation per passage id).
func (e *Engine) takeGroup() []*commitReq {
	e.queueMu.Lock()
	defer e.queueMu.Unlock()
	ids := map[string]bool{}
	n, passages := 0, 0
queue:
	for _, r := range e.queue {
		if n == maxGroupRequests || (n > 0 && passages+len(r.docs) > maxGroupPassages) {
			break
		}
		for i := range r.docs {
			if ids[r.docs[i].ID] {
				break queue
			}
		}
		for i := range r.docs {
			ids[r.docs[i].ID] = true
			passages += len(r.docs[i].Passages)
		}
		n++
	}
	if n == 0 && len(e.queue) > 0 {
		n = 1
	}
	group := e.queue[:n:n]
	e.queue = e.queue[n:]
	return group
}

// commitGroup writes a group under the write lock and answers each request.
func (e *Engine) commitGroup(group []*commitReq) {
	answer := func(err error) {
		for _, r := range group {
			r.err = err
			close(r.done)
		}
	}
	if e.closed {
		answer(newsfind.Errorf(newsfind.EUNAVAILABLE, "the engine is closed"))
		return
	}
	if err := e.checkFull(); err != nil {
		answer(err)
		return
	}
	var docs []newsfind.Document
	var recs []store.Record
	var sketches []story.Sketch
	var seq uint64
	for _, r := range group {
		docs = append(docs, r.docs...)
		recs = append(recs, r.recs...)
		sketches = append(sketches, r.sketches...)
		seq = max(seq, r.seq)
	}
	// Stories are decided in write order, before the store write, so that
	// each record is stored with its story in the same transaction.
	undo := e.assignStories(recs, sketches)
	changes, prev, err := e.store.PutAt(recs, seq)
	if err != nil {
		undo()
		e.noteFull(err)
		answer(storeError(err))
		return
	}
	at := 0
	for _, r := range group {
		r.changes = changes[at : at+len(r.recs)]
		at += len(r.recs)
	}
	var changed []newsfind.Document
	var ids, storyIDs []string
	stale := map[string]int{}
	for i, c := range changes {
		if c == store.Unchanged {
			continue
		}
		changed = append(changed, docs[i])
		ids = append(ids, docs[i].ID)
		storyIDs = append(storyIDs, recs[i].Story)
		stale[docs[i].ID] = prev[i]
	}
	if len(changed) == 0 {
		answer(nil)
		return
	}
	e.search.Forget(ids) // the store has the new text now
	written, err := e.write(changed, stale)
	// Followers hear of every stored change, indexed yet or not: the
	// store is the truth, and an article pending indexing is stored.
	commit := newsfind.Commit{Changed: make([]newsfind.Summary, 0, len(changed)), Documents: changed}
	for i := range changed {
		en := catalog.EntryOf(&changed[i])
		en.StoryID = storyIDs[i]
		if written[i] || errors.Is(err, errNoIndex) {
			e.catalog.Put(en)
		}
		commit.Changed = append(commit.Changed, en.Summary)
	}
	e.commits.publish(commit)
	switch {
	case errors.Is(err, errNoIndex):
		// Stored and pending: the rebuild under way writes them.
		answer(nil)
	case err != nil:
		e.noteFull(err)
		e.unindexed.failed(err)
		e.retryPending()
		answer(indexError(err))
	default:
		// The transaction also carries the record of a percolation pass
		// that ran beside this write, if one waits (percolate.go).
		h := e.perc.claim()
		err := e.store.MarkIndexedAnd(ids, h.record())
		h.finish(err) // on an error the pass records it itself
		if err != nil && h != nil {
			err = e.store.MarkIndexed(ids)
		}
		if err != nil {
			e.log.Warn().Err(err).Msg("could not clear pending marks; the articles will be indexed again at start")
		}
		answer(nil)
	}
}

// prepare splits, tags and sketches articles, on all cores when there
// are many.
func (e *Engine) prepare(src []newsfind.Article) ([]newsfind.Document, []story.Sketch) {
	docs := make([]newsfind.Document, len(src))
	sketches := make([]story.Sketch, len(src))
	workers := min(runtime.GOMAXPROCS(0), len(src)/parallelPrepare+1)
	if workers <= 1 {
		for i := range src {
			docs[i] = derive.Prepare(e.tagger, src[i])
			sketches[i] = sketchOf(&src[i])
		}
		return docs, sketches
	}
	var wg sync.WaitGroup
	var next sync.Mutex
	i := 0
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				next.Lock()
				lo := i
				i += 8
				next.Unlock()
				if lo >= len(src) {
					return
				}
				for j := lo; j < min(lo+8, len(src)); j++ {
					docs[j] = derive.Prepare(e.tagger, src[j])
					sketches[j] = sketchOf(&src[j])
				}
			}
		}()
	}
	wg.Wait()
	return docs, sketches
}

// write indexes documents in Bleve batches of about batchPassages passages,
// as many at a time as there are cores (Bleve builds each batch's segment
// in the calling goroutine, so one writer leaves the other cores idle). It
// reports which documents were written.
func (e *Engine) write(docs []newsfind.Document, stale map[string]int) ([]bool, error) {
	written := make([]bool, len(docs))
	type chunk struct{ lo, hi int }
	var chunks []chunk
	lo, n := 0, 0
	for i := range docs {
		n += len(docs[i].Passages)
		if n >= batchPassages {
			chunks = append(chunks, chunk{lo, i + 1})
			lo, n = i+1, 0
		}
	}
	if lo < len(docs) {
		chunks = append(chunks, chunk{lo, len(docs)})
	}
	err := e.current.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		if len(chunks) == 1 {
			if err := x.Write(docs, stale); err != nil {
				return err
			}
			for i := range written {
				written[i] = true
			}
			return nil
		}
		workers := min(runtime.GOMAXPROCS(0), len(chunks))
		work := make(chan chunk)
		errs := make(chan error, workers)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := range work {
					if err := x.Write(docs[c.lo:c.hi], stale); err != nil {
						errs <- err
						return
					}
					for i := c.lo; i < c.hi; i++ {
						written[i] = true
					}
				}
			}()
		}
		var err error
	feed:
		for _, c := range chunks {
			select {
			case work <- c:
			case err = <-errs:
				break feed
			}
		}
		close(work)
		wg.Wait()
		close(errs)
		if err == nil {
			err = <-errs // nil once closed and empty
		}
		return err
	})
	return written, err
}
