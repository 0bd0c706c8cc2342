package engine

import (
	"context"
	"time"
)

// In a cluster every node percolates what it applies, so every node has
// each webhook delivery in its outbox; the receiver must get it once, not
// once per node. The cluster takes the deliveries instead of the engine
// posting them (SendWebhooksThrough): it logs each to a shared work queue
// under a name every node gives it alike, which JetStream keeps once, and
// one node takes it from there and posts it (PostWebhook).

// WebhookPost is one webhook delivery, ready to post.
type WebhookPost struct {
	// Delivery names the delivery, the same on every node of a cluster
	// (search id and hit number): the receiver may drop one it has seen.
	Delivery  string `json:"delivery"`
	Search    string `json:"search"`
	Hit       uint64 `json:"hit"` // the hit's number: in a cluster, the log entry of its article's write
	URL       string `json:"url"`
	Body      []byte `json:"body"`
	Signature string `json:"signature"` // SignatureHeader's value
}

// WebhookSender takes a delivery in the engine's stead; nil means taken.
type WebhookSender func(ctx context.Context, p WebhookPost) error

// SendWebhooksThrough makes the engine hand its webhook deliveries to s
// rather than post them itself.
func (e *Engine) SendWebhooksThrough(s WebhookSender) {
	e.logged.send.Store(&s)
	e.hooks.poke()
}

// PostWebhook posts a delivery with the engine's webhook client, under
// its host rules (serve --webhook-hosts), within the webhook timeout. A
// URL the rules refuse is dropped (nil), as the outbox drops it.
func (e *Engine) PostWebhook(ctx context.Context, p WebhookPost) error {
	if checkWebhook(p.URL, e.opt.Alerts.WebhookHosts) != nil {
		e.log.Warn().Str("search", p.Search).Msg("webhook host no longer allowed; delivery dropped")
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, webhookTimeout)
	defer cancel()
	return e.hooks.post(ctx, p)
}

// WebhookBackoff is the wait before retry number attempt (1-based) of a
// failed delivery, and whether to try again at all.
func (e *Engine) WebhookBackoff(attempt int) (time.Duration, bool) {
	b := e.opt.Alerts.Backoff
	if b <= 0 {
		b = DefaultWebhookBackoff
	}
	if attempt >= maxWebhookAttempts {
		return 0, false
	}
	return min(b<<(attempt-1), maxWebhookWait), true
}
