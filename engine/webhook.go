package engine

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
)

// Webhook headers: the receiver checks SignatureHeader, "sha256=" and the
// hex HMAC-SHA256 of the body under the search's secret, and may drop a
// DeliveryHeader it has seen (delivery is at least once).
const (
	SignatureHeader = "X-Newsfind-Signature"
	DeliveryHeader  = "X-Newsfind-Delivery"
	SearchHeader    = "X-Newsfind-Search"
)

// DefaultWebhookBackoff is the wait before a failed delivery's first
// retry; each retry waits twice the last, up to maxWebhookWait.
const DefaultWebhookBackoff = 2 * time.Second

const (
	maxWebhookWait     = time.Hour
	maxWebhookAttempts = 16 // about 18 hours of retries at the default backoff
	webhookTimeout     = 10 * time.Second
	outboxScan         = 1000
)

// WebhookBody is what a webhook receives for one new match.
type WebhookBody struct {
	Delivery string             `json:"delivery"`
	Search   WebhookSearch      `json:"search"`
	Hit      newsfind.SearchHit `json:"hit"`
	Article  newsfind.Summary   `json:"article"`
}

// WebhookSearch names the saved search a webhook delivery is for.
type WebhookSearch struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Sign returns the signature header's value for body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// deliverer posts the outbox's deliveries, oldest first, retrying a
// failed one later with a growing wait. It runs on its own goroutine:
// writes only add to the outbox (in the percolation's transaction).
type deliverer struct {
	e       *Engine
	wake    chan struct{}
	client  *http.Client
	backoff time.Duration
}

func newDeliverer(e *Engine) *deliverer {
	d := &deliverer{e: e, wake: make(chan struct{}, 1), backoff: e.opt.Alerts.Backoff}
	if d.backoff <= 0 {
		d.backoff = DefaultWebhookBackoff
	}
	dialer := &net.Dialer{Timeout: webhookTimeout}
	if len(e.opt.Alerts.WebhookHosts) == 0 {
		// No host named: refuse this machine and its networks at the
		// address actually dialled, which a name may resolve to.
		dialer.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, _ := net.SplitHostPort(address)
			if ip := net.ParseIP(host); ip == nil || !publicIP(ip) {
				return fmt.Errorf("webhook address %s is this machine or its network", address)
			}
			return nil
		}
	}
	d.client = &http.Client{
		Timeout:   webhookTimeout,
		Transport: &http.Transport{DialContext: dialer.DialContext, Proxy: nil, MaxIdleConns: 4, IdleConnTimeout: time.Minute},
		// A redirect could lead anywhere the host check would refuse.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return d
}

func (d *deliverer) poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *deliverer) run(ctx context.Context) {
	for {
		wait := d.deliverDue(ctx)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-d.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// deliverDue makes every delivery that is due and returns how long until
// the next one is.
func (d *deliverer) deliverDue(ctx context.Context) time.Duration {
	if d.e.opt.Alerts.ViaCluster && d.e.logged.send.Load() == nil {
		return time.Hour // SendWebhooksThrough wakes it
	}
	ds, err := d.e.store.Outbox(outboxScan)
	if err != nil {
		if ctx.Err() == nil {
			d.e.log.Error().Err(err).Msg("reading the webhook outbox failed")
		}
		return time.Second
	}
	wait := time.Hour
	for _, dl := range ds {
		if ctx.Err() != nil {
			return wait
		}
		if w := time.Until(dl.Next); w > 0 {
			wait = min(wait, w)
			continue
		}
		if err := d.deliver(ctx, dl); err != nil {
			dl.Attempts++
			log := d.e.log.Warn().Err(err).Str("search", dl.Search).Str("article", dl.Article).Int("attempts", dl.Attempts)
			if dl.Attempts >= maxWebhookAttempts {
				log.Msg("webhook delivery given up")
				_ = d.e.store.Delivered(dl.Seq)
				continue
			}
			after := min(d.backoff<<(dl.Attempts-1), maxWebhookWait)
			dl.Next = time.Now().Add(after)
			log.Dur("retry_in", after).Msg("webhook delivery failed; retrying later")
			if err := d.e.store.Retry(dl); err != nil {
				d.e.log.Error().Err(err).Msg("keeping a webhook delivery for retry failed")
			}
			wait = min(wait, after)
			continue
		}
		if err := d.e.store.Delivered(dl.Seq); err != nil {
			d.e.log.Error().Err(err).Msg("removing a made webhook delivery from the outbox failed (it will be made again)")
		}
	}
	if len(ds) == outboxScan {
		return 0
	}
	return wait
}

// deliver posts one delivery, or hands it to the sender that takes them
// instead (hooksend.go); nil means done (made, handed on or dropped).
func (d *deliverer) deliver(ctx context.Context, dl store.Delivery) error {
	send := d.e.logged.send.Load()
	ss, err := d.e.store.Search(dl.Search)
	if errors.Is(err, store.ErrNoSearch) || err == nil && ss.Webhook == "" {
		return nil
	}
	if err != nil {
		return err
	}
	if checkWebhook(ss.Webhook, d.e.opt.Alerts.WebhookHosts) != nil {
		return nil // the operator no longer allows its host
	}
	en, ok := d.e.catalog.Get(dl.Article)
	if !ok || en.Deleted {
		return nil // deleted articles leave the lists, and are not announced
	}
	// The outbox's number is this node's own; in a cluster the delivery
	// is named by what every node has alike, the search and its hit.
	id := strconv.FormatUint(dl.Seq, 10)
	if send != nil {
		id = ss.ID + "-" + strconv.FormatUint(dl.Hit, 10)
	}
	body, err := json.Marshal(WebhookBody{Delivery: id, Search: WebhookSearch{ID: ss.ID, Name: ss.Name},
		Hit: newsfind.SearchHit{Seq: dl.Hit, Article: dl.Article, At: dl.At}, Article: en.Summary})
	if err != nil {
		return err
	}
	p := WebhookPost{Delivery: id, Search: ss.ID, Hit: dl.Hit, URL: ss.Webhook, Body: body, Signature: Sign(ss.Secret, body)}
	if send != nil {
		return (*send)(ctx, p)
	}
	return d.post(ctx, p)
}

// post makes one POST.
func (d *deliverer) post(ctx context.Context, p WebhookPost) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, bytes.NewReader(p.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "newsfind-webhook")
	req.Header.Set(SignatureHeader, p.Signature)
	req.Header.Set(DeliveryHeader, p.Delivery)
	req.Header.Set(SearchHeader, p.Search)
	resp, err := d.client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("the receiver answered %s", resp.Status)
	}
	return nil
}
