package arrive_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/arrive"
)

// memWriter stores nothing: it answers created for every article, error
// for those whose title starts with "REFUSE", and notes when it was called.
type memWriter struct {
	mu    sync.Mutex
	arts  []newsfind.Article
	calls []time.Time
}

func (w *memWriter) Add(_ context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.calls = append(w.calls, time.Now())
	outs := make([]newsfind.Outcome, len(arts))
	for i, a := range arts {
		outs[i] = newsfind.Outcome{Index: i, Status: newsfind.StatusCreated}
		if strings.HasPrefix(a.Title, "REFUSE") {
			outs[i].Status, outs[i].Error = newsfind.StatusError, "refused by the writer"
		}
		w.arts = append(w.arts, a)
	}
	return outs, nil
}

func rssFeed(items ...string) []byte {
	return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + strings.Join(items, "") + `</channel></rss>`)
}

func rssItem(title, link string) string {
	return fmt.Sprintf(`<item><title>%s</title><link>%s</link><description>%s about cobalt.</description></item>`, title, link, title)
}

// serveBytes serves body as an RSS feed.
func serveBytes(t *testing.T, body []byte) *httptest.Server {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// logLines decodes the JSON lines a zerolog logger wrote.
func logLines(t *testing.T, b *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// TestFeedRefusalsNumberedByFeedPosition is issue 11's bug: an item the
// writer refused was logged with its position among the items the parse
// had accepted, not in the feed. Item 0 has no link (refused by the
// parse); item 2 is refused by the writer and was logged as item 1.
func TestFeedRefusalsNumberedByFeedPosition(t *testing.T) {
	ts := serveBytes(t, rssFeed(
		`<item><description>no link, no guid</description></item>`,
		rssItem("Cobalt one", "https://x.example/1"),
		rssItem("REFUSE cobalt two", "https://x.example/2"),
		rssItem("Cobalt three", "https://x.example/3"),
	))
	var logs bytes.Buffer
	w := &memWriter{}
	p := arrive.NewPoller(arrive.PollerOptions{URLs: []string{ts.URL + "/feed.rss"}, Writer: w, Logger: zerolog.New(&logs)})
	res := p.PollOnce(context.Background())[0]
	if res.Err != nil || res.Created != 2 || res.Errors != 2 {
		t.Fatalf("poll: %+v", res)
	}
	// Whatever shape the log has, every item number it gives must be a
	// refused item's position in the feed.
	var logged []int
	for _, l := range logLines(t, &logs) {
		if n, ok := l["item"].(float64); ok {
			logged = append(logged, int(n))
		}
		if rs, ok := l["refused"].([]any); ok {
			for _, r := range rs {
				var n int
				fmt.Sscanf(r.(string), "item %d:", &n)
				logged = append(logged, n)
			}
		}
	}
	if !slices.Equal(logged, []int{0, 2}) {
		t.Errorf("refused items logged as %v, want [0 2] (their positions in the feed)\n%s", logged, logs.String())
	}
	want := []newsfind.Refusal{{Item: 0, Reason: "feed item \"\" has neither a link nor a guid to identify it"}, {Item: 2, Reason: "refused by the writer"}}
	if !slices.Equal(res.Refused, want) {
		t.Errorf("PollResult.Refused %+v, want %+v", res.Refused, want)
	}
	if st := p.Status()[0]; st.Failed != 2 || !slices.Equal(st.LastRefused, want) {
		t.Errorf("status: %+v", st)
	}
}

// TestFeedItemCap: a feed of a million empty items (7 MB, issue 10) and a
// feed of 3,000 good ones are read up to the cap, the rest refused with
// one log line per poll, not one per item.
func TestFeedItemCap(t *testing.T) {
	flood := rssFeed(strings.Repeat("<item/>", 1_000_000))
	var good []string
	for i := range 3000 {
		good = append(good, rssItem("Cobalt "+strconv.Itoa(i), "https://x.example/"+strconv.Itoa(i)))
	}
	floodSrv, goodSrv := serveBytes(t, flood), serveBytes(t, rssFeed(good...))
	var logs bytes.Buffer
	w := &memWriter{}
	p := arrive.NewPoller(arrive.PollerOptions{URLs: []string{floodSrv.URL + "/flood.rss", goodSrv.URL + "/good.rss"}, Writer: w, Logger: zerolog.New(&logs)})
	start := time.Now()
	res := p.PollOnce(context.Background())
	t.Logf("polled a %d MB feed of 1M items and a 3,000-item feed in %v", len(flood)>>20, time.Since(start).Round(time.Millisecond))
	if r := res[0]; r.Err != nil || r.Errors != 1000 || r.OverCap != 999_000 || len(r.Refused) != 5 {
		t.Errorf("flood: err %v, %d refused, %d over the cap, %d shown", r.Err, r.Errors, r.OverCap, len(r.Refused))
	}
	if r := res[1]; r.Err != nil || r.Created != 1000 || r.OverCap != 2000 || r.Errors != 0 {
		t.Errorf("good: %+v", r)
	}
	if len(w.arts) != 1000 || w.arts[0].Title != "Cobalt 0" || w.arts[999].Title != "Cobalt 999" {
		t.Errorf("stored %d articles; want the first 1000 of the feed", len(w.arts))
	}
	lines := logLines(t, &logs)
	if len(lines) != 2 {
		t.Fatalf("%d log lines for two polls, want 2:\n%.2000s", len(lines), logs.String())
	}
	for _, l := range lines {
		if l["level"] != "warn" || l["over_cap"] == nil || l["max_items"] != float64(arrive.DefaultMaxItems) {
			t.Errorf("log line %v: want a warning naming the items over the cap", l)
		}
	}
	st := p.Status()
	if st[0].OverCap != 999_000 || st[0].Failed != 1000 || len(st[0].LastRefused) != 5 || st[1].OverCap != 2000 || st[1].Created != 1000 {
		t.Errorf("status: %+v", st)
	}
}

// dripServer answers at once and then sends a byte every 50 ms, forever:
// the feed that stalled every other one.
func dripServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	var open atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		open.Add(1)
		defer open.Add(-1)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Drip</title>`))
		for {
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
			w.Write([]byte(" "))
		}
	}))
	t.Cleanup(func() {
		ts.CloseClientConnections()
		ts.Close()
	})
	return ts, &open
}

// TestSlowFeedDoesNotStallOthers: a dripping feed is cut off at the
// per-feed deadline, and a fast feed listed after it is stored at once.
func TestSlowFeedDoesNotStallOthers(t *testing.T) {
	drip, _ := dripServer(t)
	fast := serveBytes(t, rssFeed(rssItem("Cobalt fast", "https://x.example/fast")))
	w := &memWriter{}
	const deadline = time.Second
	p := arrive.NewPoller(arrive.PollerOptions{URLs: []string{drip.URL + "/a", drip.URL + "/b", fast.URL + "/feed.rss"},
		Writer: w, Timeout: deadline, Workers: 2, Logger: zerolog.Nop()})
	start := time.Now()
	res := p.PollOnce(context.Background())
	took := time.Since(start)
	if len(w.calls) != 1 {
		t.Fatalf("%d writes, want 1 (the fast feed)", len(w.calls))
	}
	// Two workers, both on dripping feeds: the fast feed waits for one of
	// them to be cut off, once, not for both in turn.
	fastAt := w.calls[0].Sub(start)
	t.Logf("fast feed stored after %v; poll took %v", fastAt.Round(time.Millisecond), took.Round(time.Millisecond))
	if fastAt > deadline+deadline/2 || took > deadline+deadline/2 {
		t.Errorf("fast feed stored after %v, poll took %v: the drips stalled it (deadline %v)", fastAt, took, deadline)
	}
	for _, r := range res[:2] {
		if r.Err == nil || !strings.Contains(r.Err.Error(), "timed out: no complete answer within 1s") {
			t.Errorf("dripping feed: %v", r.Err)
		}
	}
	if res[2].Err != nil || res[2].Created != 1 {
		t.Errorf("fast feed: %+v", res[2])
	}

	// With one worker per feed, the fast feed does not wait at all.
	w = &memWriter{}
	p = arrive.NewPoller(arrive.PollerOptions{URLs: []string{drip.URL + "/a", fast.URL + "/feed.rss"}, Writer: w, Timeout: deadline, Logger: zerolog.Nop()})
	start = time.Now()
	p.PollOnce(context.Background())
	if len(w.calls) != 1 || w.calls[0].Sub(start) > deadline/2 {
		t.Errorf("fast feed beside a drip: %d writes %v after the start %v", len(w.calls), w.calls, start)
	}
}

// TestPollerWorkersBounded: ten dripping feeds are fetched at most
// Workers at a time.
func TestPollerWorkersBounded(t *testing.T) {
	drip, open := dripServer(t)
	var urls []string
	for i := range 10 {
		urls = append(urls, drip.URL+"/"+strconv.Itoa(i))
	}
	p := arrive.NewPoller(arrive.PollerOptions{URLs: urls, Writer: &memWriter{}, Timeout: 200 * time.Millisecond, Workers: 3, Logger: zerolog.Nop()})
	var most atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			most.Store(max(most.Load(), open.Load()))
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	start := time.Now()
	res := p.PollOnce(context.Background())
	close(done)
	if most.Load() != 3 {
		t.Errorf("at most %d feeds fetched at once, want 3", most.Load())
	}
	// 10 feeds, 3 at a time, 200 ms each: 4 rounds.
	if took := time.Since(start); took < 800*time.Millisecond || took > 2*time.Second {
		t.Errorf("poll took %v, want about 800 ms", took)
	}
	for i, r := range res {
		if r.Err == nil {
			t.Errorf("feed %d: no timeout", i)
		}
	}
}

// TestFetchErrorsNameTheFailure: every way a fetch fails says which, as a
// domain error (never "internal error").
func TestFetchErrorsNameTheFailure(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/gone":
			http.Error(w, "gone", http.StatusGone)
		case "/busy":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "/huge":
			w.Header().Set("Content-Length", strconv.Itoa(20<<20))
		case "/big":
			w.Write(make([]byte, 2048)) // no length announced: chunked
			w.(http.Flusher).Flush()
			w.Write(make([]byte, 2048))
		case "/cut":
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("<rss>"))
		}
	}))
	defer ts.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	drip, _ := dripServer(t)
	dnsFails := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "feeds.example", IsNotFound: true}}
	}}}
	cases := []struct {
		name   string
		client *http.Client
		url    string
		code   string
		want   string
	}{
		{"status 4xx", ts.Client(), ts.URL + "/gone", newsfind.EINVALID, "the server answered 410 Gone"},
		{"status 5xx", ts.Client(), ts.URL + "/busy", newsfind.EUNAVAILABLE, "the server answered 503 Service Unavailable"},
		{"announced too large", ts.Client(), ts.URL + "/huge", newsfind.ETOOLARGE, "the answer is 20971520 bytes, over the 1024 bytes limit for a feed"},
		{"too large", ts.Client(), ts.URL + "/big", newsfind.ETOOLARGE, "the answer is over the 1024 bytes limit for a feed"},
		{"cut short", ts.Client(), ts.URL + "/cut", newsfind.EUNAVAILABLE, "the connection broke before the whole answer arrived"},
		{"refused", http.DefaultClient, closedURL + "/feed", newsfind.EUNAVAILABLE, "connection refused"},
		{"dns", dnsFails, "http://feeds.example/feed", newsfind.EUNAVAILABLE, `DNS: no such host "feeds.example"`},
		{"client timeout", &http.Client{Timeout: 300 * time.Millisecond}, drip.URL, newsfind.EUNAVAILABLE, "timed out: no complete answer within 300ms"},
		{"not a URL", http.DefaultClient, "http://[::1", newsfind.EINVALID, "not a URL that can be fetched"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			max := int64(1 << 20)
			if c.code == newsfind.ETOOLARGE {
				max = 1024
			}
			_, err := arrive.Fetch(context.Background(), c.client, c.url, "", "", max)
			var fe *arrive.FetchError
			if !errors.As(err, &fe) {
				t.Fatalf("%v: not a FetchError", err)
			}
			if fe.Code != c.code || !strings.Contains(fe.Reason, c.want) {
				t.Errorf("code %s, reason %q; want %s, %q", fe.Code, fe.Reason, c.code, c.want)
			}
			if msg := newsfind.ErrorMessage(err); msg != err.Error() || !strings.HasPrefix(msg, "fetching ") {
				t.Errorf("ErrorMessage %q, Error %q", msg, err.Error())
			}
			if e, ok := errors.AsType[*newsfind.Error](err); !ok || e.Code != c.code {
				t.Errorf("as a domain error: %+v", e)
			}
		})
	}
	// A deadline from ctx is the one named.
	ctx, cancel := context.WithTimeout(context.Background(), 250*time.Millisecond)
	defer cancel()
	if _, err := arrive.Fetch(ctx, http.DefaultClient, drip.URL, "", "", 1<<20); err == nil || !strings.Contains(err.Error(), "timed out: no complete answer within 250ms") {
		t.Errorf("ctx deadline: %v", err)
	}
}
