package client

import (
	"context"
	"fmt"
	"net/http"

	"github.com/newsfind/newsfind"
)

// StartReindex asks the server to rebuild its index: POST /api/reindex.
// started is false when a rebuild was already running; st is the status
// of the running one either way.
func (c *Client) StartReindex(ctx context.Context) (st newsfind.ReindexStatus, started bool, err error) {
	a, err := c.do(ctx, http.MethodPost, "/api/reindex", "", nil)
	if err != nil {
		return st, false, err
	}
	switch a.status {
	case http.StatusAccepted:
		started = true
	case http.StatusConflict: // one is running: its status, not an error
	default:
		return st, false, responseError(a)
	}
	return st, started, c.decode(a, &st)
}

// ReindexStatus returns the state of the running or last rebuild: GET
// /api/reindex.
func (c *Client) ReindexStatus(ctx context.Context) (newsfind.ReindexStatus, error) {
	var st newsfind.ReindexStatus
	err := c.getJSON(ctx, "/api/reindex", &st)
	return st, err
}

// Reindexer returns the client as a newsfind.Reindexer, for code that
// takes one. That interface has neither a context nor an error, since
// the engine's rebuild runs in the process; so each call here is bounded
// by the HTTP client's timeout only, and a server that cannot be asked
// reads as a rebuild that is not running, with Error saying why. Code
// that can take a context and an error should call the client's methods.
func (c *Client) Reindexer() newsfind.Reindexer { return reindexer{c} }

type reindexer struct{ c *Client }

func (r reindexer) StartReindex() (newsfind.ReindexStatus, bool) {
	st, started, err := r.c.StartReindex(context.Background())
	if err != nil {
		return r.failed(err), false
	}
	return st, started
}

func (r reindexer) ReindexStatus() newsfind.ReindexStatus {
	st, err := r.c.ReindexStatus(context.Background())
	if err != nil {
		return r.failed(err)
	}
	return st
}

func (r reindexer) failed(err error) newsfind.ReindexStatus {
	return newsfind.ReindexStatus{Error: fmt.Sprintf("asking %s: %v", r.c.url, err)}
}
