package main

import (
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestServeMetrics runs the real server and checks that /metrics tells an
// operator what happened: articles in and refused, searches by result, a
// finished rebuild, readiness.
func TestServeMetrics(t *testing.T) {
	const token = "metrics-test-token"
	s := startServer(t, t.TempDir(), token)
	t.Cleanup(func() { s.cmd.Process.Signal(syscall.SIGTERM); s.cmd.Wait() })

	do := func(method, path, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, s.url+path, strings.NewReader(body))
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
	s := startServer(t, data, token, "--private")
	t.Cleanup(func() { s.cmd.Process.Signal(syscall.SIGTERM); s.cmd.Wait() })

	resp, err := http.Get(s.url + "/api/search?q=tariffs")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("search without the token: %d, want 401", resp.StatusCode)
	}
	code, out, errOut := runCLI(t, "search", "--data", data, "--server", s.url, "--token", token, "tariffs")
	if code != 0 || !strings.Contains(out, "2 articles") {
		t.Errorf("search with the token: exit %d\n%s\n%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--server", s.url, "--token", "wrong", "tariffs")
	if code != 1 || !strings.Contains(errOut, "needs the token") {
		t.Errorf("search with a wrong token: exit %d %s", code, errOut)
	}
}
