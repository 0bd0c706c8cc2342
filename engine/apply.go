package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
)

// Apply and ApplyDelete are the engine's side of a replicated article log
// (cluster/): a node accepts a write by validating it once (Normalize,
// with its clock) and appending it to the log; every node, itself
// included, then applies the log's entries in order through these. They
// do not validate again and read no clock, so every node derives the same
// passages, tags and stories from the same entries. Each records the
// entry's sequence number in the store transaction that writes its
// articles (store/applied.go), so a restart resumes at the next entry.

// Apply stores and indexes articles already normalised, from the log
// entries up to seq, and returns each one's status (created, updated or
// unchanged). The ids must be distinct: the caller cuts its runs where an
// id comes again, as the story of the later version depends on the
// earlier one being stored.
func (e *Engine) Apply(ctx context.Context, seq uint64, arts []newsfind.Article) ([]string, error) {
	return e.ApplyAt(ctx, seq, arts, nil)
}

// ApplyAt is Apply given each article's own log entry (at, nil: seq for
// every one), which numbers its saved-search hits (applysearch.go).
func (e *Engine) ApplyAt(ctx context.Context, seq uint64, arts []newsfind.Article, at []uint64) ([]string, error) {
	if seq == 0 {
		return nil, errors.New("engine: Apply needs a log sequence number")
	}
	if at != nil && len(at) != len(arts) {
		return nil, errors.New("engine: Apply given a log entry for some articles only")
	}
	e.logged.fed.Store(true)
	if len(arts) == 0 {
		return nil, e.store.SetApplied(seq)
	}
	seen := make(map[string]bool, len(arts))
	for i := range arts {
		if seen[arts[i].ID] {
			return nil, fmt.Errorf("engine: Apply given article %q twice", arts[i].ID)
		}
		seen[arts[i].ID] = true
	}
	e.writes.begin()
	defer e.writes.end()
	docs, sketches := e.prepare(arts)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	recs := recordsOf(docs)
	for i := range recs {
		recs[i].LogSeq = seq
		if at != nil {
			recs[i].LogSeq = at[i]
		}
	}
	req := &commitReq{docs: docs, recs: recs, sketches: sketches, seq: seq, done: make(chan struct{})}
	e.writeMu.Lock()
	e.commitGroup([]*commitReq{req})
	e.writeMu.Unlock()
	if req.err != nil && req.changes == nil {
		return nil, req.err
	}
	// An index error after the store write leaves the articles pending,
	// retried in the background: the entry is applied all the same.
	st := make([]string, len(req.changes))
	outs := make([]newsfind.Outcome, len(req.changes))
	for i, c := range req.changes {
		if c == store.Pending {
			c = store.Unchanged
		}
		st[i], outs[i].Status = string(c), string(c)
	}
	// newsfind_ingested_articles_total counts on each node what it
	// applied: what the log brought it, from whichever node accepted it.
	e.ingested.count(len(arts), outs, nil)
	e.percolateAfterApply(ctx)
	return st, nil
}

// ApplyDelete deletes the articles of the log entry seq and returns the
// ids it found.
func (e *Engine) ApplyDelete(ctx context.Context, seq uint64, ids []string) ([]string, error) {
	if seq == 0 {
		return nil, errors.New("engine: ApplyDelete needs a log sequence number")
	}
	e.logged.fed.Store(true)
	valid := ids[:0:0]
	for _, id := range ids {
		if newsfind.ValidID(id) {
			valid = append(valid, id)
		}
	}
	if len(valid) == 0 || len(valid) > newsfind.MaxDeleteIDs {
		// The accepting node refuses such deletes; one that got into the
		// log anyway changes nothing, on every node alike.
		return nil, e.store.SetApplied(seq)
	}
	found, err := e.Delete(context.WithValue(ctx, logSeqKey{}, seq), valid)
	if err != nil {
		return nil, err
	}
	// A deleted article's hits go before the next entry is applied.
	e.percolateAfterApply(ctx)
	return found, nil
}

// AppliedSeq returns the sequence number of the last log entry applied.
func (e *Engine) AppliedSeq() (uint64, error) { return e.store.Applied() }

// logSeqKey carries a log entry's sequence number from ApplyDelete through
// Delete to the store's transaction, so that Delete keeps one body.
type logSeqKey struct{}

func logSeqOf(ctx context.Context) uint64 {
	seq, _ := ctx.Value(logSeqKey{}).(uint64)
	return seq
}
