package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsfind/newsfind"
)

var (
	_ newsfind.Writer        = (*Node)(nil)
	_ newsfind.Deleter       = (*Node)(nil)
	_ newsfind.LoggedDeleter = (*Node)(nil)
)

// Add accepts articles: it validates each with this node's clock, logs
// the valid ones (one entry each, whose message id is the article's id
// and a hash of its normalised form, so that a retry within the dedup
// window is not logged twice), and answers once JetStream has stored
// them all. It then waits, bounded, for this node to apply them, so the
// outcomes say created, updated or unchanged like a single process's (or
// accepted, past the bound) and a search here finds them.
//
// Without a quorum of NATS servers the error is EUNAVAILABLE (503) within
// about AckWait. Some articles may have been logged before the quorum was
// lost: the answer says to send them all again, which logs each once.
func (n *Node) Add(ctx context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	outs, seqs, err := n.accept(ctx, arts)
	if err != nil {
		return nil, err
	}
	var last uint64
	for _, s := range seqs {
		last = max(last, s)
	}
	wctx, cancel := context.WithTimeout(ctx, n.cfg.ApplyWait)
	defer cancel()
	_ = n.WaitApplied(wctx, last) // past the bound: accepted
	n.mu.Lock()
	defer n.mu.Unlock()
	for i, s := range seqs {
		if s == 0 {
			continue
		}
		outs[i].Seq = s
		if outs[i].Status != "" {
			continue // a duplicate: unchanged
		}
		outs[i].Status = newsfind.StatusAccepted
		if r, ok := n.results.get(s); ok && r.status != "" {
			outs[i].Status = r.status
		}
	}
	return outs, nil
}

// accept validates and logs articles. seqs has each logged article's
// entry number, 0 for the refused ones; an outcome whose status is set
// already is final (refused, or a copy of one logged before).
func (n *Node) accept(ctx context.Context, arts []newsfind.Article) (outs []newsfind.Outcome, seqs []uint64, err error) {
	now := n.cfg.Now()
	outs = make([]newsfind.Outcome, len(arts))
	seqs = make([]uint64, len(arts))
	type pending struct {
		i   int
		msg *nats.Msg
		id  string
		f   jetstream.PubAckFuture
	}
	var pubs []pending
	seen := map[string]int{}
	maxPayload := n.nc.MaxPayload()
	for i := range arts {
		a := arts[i]
		outs[i].Index = i
		if err := newsfind.Normalize(&a, now); err != nil {
			outs[i].ID, outs[i].Status, outs[i].Error = newsfind.Echo(a.ID), newsfind.StatusError, newsfind.ErrorMessage(err)
			continue
		}
		outs[i].ID = a.ID
		data, err := json.Marshal(&a)
		if err != nil {
			return nil, nil, err
		}
		if maxPayload > 0 && int64(len(data))+1024 > maxPayload {
			outs[i].Status = newsfind.StatusError
			outs[i].Error = fmt.Sprintf("the article takes %d bytes as a log entry; the NATS servers take at most %d (their max_payload)", len(data), maxPayload)
			continue
		}
		p := pending{i: i, msg: &nats.Msg{Subject: n.cfg.addSubject(), Data: data}, id: msgID(a.ID, data)}
		if j, dup := seen[a.ID]; dup {
			// The later copy wins, as if sent one after the other.
			outs[pubs[j].i].Status = newsfind.StatusUnchanged
			pubs[j] = p
			continue
		}
		seen[a.ID] = len(pubs)
		pubs = append(pubs, p)
	}
	if len(pubs) == 0 {
		return outs, seqs, nil
	}
	if !n.nc.IsConnected() {
		return nil, nil, n.unavailable(0, len(pubs), nil)
	}
	for k := range pubs {
		f, err := n.js.PublishMsgAsync(pubs[k].msg, jetstream.WithMsgID(pubs[k].id), jetstream.WithStallWait(n.cfg.AckWait))
		if err != nil {
			return nil, nil, n.unavailable(0, len(pubs), err)
		}
		pubs[k].f = f
	}
	// Acks come in order; each may take AckWait since the one before, so
	// a long request is not cut short while the log keeps taking it.
	timer := time.NewTimer(n.cfg.AckWait)
	defer timer.Stop()
	for k, p := range pubs {
		var ack *jetstream.PubAck
		select {
		case ack = <-p.f.Ok():
		case err := <-p.f.Err():
			return nil, nil, n.unavailable(k, len(pubs), err)
		case <-timer.C:
			return nil, nil, n.unavailable(k, len(pubs), nil)
		case <-ctx.Done():
			return nil, nil, n.unavailable(k, len(pubs), ctx.Err())
		}
		timer.Reset(n.cfg.AckWait)
		n.noteLast(ack.Sequence)
		seqs[p.i] = ack.Sequence
		if ack.Duplicate {
			seq, err := n.relog(ctx, p.msg, p.id, ack.Sequence)
			if err != nil {
				return nil, nil, n.unavailable(k, len(pubs), err)
			}
			seqs[p.i] = seq
			if seq == ack.Sequence {
				outs[p.i].Status = newsfind.StatusUnchanged
			}
		}
	}
	return outs, seqs, nil
}

// relog handles an article whose message id JetStream has seen within its
// dedup window, as entry seq: the same text sent again, unchanged. Unless
// it was deleted since: then it is logged again under an id that names
// the entry it copies, so that the re-send is not lost to the window.
func (n *Node) relog(ctx context.Context, msg *nats.Msg, id string, seq uint64) (uint64, error) {
	wctx, cancel := context.WithTimeout(ctx, n.cfg.ApplyWait)
	defer cancel()
	if n.WaitApplied(wctx, max(seq, n.lastSeq.Load())) != nil {
		return seq, nil // cannot tell here; the copy in the log stands
	}
	var a newsfind.Article
	if json.Unmarshal(msg.Data, &a) != nil {
		return seq, nil
	}
	if _, err := n.eng.Searcher().Document(ctx, a.ID); newsfind.ErrorCode(err) != newsfind.ENOTFOUND {
		return seq, nil
	}
	m := &nats.Msg{Subject: msg.Subject, Data: msg.Data}
	pctx, cancel2 := context.WithTimeout(ctx, n.cfg.AckWait)
	defer cancel2()
	ack, err := n.js.PublishMsg(pctx, m, jetstream.WithMsgID(fmt.Sprintf("%s.after%d", id, seq)))
	if err != nil {
		return 0, err
	}
	return ack.Sequence, nil
}

// unavailable is the error of a write the log did not take whole.
func (n *Node) unavailable(logged, total int, cause error) error {
	msg := "the article log (NATS JetStream) is unavailable: no quorum of its servers answered"
	if cause != nil {
		msg += " (" + cause.Error() + ")"
	}
	if logged > 0 {
		msg += fmt.Sprintf("; %d of the %d articles were logged before", logged, total)
	}
	return newsfind.Errorf(newsfind.EUNAVAILABLE, "%s; send the request again in a second: an article already logged is not logged twice", msg)
}

// msgID is an article's message id: its id and the hash of its normalised
// form, so that the same article sent twice is one entry and a new
// version is another.
func msgID(id string, data []byte) string {
	h := sha256.Sum256(data)
	return id + "." + hex.EncodeToString(h[:12])
}

// Delete logs the deletion of articles and waits, bounded, for this node
// to apply it; it returns the ids this node found (or every id asked,
// when the wait ran out).
func (n *Node) Delete(ctx context.Context, ids []string) ([]string, error) {
	found, _, err := n.DeleteLogged(ctx, ids)
	return found, err
}

// DeleteLogged is Delete that also returns the delete's log entry.
func (n *Node) DeleteLogged(ctx context.Context, ids []string) ([]string, uint64, error) {
	want, err := newsfind.DeleteIDs(ids)
	if err != nil {
		return nil, 0, err
	}
	if !n.nc.IsConnected() {
		return nil, 0, n.unavailable(0, 0, nil)
	}
	data, err := json.Marshal(deleteEntry{IDs: want})
	if err != nil {
		return nil, 0, err
	}
	pctx, cancel := context.WithTimeout(ctx, n.cfg.AckWait)
	defer cancel()
	// No message id: a delete sent twice deletes nothing more.
	ack, err := n.js.PublishMsg(pctx, &nats.Msg{Subject: n.cfg.deleteSubject(), Data: data})
	if err != nil {
		return nil, 0, n.unavailable(0, 0, err)
	}
	n.noteLast(ack.Sequence)
	wctx, cancel2 := context.WithTimeout(ctx, n.cfg.ApplyWait)
	defer cancel2()
	if n.WaitApplied(wctx, ack.Sequence) != nil {
		return want, ack.Sequence, nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if r, ok := n.results.get(ack.Sequence); ok {
		return r.found, ack.Sequence, nil
	}
	return want, ack.Sequence, nil
}

// seed logs the seed articles once for the cluster: when the stream is
// empty. Two nodes that both find it so log the same message ids, which
// JetStream takes once.
func (n *Node) seed(ctx context.Context, s jetstream.Stream) error {
	if n.cfg.Seeds == nil {
		return nil
	}
	info, err := s.Info(ctx)
	if err != nil {
		return err
	}
	if info.State.LastSeq > 0 {
		return nil
	}
	arts, err := n.cfg.Seeds()
	if err != nil {
		return err
	}
	outs, _, err := n.accept(ctx, arts)
	if err != nil {
		return err
	}
	for _, o := range outs {
		if o.Status == newsfind.StatusError {
			return fmt.Errorf("seed %d (%s): %s", o.Index, o.ID, o.Error)
		}
	}
	n.log.Info().Int("articles", len(arts)).Msg("logged the embedded seed articles for the cluster")
	return nil
}
