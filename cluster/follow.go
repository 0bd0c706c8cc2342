package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsfind/newsfind"
)

// Bounds of one applied batch: the entries waiting when the node gets to
// them, as one store transaction and one index batch (group commit, as
// the single process does for concurrent writers).
const (
	maxBatchEntries = 500
	maxBatchBytes   = 16 << 20
)

// run follows the log until ctx ends, starting again after each failure
// (no NATS, no stream quorum, a store error) from the last entry applied.
func (n *Node) run(ctx context.Context) {
	const firstPause = 250 * time.Millisecond
	pause := firstPause
	for ctx.Err() == nil {
		applied := n.applied.Load()
		err := n.follow(ctx)
		if ctx.Err() != nil {
			return
		}
		if n.applied.Load() > applied {
			pause = firstPause // it was following: a new failure
		}
		n.setErr(err)
		n.log.Warn().Err(err).Dur("retry_in", pause).Msg("not following the article log")
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

// follow applies the log from the entry after the last applied one, with
// an ordered consumer of this node's own: its cursor is the store's, so
// the servers keep no state per node, and a slow node slows nobody.
func (n *Node) follow(ctx context.Context) error {
	s, err := n.ensureStream(ctx)
	if err != nil {
		return err
	}
	if info := s.CachedInfo(); info != nil {
		n.noteLast(info.State.LastSeq)
	}
	n.stream.Store(&streamRef{s})
	if err := n.seed(ctx, s); err != nil {
		return err
	}
	from := n.applied.Load() + 1
	if info := s.CachedInfo(); info != nil && info.State.FirstSeq > from && info.State.Msgs > 0 {
		// The log no longer holds what this node needs: replaying would
		// leave a gap. A copy of a peer's data directory is the way on.
		return fmt.Errorf("the log starts at entry %d and this node has applied up to %d: it needs a copy of a peer's data directory", info.State.FirstSeq, from-1)
	}
	octx, ocancel := context.WithTimeout(ctx, 3*time.Second)
	cons, err := s.OrderedConsumer(octx, jetstream.OrderedConsumerConfig{
		DeliverPolicy: jetstream.DeliverByStartSequencePolicy, OptStartSeq: from,
	})
	ocancel()
	if err != nil {
		return fmt.Errorf("consumer: %w", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	msgs := make(chan jetstream.Msg, maxBatchEntries)
	cc, err := cons.Consume(func(m jetstream.Msg) {
		select {
		case msgs <- m:
		case <-cctx.Done():
		}
	}, jetstream.PullMaxMessagesWithBytesLimit(maxBatchEntries, maxBatchBytes),
		// The defaults (30 s pulls, 15 s heartbeats) let a consumer whose
		// server died sit for up to half a minute before it starts again
		// elsewhere; writers wait on their node's apply meanwhile.
		jetstream.PullExpiry(5*time.Second), jetstream.PullHeartbeat(time.Second))
	if err != nil {
		cancel()
		return fmt.Errorf("consume: %w", err)
	}
	defer cc.Stop()
	defer cancel()
	n.setErr(nil)
	tick := time.NewTicker(stallCheck)
	defer tick.Stop()
	lastMsg := time.Now()
	for {
		var batch []jetstream.Msg
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
			if lag := n.Lag(); lag > 0 && time.Since(lastMsg) > stallAfter {
				return fmt.Errorf("%w: %d entries behind and none received for %s", errStalled, lag, stallAfter)
			}
			continue
		case m := <-msgs:
			batch = append(batch, m)
			lastMsg = time.Now()
		}
	more:
		for size := len(batch[0].Data()); len(batch) < maxBatchEntries && size < maxBatchBytes; {
			select {
			case m := <-msgs:
				batch = append(batch, m)
				size += len(m.Data())
			default:
				break more
			}
		}
		if err := n.applyBatch(ctx, batch); err != nil {
			return err
		}
	}
}

// entry is one log message, decoded.
type entry struct {
	seq     uint64
	pending uint64 // entries after it when it was sent
	del     bool
	art     newsfind.Article
	ids     []string
	search  *newsfind.SearchWrite // a saved search's change
	skip    bool                  // nothing to apply: unreadable, or a subject of no op
}

// deleteEntry is the body of a delete.
type deleteEntry struct {
	IDs []string `json:"ids"`
}

func (n *Node) decode(m jetstream.Msg) (entry, error) {
	md, err := m.Metadata()
	if err != nil {
		return entry{}, err
	}
	e := entry{seq: md.Sequence.Stream, pending: md.NumPending}
	switch m.Subject() {
	case n.cfg.addSubject():
		e.skip = json.Unmarshal(m.Data(), &e.art) != nil || !newsfind.ValidID(e.art.ID)
	case n.cfg.deleteSubject():
		var d deleteEntry
		e.skip = json.Unmarshal(m.Data(), &d) != nil
		e.del, e.ids = true, d.IDs
	case n.cfg.searchSubject():
		var s searchEntry
		e.skip = json.Unmarshal(m.Data(), &s) != nil
		e.search = &newsfind.SearchWrite{Op: s.Op, Search: s.Search}
	default:
		e.skip = true
	}
	if e.skip {
		// Every node skips it alike: the entry is applied as changing
		// nothing.
		n.log.Warn().Uint64("seq", e.seq).Str("subject", m.Subject()).Msg("skipping a log entry this version cannot read")
	}
	return e, nil
}

// A consumer whose server died is started again by nats.go, which may
// wait up to 10 s per attempt while JetStream elects new leaders: the node
// starts its own again sooner when it knows it is behind (from the stream
// or its own writes' acknowledgements) and receives nothing.
const (
	stallCheck = 500 * time.Millisecond
	stallAfter = 3 * time.Second
)

var errStalled = errors.New("the article log's consumer stalled; following it again")

// errGap means the consumer sent an entry after one missing.
var errGap = errors.New("the log skipped an entry; following it again from the last applied")

// applyBatch applies consecutive entries: runs of adds of distinct
// articles as one engine.ApplyAt each, deletes and saved-search changes
// one at a time (a search's change must come between the runs before
// and after it: they are matched against the searches as they stood).
func (n *Node) applyBatch(ctx context.Context, batch []jetstream.Msg) error {
	next := n.applied.Load() + 1
	var run []entry
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		last := run[len(run)-1]
		var arts []newsfind.Article
		var at []int
		var seqs []uint64
		for i := range run {
			if !run[i].skip {
				arts = append(arts, run[i].art)
				at = append(at, i)
				seqs = append(seqs, run[i].seq)
			}
		}
		st, err := n.eng.ApplyAt(ctx, last.seq, arts, seqs)
		if err != nil {
			return fmt.Errorf("applying entries %d-%d: %w", run[0].seq, last.seq, err)
		}
		n.mu.Lock()
		for k, i := range at {
			n.results.put(run[i].seq, result{status: st[k]})
		}
		n.mu.Unlock()
		n.advance(last.seq, last.pending)
		run = run[:0]
		return nil
	}
	ids := map[string]bool{}
	for _, m := range batch {
		e, err := n.decode(m)
		if err != nil {
			return err
		}
		if e.seq < next {
			continue // sent again after a reset: applied already
		}
		if e.seq > next {
			if err := flush(); err != nil {
				return err
			}
			return fmt.Errorf("%w (expected %d, got %d)", errGap, next, e.seq)
		}
		next++
		if e.search != nil && !e.skip {
			if err := flush(); err != nil {
				return err
			}
			clear(ids)
			ss, refused, err := n.eng.ApplySearch(ctx, e.seq, *e.search)
			if err != nil {
				return fmt.Errorf("applying saved search entry %d: %w", e.seq, err)
			}
			n.mu.Lock()
			n.results.put(e.seq, result{search: ss, refused: refused})
			n.mu.Unlock()
			n.advance(e.seq, e.pending)
			continue
		}
		if e.del && !e.skip {
			if err := flush(); err != nil {
				return err
			}
			clear(ids)
			found, err := n.eng.ApplyDelete(ctx, e.seq, e.ids)
			if err != nil {
				return fmt.Errorf("applying delete %d: %w", e.seq, err)
			}
			n.mu.Lock()
			n.results.put(e.seq, result{found: found})
			n.mu.Unlock()
			n.advance(e.seq, e.pending)
			continue
		}
		if !e.skip && ids[e.art.ID] {
			// A later version of an article in the run: its story
			// depends on the earlier one being stored first.
			if err := flush(); err != nil {
				return err
			}
			clear(ids)
		}
		if !e.skip {
			ids[e.art.ID] = true
		}
		run = append(run, e)
	}
	return flush()
}
