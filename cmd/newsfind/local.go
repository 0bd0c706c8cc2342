package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/web"
)

// localLockWait is how long a command waits for the data directory before
// it concludes that a server holds it and turns to the server instead.
const localLockWait = 300 * time.Millisecond

// openLocal opens a data directory for a command that runs without a
// server; engine.ErrLocked says a server holds it. withSeeds puts the
// seed articles into a new directory, as serve does: only a search asks,
// since a search of a new directory is a demo, while ingest and reindex
// into one build a corpus that the seeds would pollute (a 2025 article
// stretching a 1987 timeline).
func openLocal(ctx context.Context, data string, withSeeds bool, synonyms string) (*engine.Engine, error) {
	o := engine.Options{Dir: data, Logger: zerolog.Nop(), LockTimeout: localLockWait, Synonyms: synonyms}
	if withSeeds {
		o.Seeds = seeds.Articles
	}
	return engine.Open(ctx, o)
}

// inProcess returns a client of the server's handler run in this process
// over eng, so that a command over a data directory gets the answers a
// server over it would give: the same parameter checks, the same JSON.
func inProcess(eng *engine.Engine) (*client.Client, error) {
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop()})
	if err != nil {
		return nil, err
	}
	return client.New("http://localhost", client.Options{HTTPClient: &http.Client{Transport: handlerTransport{srv}}}), nil
}

// handlerTransport answers requests with a handler instead of the network.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	// A server's request, not a client's: the handler's checks read
	// RequestURI, which a client's request leaves empty.
	r := httptest.NewRequestWithContext(req.Context(), req.Method, req.URL.RequestURI(), req.Body)
	r.Header = req.Header.Clone()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// serverToken is the one rule for which token a command sends to server:
// the one given (--token or $NEWSFIND_TOKEN) to any server; else the one
// in data's token file, but only to a server on this machine, since that
// file is the write token of whatever holds data and a server elsewhere
// is not that. With neither, the error says why there is none; a read
// may go on without a token, a write cannot.
func serverToken(server, given, data string) (string, error) {
	if given != "" {
		return given, nil
	}
	file := filepath.Join(data, engine.TokenFile)
	if !onThisMachine(server) {
		return "", fmt.Errorf("no token for %s: pass --token or set NEWSFIND_TOKEN (the token in %s is only sent to a server on this machine)", server, file)
	}
	tok, err := engine.ReadToken(data)
	if err != nil {
		return "", fmt.Errorf("no token: pass --token or set NEWSFIND_TOKEN, or run where %s is readable (%v)", file, err)
	}
	return tok, nil
}

// onThisMachine reports whether a server URL names this machine by its
// host alone: "localhost" or a loopback address. A name is never looked
// up, as what it resolves to now need not be what the request reaches.
func onThisMachine(server string) bool {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
