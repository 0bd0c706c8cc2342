package client_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

const testToken = "client-test-token-0123456789"

// seedServer is the real program's parts, an engine over a fresh data
// directory with the embedded seeds behind the real server, and a client
// of it with the token.
type seedServer struct {
	*httptest.Server
	eng    *engine.Engine
	client *client.Client
}

// newSeedServer starts one; wrap, if given, stands between the server and
// the engine's searcher.
func newSeedServer(t *testing.T, opt web.Options, wrap func(newsfind.Searcher) newsfind.Searcher) *seedServer {
	t.Helper()
	eng := enginetest.Open(t, enginetest.Seeds())
	rx := engine.NewReindexer(context.Background(), eng)
	t.Cleanup(rx.Wait)
	opt.Searcher, opt.Writer, opt.Intake, opt.Reindexer, opt.Token, opt.Logger = eng.Searcher(), eng, ingest.Intake{}, rx, testToken, zerolog.Nop()
	if wrap != nil {
		opt.Searcher = wrap(opt.Searcher)
	}
	srv, err := web.NewServer(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &seedServer{Server: ts, eng: eng, client: client.New(ts.URL, client.Options{Token: testToken})}
}

// wantError checks that err is the *newsfind.Error the server wrote.
func wantError(t *testing.T, what string, err error, code, limit string) *newsfind.Error {
	t.Helper()
	e, ok := err.(*newsfind.Error)
	if !ok {
		t.Fatalf("%s: error %T %v, want a *newsfind.Error", what, err, err)
	}
	if e.Code != code || e.Limit != limit {
		t.Errorf("%s: code %q limit %q (%q), want code %q limit %q", what, e.Code, e.Limit, e.Message, code, limit)
	}
	return e
}
