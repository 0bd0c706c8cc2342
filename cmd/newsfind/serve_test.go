package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// serveInProcess runs `newsfind serve` with the given flags in the test's
// own process, listening on 127.0.0.1:0, logging to logs, and returns its
// URL; the server stops, and lets go of its data directory, when the test
// ends. Tests that kill or signal the server, or measure its memory, need
// startServer's process.
func serveInProcess(t *testing.T, logs io.Writer, flags ...string) string {
	t.Helper()
	// No drain: nothing balances load over a test's server, and the
	// default second would be added to every test's cleanup.
	args := append([]string{"--addr", "127.0.0.1:0", "--drain", "0"}, flags...)
	o, err := parseServe(args, io.Discard)
	if err != nil {
		t.Fatalf("serve %q: %v", args, err)
	}
	ctx, stop := context.WithCancel(context.Background())
	s, err := serve(ctx, o, newLogger(logs, o.logFormat), io.Discard)
	if err != nil {
		stop()
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(func() {
		stop()
		if err := s.Wait(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return s.URL
}

// TestServeMetrics runs the real server and checks that /metrics tells an
// operator what happened: articles in and refused, searches by result, a
// finished rebuild, readiness.
func TestServeMetrics(t *testing.T) {
	const token = "metrics-test-token"
	base := serveInProcess(t, io.Discard, "--data", t.TempDir(), "--token", token)

	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	articles := `[{"id":"m-1","title":"Ghana gold","body":"Ghana's gold exports rose in October.","url":"https://example.com/m-1"},
		{"id":"m-2","title":"","body":""}]`
	if code, body := do("POST", "/api/articles", articles); code != 400 || !strings.Contains(body, `"created": 1`) {
		t.Fatalf("POST one good and one bad article: %d %s", code, body)
	}
	if code, _ := do("GET", "/api/search?q=gold", ""); code != 200 {
		t.Fatalf("search: %d", code)
	}
	if code, _ := do("GET", "/api/search?q=(", ""); code != 400 {
		t.Fatalf("bad search: %d", code)
	}
	if code, body := do("POST", "/api/reindex", ""); code != 202 {
		t.Fatalf("reindex: %d %s", code, body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, body := do("GET", "/api/reindex", "")
		if strings.Contains(body, `"running": false`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("reindex still running: %s", body)
		}
		time.Sleep(50 * time.Millisecond)
	}

	_, metrics := do("GET", "/metrics", "")
	for _, want := range []string{
		`newsfind_ingested_articles_total{result="created"} 4`, // the seeds on first start, and m-1
		`newsfind_ingested_articles_total{result="refused"} 1`,
		`newsfind_ingested_articles_total{result="failed"} 0`,
		`newsfind_searches_total{result="ok"} 1`,
		`newsfind_searches_total{result="invalid"} 1`,
		`newsfind_articles 4`, // three seeds and m-1
		`newsfind_reindex_running 0`,
		`newsfind_reindex_done_articles 4`,
		`newsfind_reindex_total_articles 4`,
		`newsfind_ready 1`,
		`newsfind_background_errors_total 0`,
		`newsfind_http_requests_total{method="POST",route="/api/articles",status="400"} 1`,
		`newsfind_http_request_duration_seconds_count{route="/api/search"} 2`,
	} {
		if !strings.Contains(metrics, want+"\n") {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(metrics, token) {
		t.Errorf("/metrics shows the token")
	}
}

// TestPrivateServeCLI: a --private server refuses a search without the
// token, and the search command, finding the data directory in use, asks
// the server with the token.
func TestPrivateServeCLI(t *testing.T) {
	const token = "private-test-token"
	data := t.TempDir()
	base := serveInProcess(t, io.Discard, "--data", data, "--token", token, "--private")

	resp, err := http.Get(base + "/api/search?q=tariffs")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("search without the token: %d, want 401", resp.StatusCode)
	}
	code, out, errOut := runCLI(t, "search", "--data", data, "--server", base, "--token", token, "tariffs")
	if code != 0 || !strings.Contains(out, "2 articles") {
		t.Errorf("search with the token: exit %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--server", base, "--token", "wrong", "tariffs")
	if code != 1 || !strings.Contains(errOut, "needs the token") {
		t.Errorf("search with a wrong token: exit %d %s", code, errOut)
	}
}

// TestSecretsNotLogged runs the server with the token from the environment
// and a feed URL with a password, sends requests with right and wrong
// tokens, and reads the whole log, the feed status and the metrics:
// neither secret may be in them.
func TestSecretsNotLogged(t *testing.T) {
	const token, feedPassword = "env-secret-token-4711", "feed-password-0815"
	t.Setenv("NEWSFIND_TOKEN", token)
	logs := &syncWriter{w: &bytes.Buffer{}}
	base := serveInProcess(t, logs, "--data", t.TempDir(), "--log", "json",
		"--feed", "http://reader:"+feedPassword+"@127.0.0.1:1/feed.xml", "--every", "1h")
	for _, tok := range []string{token, "wrong-" + token} {
		req, _ := http.NewRequest("POST", base+"/api/reindex", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}
	// The feed poll fails at once (nothing listens on port 1) and logs it.
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(logs.String(), "feed poll failed") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	// An operator sees the failing feed, without its password.
	var seen string
	for _, path := range []string{"/api/feeds", "/metrics"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		seen += string(b)
	}
	for _, want := range []string{`"url": "http://reader:xxxxx@127.0.0.1:1/feed.xml"`, `"last_error": "fetching http://reader:xxxxx@127.0.0.1:1/feed.xml`,
		"newsfind_feeds 1\n", "newsfind_feeds_failing 1\n"} {
		if !strings.Contains(seen, want) {
			t.Errorf("GET /api/feeds and /metrics lack %s:\n%s", want, seen)
		}
	}
	out := logs.String() + seen
	if !strings.Contains(out, "feed poll failed") || !strings.Contains(out, `"url":"/api/reindex"`) {
		t.Fatalf("the log lacks the feed failure or the requests:\n%s", out)
	}
	for _, secret := range []string{token, feedPassword} {
		if strings.Contains(out, secret) {
			t.Errorf("the log contains the secret %q:\n%s", secret, out)
		}
	}
}

// syncWriter lets the test read a buffer the server is logging into.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.String()
}
