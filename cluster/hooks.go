package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/newsfind/newsfind/engine"
)

// Webhooks are posted once per cluster, not once per node. Every node
// percolates what it applies, so every node finds each delivery; each
// logs it to a work-queue stream of its own (Config.hooksStream) under
// the message id "<search>-<hit>", which is the same on every node (a
// hit is numbered by its article's log entry), so JetStream keeps one
// copy. The nodes share one durable pull consumer of that stream:
// JetStream hands each delivery to one of them, which posts it and acks
// it (the work queue then drops it); a failed post is handed out again
// after the engine's backoff, to whichever node pulls next, and a node
// that dies mid-post leaves it to be redelivered after hooksAckWait. So a
// receiver gets a delivery once, or (after such a crash) again under the
// same X-Newsfind-Delivery, which it may drop.
const (
	// hooksDedup is how long the queue remembers a delivery's id: the
	// nodes applying the log in step each log it within seconds.
	hooksDedup = time.Hour
	// hooksFresh: a node logs no delivery for an article entry older than
	// this. It is replaying the log (a new node, or one back after long),
	// the queue no longer remembers the delivery, and the nodes that
	// were following then have logged it.
	hooksFresh       = 50 * time.Minute
	hooksConsumer    = "webhooks"
	hooksAckWait     = 30 * time.Second // beyond a post's timeout
	hooksMaxInFlight = 64
)

// sendHook is the engine's webhook sender in a cluster: it logs the
// delivery to the shared work queue instead of posting it.
func (n *Node) sendHook(ctx context.Context, p engine.WebhookPost) error {
	ref := n.stream.Load()
	if ref == nil || !n.nc.IsConnected() {
		return errors.New("the article log is not reached: the webhook delivery waits")
	}
	ctx, cancel := context.WithTimeout(ctx, n.cfg.AckWait)
	defer cancel()
	msg, err := ref.s.GetMsg(ctx, p.Hit)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil // no longer in the log: long past
	}
	if err != nil {
		return fmt.Errorf("reading log entry %d: %w", p.Hit, err)
	}
	if age := time.Since(msg.Time); age > hooksFresh {
		n.log.Debug().Str("delivery", p.Delivery).Dur("age", age).Msg("webhook delivery of a replayed entry not logged: sent when it was new")
		return nil
	}
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = n.js.PublishMsg(ctx, &nats.Msg{Subject: n.cfg.hooksSubject(), Data: data}, jetstream.WithMsgID(p.Delivery))
	return err
}

// runHooks takes deliveries from the shared work queue and posts them,
// starting again after each failure.
func (n *Node) runHooks(ctx context.Context) {
	pause := 250 * time.Millisecond
	for ctx.Err() == nil {
		err := n.consumeHooks(ctx)
		if ctx.Err() != nil {
			return
		}
		n.log.Warn().Err(err).Dur("retry_in", pause).Msg("not taking webhook deliveries")
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
	}
}

func (n *Node) consumeHooks(ctx context.Context) error {
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	s, err := n.js.CreateOrUpdateStream(cctx, jetstream.StreamConfig{
		Name: n.cfg.hooksStream(), Subjects: []string{n.cfg.hooksSubject()},
		Storage: jetstream.FileStorage, Replicas: n.cfg.Replicas, Retention: jetstream.WorkQueuePolicy,
		Duplicates: hooksDedup, Description: "newsfind's webhook deliveries, each posted once by one node",
	})
	if err != nil {
		cancel()
		return fmt.Errorf("stream %s: %w", n.cfg.hooksStream(), err)
	}
	cons, err := s.CreateOrUpdateConsumer(cctx, jetstream.ConsumerConfig{
		Durable: hooksConsumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: hooksAckWait,
		MaxDeliver: -1, MaxAckPending: hooksMaxInFlight, Description: "the nodes' shared webhook poster",
	})
	cancel()
	if err != nil {
		return fmt.Errorf("consumer %s: %w", hooksConsumer, err)
	}
	done := make(chan error, 1)
	cc, err := cons.Consume(func(m jetstream.Msg) { n.postHook(ctx, m) },
		jetstream.PullMaxMessages(8), jetstream.PullExpiry(5*time.Second), jetstream.PullHeartbeat(time.Second),
		jetstream.ConsumeErrHandler(func(_ jetstream.ConsumeContext, err error) {
			if errors.Is(err, jetstream.ErrConsumerDeleted) || errors.Is(err, jetstream.ErrConsumerNotFound) {
				select {
				case done <- err:
				default:
				}
			}
		}))
	if err != nil {
		return err
	}
	defer cc.Stop()
	select {
	case <-ctx.Done():
		return nil
	case err := <-done:
		return err
	}
}

// postHook posts one delivery, acking it when made and handing it back
// after the engine's backoff when not.
func (n *Node) postHook(ctx context.Context, m jetstream.Msg) {
	var p engine.WebhookPost
	if err := json.Unmarshal(m.Data(), &p); err != nil {
		n.log.Warn().Err(err).Msg("unreadable webhook delivery dropped")
		_ = m.Term()
		return
	}
	err := n.eng.PostWebhook(ctx, p)
	if err == nil {
		if err := m.DoubleAck(ctx); err != nil {
			n.log.Warn().Err(err).Str("delivery", p.Delivery).Msg("a made webhook delivery's ack was not confirmed (it may be made again)")
		}
		return
	}
	attempt := 1
	if md, merr := m.Metadata(); merr == nil {
		attempt = int(md.NumDelivered)
	}
	wait, again := n.eng.WebhookBackoff(attempt)
	log := n.log.Warn().Err(err).Str("delivery", p.Delivery).Int("attempts", attempt)
	if !again {
		log.Msg("webhook delivery given up")
		_ = m.Term()
		return
	}
	log.Dur("retry_in", wait).Msg("webhook delivery failed; retrying later")
	_ = m.NakWithDelay(wait)
}
