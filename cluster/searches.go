package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

var _ newsfind.SavedSearches = (*Node)(nil)

// SearchEngine is the engine's side of saved searches in a cluster: the
// accepting node checks a write (AcceptSearch), every node applies it
// from the log (ApplySearch), reads are local, and webhook deliveries go
// through the cluster's work queue (hooks.go).
type SearchEngine interface {
	AcceptSearch(w newsfind.SearchWrite) (newsfind.SearchWrite, error)
	ApplySearch(ctx context.Context, seq uint64, w newsfind.SearchWrite) (ss newsfind.SavedSearch, refused, err error)
	SavedSearch(id string) (newsfind.SavedSearch, error)
	ListSearches() ([]newsfind.SavedSearch, error)
	SearchHits(id string, since uint64, limit int) ([]newsfind.SearchHit, error)
	LatestHits(id string, limit int) ([]newsfind.SearchHit, error)
	SendWebhooksThrough(s engine.WebhookSender)
	PostWebhook(ctx context.Context, p engine.WebhookPost) error
	WebhookBackoff(attempt int) (time.Duration, bool)
}

// searchEntry is the body of a saved search's change in the log.
type searchEntry struct {
	Op     newsfind.SearchOp    `json:"op"`
	Search newsfind.SavedSearch `json:"search"`
}

// WriteSearch logs a change to the saved searches, checked here, and
// waits, bounded, for this node to apply it: a new search's id is given
// in the log's order, the same on every node. The answer carries the
// entry's number (Seq) for min_seq=.
func (n *Node) WriteSearch(ctx context.Context, w newsfind.SearchWrite) (newsfind.SavedSearch, error) {
	w, err := n.eng.AcceptSearch(w)
	if err != nil {
		return w.Search, err
	}
	data, err := json.Marshal(searchEntry{Op: w.Op, Search: w.Search})
	if err != nil {
		return w.Search, err
	}
	if !n.nc.IsConnected() {
		return w.Search, n.unavailable(0, 0, nil)
	}
	var opts []jetstream.PublishOpt
	if w.Op != newsfind.SearchDelete {
		// A new search's body holds its fresh secret, an update its
		// time: the same body again is a retry of the same request.
		h := sha256.Sum256(data)
		opts = append(opts, jetstream.WithMsgID("search."+hex.EncodeToString(h[:16])))
	}
	pctx, cancel := context.WithTimeout(ctx, n.cfg.AckWait)
	defer cancel()
	ack, err := n.js.PublishMsg(pctx, &nats.Msg{Subject: n.cfg.searchSubject(), Data: data}, opts...)
	if err != nil {
		return w.Search, n.unavailable(0, 0, err)
	}
	n.noteLast(ack.Sequence)
	wctx, cancel2 := context.WithTimeout(ctx, n.cfg.ApplyWait)
	defer cancel2()
	if err := n.WaitApplied(wctx, ack.Sequence); err != nil {
		return w.Search, err
	}
	n.mu.Lock()
	r, ok := n.results.get(ack.Sequence)
	n.mu.Unlock()
	if !ok {
		return w.Search, newsfind.Errorf(newsfind.EUNAVAILABLE, "the saved search was logged as entry %d; its outcome is no longer kept here: list the saved searches", ack.Sequence)
	}
	if r.refused != nil {
		return w.Search, r.refused
	}
	return r.search, nil
}

// SavedSearch reads one saved search from this node's store: reads are
// local, as searches are.
func (n *Node) SavedSearch(id string) (newsfind.SavedSearch, error) { return n.eng.SavedSearch(id) }

// ListSearches lists this node's saved searches.
func (n *Node) ListSearches() ([]newsfind.SavedSearch, error) { return n.eng.ListSearches() }

// SearchHits reads a search's hits after since from this node's store;
// they are numbered alike on every node.
func (n *Node) SearchHits(id string, since uint64, limit int) ([]newsfind.SearchHit, error) {
	return n.eng.SearchHits(id, since, limit)
}

// LatestHits reads a search's newest hits from this node's store.
func (n *Node) LatestHits(id string, limit int) ([]newsfind.SearchHit, error) {
	return n.eng.LatestHits(id, limit)
}
