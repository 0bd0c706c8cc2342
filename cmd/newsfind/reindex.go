package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/engine"
)

func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("reindex", "reindex [--data ./data] [--server URL]\n\nRebuilds the index from the stored articles into a new folder and swaps it in;\nsearches go on meanwhile. Asks the server to do it when one holds the data directory.", stderr)
	data := fs.String("data", "./data", "data directory")
	server := fs.String("server", "", "server to ask (default: the one serving --data, as serve wrote it into DATA/server.addr, else "+defaultServer+")")
	token := fs.String("token", "", "the server's write token (default: read from DATA/token, for a server on this machine only)")
	if extra, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q (see newsfind reindex --help)", extra[0])
	}
	start := time.Now()
	eng, url, err := placeOf(fs, *data, *server).reach(ctx, false, "", stderr)
	if err != nil {
		return err
	}
	if eng == nil {
		return reindexRemote(ctx, *data, url, *token, stdout, stderr)
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
	tok, err := serverToken(server, token, data)
	if err != nil {
		return fmt.Errorf("the server at %s holds the articles, and asking it needs its token: %w", server, err)
	}
	c := client.New(server, client.Options{Token: tok, HTTPClient: &http.Client{Timeout: 30 * time.Second}})
	start := time.Now()
	st, started, err := c.StartReindex(ctx)
	if err != nil {
		return fmt.Errorf("asking %s: %w", c.URL(), err)
	}
	if !started {
		fmt.Fprintln(stderr, "a re-index is already running on the server; following it")
	}
	b := newBar(stderr, max(st.Total, 1), "re-indexing on the server")
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for st.Running {
		select {
		case <-ctx.Done():
			b.Finish()
			return fmt.Errorf("stopped following; the re-index goes on on the server (GET %s/api/reindex)", c.URL())
		case <-tick.C:
		}
		if st, err = c.ReindexStatus(ctx); err != nil {
			b.Finish()
			return fmt.Errorf("asking %s: %w", c.URL(), err)
		}
		b.SetTotal(max(st.Total, 1))
		b.Set(st.Done)
	}
	b.Finish()
	if st.Error != "" {
		return fmt.Errorf("the re-index failed on the server: %s", st.Error)
	}
	fmt.Fprintf(stdout, "re-indexed %d articles on %s in %.1fs\n", st.Total, c.URL(), time.Since(start).Seconds())
	return nil
}
