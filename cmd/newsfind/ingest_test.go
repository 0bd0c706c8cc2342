package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// TestIngestReutersCLI ingests the whole of Reuters-21578 with the CLI
// straight into a data directory, then checks that the store, the index
// and the search totals agree. One story (reuters-12793) has neither
// title nor body: it is skipped with a line saying so, and the command
// exits 0, since the rest was stored; --strict makes the skip an error.
func TestIngestReutersCLI(t *testing.T) {
	corpus.Long(t)
	path := corpus.Path(t, "reuters21578.jsonl.gz")
	data := t.TempDir()
	start := time.Now()
	code, out, errOut := runCLI(t, "ingest", "--data", data, path)
	took := time.Since(start)
	if code != 0 || !strings.HasPrefix(out, "21577 stored, 1 skipped into ") || !strings.Contains(out, "21577 created") ||
		errOut != "skipped "+path+" record 12793 (reuters-12793): body is missing: an article needs its text\n" {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	t.Logf("Reuters via the CLI, direct: %s (%.0f articles/s overall)", strings.TrimSpace(out), 21577/took.Seconds())
	eng := enginetest.Open(t, enginetest.Dir(data))
	c, err := eng.Counts()
	if err != nil {
		t.Fatal(err)
	}
	if c.Stored != 21577 || c.Catalog != c.Stored || c.Passages != c.WantPassages {
		t.Errorf("counts disagree: %+v (want the 21577 stories, no seeds)", c)
	}
	// The engine holds the directory here, so the search total is asked
	// of the API handler over it.
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=", nil))
	var r struct {
		TotalArticles int `json:"total_articles"`
	}
	json.Unmarshal(rec.Body.Bytes(), &r)
	if r.TotalArticles != c.Stored {
		t.Errorf("search total %d, stored %d", r.TotalArticles, c.Stored)
	}
}

// TestIngestToServer sends a folder and a feed URL to a running server,
// the CLI's default way, with the token read from the data directory.
func TestIngestToServer(t *testing.T) {
	feeds := filepath.Dir(corpus.Path(t, "feeds/rss2_guardian.rss"))
	data := t.TempDir()
	eng := enginetest.Open(t, enginetest.Dir(data), enginetest.Seeds())
	tok, _, err := engine.Token(data, "")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(), Writer: eng, Intake: ingest.Intake{}, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	dir := t.TempDir()
	for _, f := range []string{"rss2_guardian.rss", "atom_heise.atom"} {
		b, _ := os.ReadFile(filepath.Join(feeds, f))
		os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		os.WriteFile(filepath.Join(dir, "sub", f), b, 0o644)
	}
	os.WriteFile(filepath.Join(dir, "ignored.bin"), []byte{0, 1}, 0o644)
	feedSrv := httptest.NewServer(http.FileServer(http.Dir(feeds)))
	defer feedSrv.Close()

	// --data names the directory the server holds: the CLI finds it
	// locked, so it sends to the server, with the token from data/token.
	code, out, errOut := runCLI(t, "ingest", "--data", data, "--server", ts.URL, dir, feedSrv.URL+"/rss1_rss_1.0_debian.xml")
	if code != 0 || !strings.HasPrefix(out, "71 stored, 1 skipped into "+ts.URL) || !strings.Contains(errOut, "ignored.bin: not a file newsfind reads (.bin)") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// Again: all unchanged.
	code, out, _ = runCLI(t, "ingest", "--data", data, "--server", ts.URL, dir)
	if code != 0 || !strings.Contains(out, "0 created, 0 updated, 70 unchanged") {
		t.Errorf("again: exit %d %s", code, out)
	}
	// stdin, and a wrong token.
	code, out, errOut = runCLIStdin(t, `{"id":"stdin-1","title":"Stdin","body":"Ghana gold exports rose."}`, "ingest", "--server", ts.URL, "--token", "nope", "-")
	if code != 1 || !strings.Contains(errOut, "Bearer") {
		t.Errorf("wrong token: exit %d %s %s", code, out, errOut)
	}
	code, out, errOut = runCLIStdin(t, `{"id":"stdin-1","title":"Stdin","byline":"Kofi Mensah","dateline":"ACCRA, March 3","lang":"en","body":"Ghana gold exports rose."}`,
		"ingest", "--server", ts.URL, "--token", tok, "-")
	if code != 0 || !strings.Contains(out, "1 created") {
		t.Errorf("stdin: exit %d %s %s", code, out, errOut)
	}
	// What the CLI sends keeps every field, the byline, dateline and
	// language too (client's TestAddEveryField walks all of them).
	if d, err := eng.Searcher().Document(context.Background(), "stdin-1"); err != nil || d.Byline != "Kofi Mensah" || d.Dateline != "ACCRA, March 3" || d.Lang != "en" {
		t.Errorf("stdin article as stored: %v %+v", err, d)
	}
	// A server that does not answer is named, never written around
	// (TestRemoteServerNoTokenFile checks the token rule of one that does).
	code, _, errOut = runCLI(t, "ingest", "--data", data, "--server", "http://127.0.0.1:1", dir)
	if code != 1 || !strings.Contains(errOut, "(tried http://127.0.0.1:1 from --server: connection refused)") {
		t.Errorf("held directory, --server not answering: exit %d %s", code, errOut)
	}
	// No server and no --data: a clear error.
	code, _, errOut = runCLI(t, "ingest", "--server", "http://127.0.0.1:1", "--token", "x", dir)
	if code != 1 || !strings.Contains(errOut, "no newsfind server answered (tried http://127.0.0.1:1 from --server: connection refused)") ||
		!strings.Contains(errOut, "pass --data DIR") {
		t.Errorf("no server: exit %d %s", code, errOut)
	}
}

func runCLIStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestReindexCommand(t *testing.T) {
	data := t.TempDir()
	// A search of a new directory seeds it, as serve does; reindex does not.
	if code, out, errOut := runCLI(t, "search", "--data", data, "fentanyl"); code != 0 {
		t.Fatalf("search: exit %d %s %s", code, out, errOut)
	}
	code, out, errOut := runCLI(t, "reindex", "--data", data)
	if code != 0 || !strings.Contains(out, "re-indexed 3 articles") {
		t.Fatalf("exit %d %s %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "fentanyl", "tariff")
	if code != 0 || !strings.Contains(out, "1 articles") {
		t.Errorf("after reindex: %s", out)
	}
}

var (
	buildOnce sync.Once
	binary    string
	buildErr  error
)

// newsfindBinary builds the real program once per test run.
func newsfindBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "newsfind-bin-")
		if err != nil {
			buildErr = err
			return
		}
		binary = filepath.Join(dir, "newsfind")
		out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binary
}

// server is a running `newsfind serve` process.
type server struct {
	cmd *exec.Cmd
	url string
}

func startServer(t *testing.T, data, token string, extra ...string) *server {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--token", token, "--log", "json"}, extra...)
	cmd := exec.Command(newsfindBinary(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "newsfind: serving "); ok {
				lines <- strings.Fields(u)[0]
			}
		}
	}()
	select {
	case u := <-lines:
		return &server{cmd: cmd, url: u}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not start in 30 s")
	}
	return nil
}

// TestKillNineKeepsAcknowledged kills the server with SIGKILL at a random
// moment while a client posts articles, restarts it, and checks that every
// article the server acknowledged (2xx) is searchable. Several rounds on
// the same data directory; then the store and the index must agree, and
// a re-index through the CLI (which asks the running server) keeps them.
func TestKillNineKeepsAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	data := t.TempDir()
	const token = "kill-test-token"
	var acked []string // markers of acknowledged articles
	n := 0
	rng := rand.New(rand.NewPCG(1, 2))   // the kill moments
	batch := rand.New(rand.NewPCG(3, 4)) // the client's batch sizes
	for round := range 5 {
		s := startServer(t, data, token)
		checkSearchable(t, s.url, acked)
		stop := make(chan struct{})
		done := make(chan []string)
		go func() {
			var got []string
			client := &http.Client{Timeout: 10 * time.Second}
			for {
				select {
				case <-stop:
					done <- got
					return
				default:
				}
				var body strings.Builder
				var markers []string
				for range 1 + batch.IntN(5) {
					n++
					m := fmt.Sprintf("qz%dkx", n)
					markers = append(markers, m)
					fmt.Fprintf(&body, `{"id":"kill-%d","title":"Round %d","source":"Test","body":"Acknowledged article with marker %s.\n\nA second paragraph."}`+"\n", n, round, m)
				}
				req, _ := http.NewRequest(http.MethodPost, s.url+"/api/articles", strings.NewReader(body.String()))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/x-ndjson")
				resp, err := client.Do(req)
				if err != nil {
					continue // killed mid-request: not acknowledged
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					got = append(got, markers...)
				}
			}
		}()
		time.Sleep(time.Duration(100+rng.IntN(600)) * time.Millisecond)
		s.cmd.Process.Kill() // SIGKILL: no shutdown, no flush
		s.cmd.Wait()
		close(stop)
		got := <-done
		acked = append(acked, got...)
		t.Logf("round %d: %d articles acknowledged before kill -9 (%d in all)", round, len(got), len(acked))
	}
	s := startServer(t, data, token)
	checkSearchable(t, s.url, acked)
	code, out, errOut := runCLI(t, "reindex", "--data", data, "--server", s.url, "--token", token)
	if code != 0 || !strings.Contains(out, "on "+s.url) {
		t.Errorf("reindex via the server: exit %d %s %s", code, out, errOut)
	}
	checkSearchable(t, s.url, acked)
	s.cmd.Process.Kill()
	s.cmd.Wait()
	eng := enginetest.Open(t, enginetest.Dir(data))
	c, err := eng.Counts()
	if err != nil || c.Stored != c.Catalog || c.Passages != c.WantPassages || c.Stored < len(acked)+3 {
		t.Errorf("after the rounds: %+v, %v; %d acknowledged", c, err, len(acked))
	}
}

func checkSearchable(t *testing.T, server string, markers []string) {
	t.Helper()
	missing := 0
	for _, m := range markers {
		resp, err := http.Get(server + "/api/search?q=" + url.QueryEscape(m))
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			TotalArticles int `json:"total_articles"`
		}
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if r.TotalArticles != 1 {
			missing++
			if missing <= 5 {
				t.Errorf("acknowledged article with marker %s: %d found", m, r.TotalArticles)
			}
		}
	}
	if missing > 0 {
		t.Errorf("%d of %d acknowledged articles not searchable", missing, len(markers))
	}
}
