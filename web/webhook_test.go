package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/engine"
)

// hookReceiver is a local webhook receiver that refuses the first fail
// deliveries and records the rest with whether their signature checked.
type hookReceiver struct {
	*httptest.Server
	mu       sync.Mutex
	secret   string
	fail     int
	tries    int
	accepted []engine.WebhookBody
	badSig   int
}

func newHookReceiver(t *testing.T, fail int) *hookReceiver {
	h := &hookReceiver{fail: fail}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.tries++
		if h.tries <= h.fail {
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
		if r.Header.Get(engine.SignatureHeader) != engine.Sign(h.secret, body) {
			h.badSig++
		}
		var b engine.WebhookBody
		if err := json.Unmarshal(body, &b); err != nil || r.Header.Get(engine.DeliveryHeader) != b.Delivery {
			h.badSig++
		}
		h.accepted = append(h.accepted, b)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) state() (tries int, accepted []engine.WebhookBody, badSig int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.tries, append([]engine.WebhookBody(nil), h.accepted...), h.badSig
}

// TestWebhookRetries: a receiver that fails the first two tries gets the
// match on the third, once, signed with the search's secret; the write
// that added the article was answered without waiting for any of it.
func TestWebhookRetries(t *testing.T) {
	rc := newHookReceiver(t, 2)
	u, _ := url.Parse(rc.URL)
	ts, _ := newSavedServer(t, engine.AlertOptions{WebhookHosts: []string{u.Host}, Backoff: 100 * time.Millisecond}, false)
	st, b := call(t, ts, "POST", "/api/searches", testToken, `{"name":"coffee","q":"coffee","webhook":"`+rc.URL+`/hook"}`)
	if st != http.StatusCreated {
		t.Fatalf("POST: %d %s", st, b)
	}
	ss := decode[savedAnswer](t, b)
	rc.mu.Lock()
	rc.secret = ss.Secret
	rc.mu.Unlock()
	if st, b := call(t, ts, "POST", "/api/searches", testToken, `{"name":"other","q":"coffee","webhook":"http://203.0.113.9/hook"}`); st != 400 {
		t.Errorf("a webhook host not in --webhook-hosts: %d %s", st, b)
	}
	took := time.Now()
	if st, b := call(t, ts, "POST", "/api/articles", testToken, `{"id":"c1","title":"Coffee in Brazil","body":"Brazil's coffee exports rose."}`); st != 200 {
		t.Fatalf("POST article: %d %s", st, b)
	}
	if d := time.Since(took); d > time.Second {
		t.Errorf("the write took %v", d)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, acc, _ := rc.state()
		if len(acc) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // a second delivery would come within this
	tries, acc, bad := rc.state()
	if tries != 3 || len(acc) != 1 || bad != 0 {
		t.Fatalf("tries %d, accepted %d, bad signatures %d; want 3, 1, 0", tries, len(acc), bad)
	}
	if a := acc[0]; a.Search.ID != ss.ID || a.Article.ID != "c1" || a.Article.Title != "Coffee in Brazil" || a.Hit.Seq != 1 {
		t.Errorf("delivery %+v", a)
	}
}
