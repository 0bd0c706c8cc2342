package cluster

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
)

// Engine is what a node applies the log to: *engine.Engine.
type Engine interface {
	ApplyAt(ctx context.Context, seq uint64, arts []newsfind.Article, at []uint64) ([]string, error)
	ApplyDelete(ctx context.Context, seq uint64, ids []string) ([]string, error)
	AppliedSeq() (uint64, error)
	Searcher() newsfind.Searcher
	SearchEngine
}

// Node is one newsfind process of a cluster: it accepts writes into the
// log (Add, Delete: a newsfind.Writer and Deleter) and applies the log to
// its engine in the background.
type Node struct {
	cfg Config
	eng Engine
	log zerolog.Logger
	nc  *nats.Conn
	js  jetstream.JetStream

	stream  atomic.Pointer[streamRef] // nil until the stream is known
	applied atomic.Uint64             // the last entry applied to eng
	lastSeq atomic.Uint64             // the stream's last entry, as last seen
	lastErr atomic.Pointer[string]    // why the log is not being followed, if so

	mu       sync.Mutex
	progress chan struct{} // closed and replaced at each applied batch
	results  results

	stop context.CancelFunc
	wg   sync.WaitGroup
}

type streamRef struct{ s jetstream.Stream }

// Start connects to NATS (in the background when no server answers yet:
// the node serves reads meanwhile) and starts following the log.
func Start(cfg Config, eng Engine) (*Node, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	applied, err := eng.AppliedSeq()
	if err != nil {
		return nil, err
	}
	nc, err := nats.Connect(strings.Join(cfg.URLs, ","), cfg.natsOptions()...)
	if err != nil {
		return nil, fmt.Errorf("cluster: NATS: %w", err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(4096),
		jetstream.WithPublishAsyncTimeout(2*cfg.AckWait))
	if err != nil {
		nc.Close()
		return nil, err
	}
	n := &Node{cfg: cfg, eng: eng, log: cfg.Logger.With().Str("node", cfg.Node).Logger(), nc: nc, js: js,
		progress: make(chan struct{}), results: newResults()}
	n.applied.Store(applied)
	n.lastSeq.Store(applied)
	ctx, cancel := context.WithCancel(context.Background())
	n.stop = cancel
	n.wg.Go(func() { n.run(ctx) })
	n.wg.Go(func() { n.watch(ctx) })
	n.wg.Go(func() { n.runHooks(ctx) })
	eng.SendWebhooksThrough(n.sendHook)
	n.log.Info().Strs("nats", cfg.URLs).Str("stream", cfg.Stream).Uint64("applied", applied).Msg("following the article log")
	return n, nil
}

// Close stops following the log and closes the NATS connection; the
// engine is the caller's to close, after.
func (n *Node) Close() {
	n.stop()
	n.wg.Wait()
	n.nc.Close()
}

// Status is the GET /api/cluster answer.
type Status struct {
	Node       string `json:"node"`
	Stream     string `json:"stream"`
	Subject    string `json:"subject"`
	Connected  bool   `json:"connected"`
	NATS       string `json:"nats"`             // the connection's state
	Server     string `json:"server,omitempty"` // the server connected to
	LastSeq    uint64 `json:"last_seq"`         // the stream's last entry, as last seen
	AppliedSeq uint64 `json:"applied_seq"`      // the last entry this node applied
	Lag        uint64 `json:"lag"`              // entries logged and not yet applied here
	MaxLag     uint64 `json:"max_lag"`          // the lag past which /readyz is red
	Error      string `json:"error,omitempty"`  // why the log is not followed, if so
	StreamSeen bool   `json:"stream_seen"`      // the stream has been reached since start
	Cluster    string `json:"nats_cluster,omitempty"`
}

// Status reports where the node stands.
func (n *Node) Status() Status {
	last, applied := n.lastSeq.Load(), n.applied.Load()
	st := Status{Node: n.cfg.Node, Stream: n.cfg.Stream, Subject: n.cfg.Subject, Connected: n.nc.IsConnected(),
		NATS: strings.ToLower(n.nc.Status().String()), LastSeq: max(last, applied), AppliedSeq: applied,
		Lag: n.Lag(), MaxLag: n.cfg.MaxLag, StreamSeen: n.stream.Load() != nil}
	if st.Connected {
		st.Server = n.nc.ConnectedUrlRedacted()
		st.Cluster = n.nc.ConnectedClusterName()
	}
	if e := n.lastErr.Load(); e != nil {
		st.Error = *e
	}
	return st
}

// ClusterStatus is Status for the web server's GET /api/cluster.
func (n *Node) ClusterStatus() any { return n.Status() }

// Lag is how many entries the log has that the node has not applied.
func (n *Node) Lag() uint64 {
	last, applied := n.lastSeq.Load(), n.applied.Load()
	if last <= applied {
		return 0
	}
	return last - applied
}

// Ready is red while the node is further behind the log than MaxLag, so
// that a load balancer sends its searches to the others, and in a new
// node until it has reached the log. A node that has applied entries and
// cannot reach NATS serves what it has: its lag is what it last saw.
func (n *Node) Ready() error {
	if n.applied.Load() == 0 && n.stream.Load() == nil {
		// A new node has nothing to serve until it has seen the log.
		return errors.New("the article log has not been reached yet")
	}
	if lag := n.Lag(); lag > n.cfg.MaxLag {
		return fmt.Errorf("%d log entries behind (more than %d): catching up", lag, n.cfg.MaxLag)
	}
	return nil
}

// Applied returns the last entry the node applied.
func (n *Node) Applied() uint64 { return n.applied.Load() }

// WaitApplied waits until the node has applied entry seq, or ctx ends.
func (n *Node) WaitApplied(ctx context.Context, seq uint64) error {
	for {
		n.mu.Lock()
		ch := n.progress
		n.mu.Unlock()
		if n.applied.Load() >= seq {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return newsfind.Errorf(newsfind.EUNAVAILABLE, "this node has applied the log up to %d, not yet %d: ask again, or ask another node", n.applied.Load(), seq)
		}
	}
}

// advance records entries up to seq as applied and wakes their waiters.
func (n *Node) advance(seq, pending uint64) {
	n.applied.Store(seq)
	n.noteLast(seq + pending)
	n.mu.Lock()
	close(n.progress)
	n.progress = make(chan struct{})
	n.mu.Unlock()
}

func (n *Node) setErr(err error) {
	if err == nil {
		n.lastErr.Store(nil)
		return
	}
	s := err.Error()
	n.lastErr.Store(&s)
}

// watch reads the stream's last sequence every second, so that the lag
// shows entries this node has not been sent yet (a slow or cut-off node).
func (n *Node) watch(ctx context.Context) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ref := n.stream.Load()
		if ref == nil || !n.nc.IsConnected() {
			continue
		}
		ictx, cancel := context.WithTimeout(ctx, time.Second)
		info, err := ref.s.Info(ictx)
		cancel()
		if err != nil {
			continue
		}
		n.noteLast(info.State.LastSeq)
	}
}

// noteLast raises the stream's last sequence as known to seq.
func (n *Node) noteLast(seq uint64) {
	for {
		last := n.lastSeq.Load()
		if seq <= last || n.lastSeq.CompareAndSwap(last, seq) {
			return
		}
	}
}

// ensureStream finds the stream, or creates it with this node's
// replicas; nodes racing to create it with the same config both succeed.
func (n *Node) ensureStream(ctx context.Context) (jetstream.Stream, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	s, err := n.js.Stream(ctx, n.cfg.Stream)
	if errors.Is(err, jetstream.ErrStreamNotFound) {
		s, err = n.js.CreateStream(ctx, jetstream.StreamConfig{
			Name: n.cfg.Stream, Subjects: []string{n.cfg.Subject + ".>"},
			Storage: jetstream.FileStorage, Replicas: n.cfg.Replicas, Retention: jetstream.LimitsPolicy,
			Duplicates: dedupWindow, Description: "newsfind's article log: every accepted write, in order",
		})
		if err == nil {
			n.log.Info().Str("stream", n.cfg.Stream).Int("replicas", n.cfg.Replicas).Msg("created the article log")
		}
	}
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", n.cfg.Stream, err)
	}
	return s, nil
}
