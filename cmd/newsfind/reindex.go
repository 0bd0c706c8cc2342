package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("reindex", "reindex [--data ./data] [--server URL]\n\nRebuilds the index from the stored articles into a new folder and swaps it in;\nsearches go on meanwhile. Asks the server to do it when one holds the data directory.", stderr)
	data := fs.String("data", "./data", "data directory")
	server := fs.String("server", "http://localhost:8080", "server to ask when it holds the data directory")
	token := fs.String("token", "", "the server's write token (default: read from DATA/token)")
	if extra, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q (see newsfind reindex --help)", extra[0])
	}
	start := time.Now()
	eng, err := openLocal(ctx, *data)
	if errors.Is(err, engine.ErrLocked) {
		return reindexRemote(ctx, *data, *server, *token, stdout, stderr)
	}
	if err != nil {
		return err
	}
	defer eng.Close()
	b := newBar(stderr, 1, "re-indexing")
	total := 0
	err = engine.NewReindexer(ctx, eng).Run(ctx, func(done, n int) {
		if n != total {
			total = n
			b.SetTotal(n)
		}
		b.Set(done)
	})
	b.Finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "re-indexed %d articles in %.1fs\n", total, time.Since(start).Seconds())
	return nil
}

// reindexRemote starts the rebuild on the server and follows its status.
func reindexRemote(ctx context.Context, data, server, token string, stdout, stderr io.Writer) error {
	if token == "" {
		t, err := engine.ReadToken(data)
		if err != nil {
			return fmt.Errorf("a server holds %s, and asking it needs its token: pass --token or set NEWSFIND_TOKEN (%v)", data, err)
		}
		token = t
	}
	c := &apiClient{server: strings.TrimRight(server, "/"), token: token, http: &http.Client{Timeout: 30 * time.Second}}
	start := time.Now()
	var st newsfind.ReindexStatus
	code, err := c.do(ctx, http.MethodPost, "/api/reindex", "", nil, &st)
	if err != nil {
		return err
	}
	if code == http.StatusConflict {
		fmt.Fprintln(stderr, "a re-index is already running on the server; following it")
	}
	b := newBar(stderr, max(st.Total, 1), "re-indexing on the server")
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for st.Running {
		select {
		case <-ctx.Done():
			b.Finish()
			return fmt.Errorf("stopped following; the re-index goes on on the server (GET %s/api/reindex)", c.server)
		case <-tick.C:
		}
		if _, err := c.do(ctx, http.MethodGet, "/api/reindex", "", nil, &st); err != nil {
			b.Finish()
			return err
		}
		b.SetTotal(max(st.Total, 1))
		b.Set(st.Done)
	}
	b.Finish()
	if st.Error != "" {
		return fmt.Errorf("the re-index failed on the server: %s", st.Error)
	}
	fmt.Fprintf(stdout, "re-indexed %d articles on %s in %.1fs\n", st.Total, c.server, time.Since(start).Seconds())
	return nil
}
