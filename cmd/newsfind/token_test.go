package main

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// nonLoopbackIP is an address of this machine that is not a loopback
// one, so that a server on it is reachable but looks, by its URL, like a
// server elsewhere.
func nonLoopbackIP(t *testing.T) string {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		skipOrFail(t, "no interface addresses: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil && !n.IP.IsLinkLocalUnicast() {
			return n.IP.String()
		}
	}
	skipOrFail(t, "this machine has no non-loopback IPv4 address to serve on")
	return ""
}

// authSeen records the Authorization headers a handler was sent.
type authSeen struct {
	mu   sync.Mutex
	auth []string
	next http.Handler
}

func (a *authSeen) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	a.mu.Lock()
	a.auth = append(a.auth, r.Header.Get("Authorization"))
	a.mu.Unlock()
	a.next.ServeHTTP(w, r)
}

// sawToken reports whether tok came in any request since the last call.
func (a *authSeen) sawToken(tok string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	seen := false
	for _, h := range a.auth {
		seen = seen || strings.Contains(h, tok)
	}
	a.auth = nil
	return seen
}

// TestRemoteServerNoTokenFile: with the data directory held (so the
// commands turn to --server) and --server naming a host that is not
// this machine by its URL, the token in DATA/token is sent by none of
// search, ingest and reindex. reindex used to send it.
func TestRemoteServerNoTokenFile(t *testing.T) {
	ip := nonLoopbackIP(t)
	data := t.TempDir()
	eng := enginetest.Open(t, enginetest.Dir(data), enginetest.Seeds())
	rx := engine.NewReindexer(context.Background(), eng)
	t.Cleanup(rx.Wait)
	tok, _, err := engine.Token(data, "")
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(), Writer: eng, Intake: ingest.Intake{}, Reindexer: rx, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	seen := &authSeen{next: srv}
	ts := httptest.NewUnstartedServer(seen)
	ts.Listener.Close()
	if ts.Listener, err = net.Listen("tcp", net.JoinHostPort(ip, "0")); err != nil {
		skipOrFail(t, "cannot listen on %s: %v", ip, err)
	}
	ts.Start()
	t.Cleanup(ts.Close)

	code, out, errOut := runCLI(t, "reindex", "--data", data, "--server", ts.URL)
	if seen.sawToken(tok) {
		t.Errorf("reindex sent DATA/token to %s", ts.URL)
	}
	if code != 1 || !strings.Contains(errOut, "only sent to a server on this machine") {
		t.Errorf("reindex without --token: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCLIStdin(t, `{"id":"t-1","body":"Ghana gold exports rose."}`, "ingest", "--data", data, "--server", ts.URL, "-")
	if sent := seen.sawToken(tok); sent || code != 1 {
		t.Errorf("ingest without --token: exit %d, token sent: %v\n%s\n%s", code, sent, out, errOut)
	}
	// An open server answers a search without the token.
	code, out, errOut = runCLI(t, "search", "--data", data, "--server", ts.URL, "fentanyl", "tariff")
	if sent := seen.sawToken(tok); sent || code != 0 || !strings.Contains(out, "1 articles") {
		t.Errorf("search: exit %d, token sent: %v\n%s\n%s", code, sent, out, errOut)
	}
	// Given on the command line, the token goes where it is told.
	code, out, errOut = runCLI(t, "reindex", "--data", data, "--server", ts.URL, "--token", tok)
	if code != 0 || !strings.Contains(out, "re-indexed 3 articles on "+ts.URL) {
		t.Errorf("reindex --token: exit %d\n%s\n%s", code, out, errOut)
	}
}

// TestTokenRule: the token file goes only to a server that its URL alone
// puts on this machine; a given token goes anywhere.
func TestTokenRule(t *testing.T) {
	data := t.TempDir()
	file, _, err := engine.Token(data, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		server string
		local  bool
	}{
		{"http://localhost:8080", true},
		{"http://LocalHost:8080/", true},
		{"https://localhost", true},
		{"http://127.0.0.1:8080", true},
		{"http://127.3.4.5", true},
		{"http://[::1]:8080", true},
		{"http://[::ffff:127.0.0.1]:8080", true},
		{"http://192.0.2.1:8080", false},
		{"http://example.com", false},
		{"http://localhost.example.com", false},
		{"http://localhost@example.com", false}, // user "localhost" at example.com
		{"http://example.com#@localhost", false},
		{"http://127.0.0.1.nip.io", false}, // resolves to loopback today, says nothing of tomorrow
		{"http://0.0.0.0:8080", false},
		{"http://foo.localhost", false},
		{"localhost:8080", false}, // no scheme: not a URL the client can use
		{"ftp://localhost", false},
		{"", false},
		{"http://[::1", false},
	} {
		got, err := serverToken(c.server, "", data)
		if c.local && (err != nil || got != file) {
			t.Errorf("%q: token %q, %v; want the file's", c.server, got, err)
		}
		if !c.local && (got != "" || err == nil) {
			t.Errorf("%q: token %q, %v; want none and why", c.server, got, err)
		}
		if got, err := serverToken(c.server, "given", data); got != "given" || err != nil {
			t.Errorf("%q with --token: %q, %v", c.server, got, err)
		}
	}
	// On this machine, an unreadable token file is named.
	if _, err := serverToken("http://localhost:8080", "", t.TempDir()); err == nil || !strings.Contains(err.Error(), "token") {
		t.Errorf("no token file: %v", err)
	}
}
