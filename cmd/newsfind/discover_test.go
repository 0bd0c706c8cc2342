package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/enginetest"
)

// markerArticle is an article no other corpus holds, so that finding it
// proves the command reached this test's server and no other.
const markerArticle = `{"id":"marker-1","url":"https://example.com/marker","title":"Zqxmarker","source":"Test","body":"The zqxmarker article.\n\nA second paragraph."}`

// TestCommandsFindTheServeAddr: after `serve` on a port other than 8080,
// every command given its --data reaches the server through the address
// serve wrote into the data directory (they all asked localhost:8080).
func TestCommandsFindTheServeAddr(t *testing.T) {
	data := t.TempDir()
	url := serveInProcess(t, io.Discard, "--data", data) // the token goes into DATA/token
	if b, err := os.ReadFile(filepath.Join(data, serverAddrFile)); err != nil || strings.TrimSpace(string(b)) != url {
		t.Fatalf("%s: %q, %v; want %s", serverAddrFile, b, err, url)
	}
	file := filepath.Join(t.TempDir(), "marker.json")
	os.WriteFile(file, []byte(markerArticle), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ingest", "--data", data, file}, "1 stored, 0 skipped into " + url},
		{[]string{"search", "--data", data, "zqxmarker"}, "1 articles"},
		{[]string{"health", "--data", data}, "ok"},
		{[]string{"reindex", "--data", data}, "on " + url},
		{[]string{"delete", "--data", data, "marker-1"}, "deleted marker-1"},
		{[]string{"search", "--data", data, "zqxmarker"}, "0 articles"},
	} {
		code, out, errOut := runCLI(t, c.args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%q: exit %d, want %q\nstdout %s\nstderr %s", c.args, code, c.want, out, errOut)
		}
	}
	// $NEWSFIND_SERVER names the server for a command given no --data.
	t.Setenv("NEWSFIND_SERVER", url)
	if code, out, errOut := runCLI(t, "search", "zqxmarker"); code != 0 || !strings.Contains(out, "0 articles") {
		t.Errorf("search with $NEWSFIND_SERVER: exit %d\n%s%s", code, out, errOut)
	}
}

// TestNoServerNamesWhatWasTried: when the data directory is held and no
// server answers, the error lists each place tried and why; a stale
// server.addr (left by a killed server) is tried and passed over; ingest
// never says "pass --data" when --data was given.
func TestNoServerNamesWhatWasTried(t *testing.T) {
	data := t.TempDir()
	enginetest.Open(t, enginetest.Dir(data)) // holds the directory, serves nothing
	os.WriteFile(filepath.Join(data, serverAddrFile), []byte("http://127.0.0.1:1\n"), 0o644)
	defaultAnswers := probe(context.Background(), &http.Client{Timeout: time.Second}, defaultServer) == ""
	file := filepath.Join(t.TempDir(), "marker.json")
	os.WriteFile(file, []byte(markerArticle), 0o644)
	for _, args := range [][]string{
		{"search", "--data", data, "oil"},
		{"ingest", "--data", data, file},
		{"reindex", "--data", data},
		{"delete", "--data", data, "x"},
		{"health", "--data", data},
	} {
		code, _, errOut := runCLI(t, args...)
		if code != 1 || !strings.Contains(errOut, "http://127.0.0.1:1 from "+filepath.Join(data, serverAddrFile)+": connection refused") ||
			strings.Contains(errOut, "pass --data") {
			t.Errorf("%q: exit %d, stderr %s", args, code, errOut)
		}
		if !defaultAnswers && !strings.Contains(errOut, "http://localhost:8080 from the default: connection refused") {
			t.Errorf("%q: the default server is not named as tried: %s", args, errOut)
		}
	}
	t.Setenv("NEWSFIND_SERVER", "http://127.0.0.1:1")
	code, _, errOut := runCLI(t, "search", "--data", data, "oil")
	if code != 1 || !strings.Contains(errOut, "(tried http://127.0.0.1:1 from $NEWSFIND_SERVER: connection refused)") {
		t.Errorf("$NEWSFIND_SERVER: exit %d, stderr %s", code, errOut)
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--server", "127.0.0.1:1", "oil")
	if code != 1 || !strings.Contains(errOut, "(tried http://127.0.0.1:1 from --server: connection refused)") {
		t.Errorf("--server: exit %d, stderr %s", code, errOut)
	}
}

// TestServeAddrRemovedOnShutdown: a clean shutdown takes the address
// away, so that no command is sent to a server that is gone.
func TestServeAddrRemovedOnShutdown(t *testing.T) {
	data := t.TempDir()
	o, err := parseServe([]string{"--addr", "127.0.0.1:0", "--drain", "0", "--data", data}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	s, err := serve(ctx, o, newLogger(io.Discard, "json"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if got := readServerAddr(data); got != s.URL {
		t.Errorf("while serving: %q, want %q", got, s.URL)
	}
	stop()
	if err := s.Wait(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(data, serverAddrFile)); !os.IsNotExist(err) {
		t.Errorf("after shutdown: %v, want the file gone", err)
	}
}

// TestReadingCommandsRefuseMissingData: a mistyped --data is an error,
// not a new directory seeded with the demo articles that answers 0 hits.
func TestReadingCommandsRefuseMissingData(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "dta")
	for _, args := range [][]string{
		{"search", "--data", missing, "oil"},
		{"search", "--data", missing, "--json", "oil"},
		{"health", "--data", missing},
		{"reindex", "--data", missing},
		{"delete", "--data", missing, "x"},
	} {
		code, out, errOut := runCLI(t, args...)
		if code != 1 || out != "" || !strings.Contains(errOut, "no data directory "+missing+" (check --data") {
			t.Errorf("%q: exit %d\nstdout %s\nstderr %s", args, code, out, errOut)
		}
		if _, err := os.Stat(missing); !os.IsNotExist(err) {
			t.Fatalf("%q made %s", args, missing)
		}
	}
	// $NEWSFIND_DATA is --data given too.
	t.Setenv("NEWSFIND_DATA", missing)
	if code, _, errOut := runCLI(t, "search", "oil"); code != 1 || !strings.Contains(errOut, "no data directory "+missing) {
		t.Errorf("$NEWSFIND_DATA: exit %d, %s", code, errOut)
	}
	// ingest makes its target.
	file := filepath.Join(t.TempDir(), "marker.json")
	os.WriteFile(file, []byte(markerArticle), 0o644)
	if code, out, errOut := runCLI(t, "ingest", "--data", missing, file); code != 0 || !strings.HasPrefix(out, "1 stored") {
		t.Errorf("ingest into a new directory: exit %d\n%s%s", code, out, errOut)
	}
}

// TestServeElsewhereThenSearch follows the README with the real binary in
// a fresh folder: `serve --addr` on another port than 8080, then
// `ingest FILE` and `search WORD` with no flags reach it; after the
// server stops, a search reads ./data itself.
func TestServeElsewhereThenSearch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := newsfindBinary(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "marker.json"), []byte(markerArticle), 0o644)
	var env []string // the test's own environment must not name a server or data
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEWSFIND_") {
			env = append(env, kv)
		}
	}
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--log", "json", "--drain", "0")
	srv.Dir, srv.Env, srv.Stderr = dir, env, io.Discard
	stdout, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer srv.Process.Kill()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "newsfind: serving http://127.0.0.1:") {
		t.Fatalf("serve: %q %v", line, err)
	}
	url := strings.Fields(strings.TrimPrefix(line, "newsfind: serving "))[0]
	cli := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := cli("ingest", "marker.json"); err != nil || !strings.Contains(out, "1 stored, 0 skipped into "+url) {
		t.Fatalf("ingest: %v\n%s", err, out)
	}
	if out, err := cli("search", "zqxmarker"); err != nil || !strings.Contains(out, "1 articles") {
		t.Fatalf("search: %v\n%s", err, out)
	}
	srv.Process.Signal(os.Interrupt)
	srv.Wait()
	if _, err := os.Stat(filepath.Join(dir, "data", serverAddrFile)); !os.IsNotExist(err) {
		t.Errorf("server.addr after a clean shutdown: %v", err)
	}
	if out, err := cli("search", "zqxmarker"); err != nil || !strings.Contains(out, "1 articles") {
		t.Errorf("search of ./data, no server: %v\n%s", err, out)
	}
}
