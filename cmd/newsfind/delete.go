package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/engine"
)

func runDelete(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("delete", "delete [--data ./data] [--server URL] ID...\n\nRemoves articles: from the store (durably), the index, the facets and their\nstories. Asks the server when one holds the data directory. Exits 1 when an\nid is unknown.", stderr)
	data := fs.String("data", "./data", "data directory")
	server := fs.String("server", "http://localhost:8080", "server to ask when it holds the data directory")
	token := fs.String("token", "", "the server's write token (default: read from DATA/token, for a server on this machine only)")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fs.Usage()
		return errUsage
	}
	if len(ids) > engine.MaxDeleteIDs {
		return fmt.Errorf("at most %d ids per delete (max_delete_ids); run it several times", engine.MaxDeleteIDs)
	}
	var gone []string
	eng, err := openLocal(ctx, *data, false, "")
	switch {
	case errors.Is(err, engine.ErrLocked):
		tok, terr := serverToken(*server, *token, *data)
		if terr != nil {
			return fmt.Errorf("a server holds %s, and asking it needs its token: %w", *data, terr)
		}
		c := client.New(*server, client.Options{Token: tok, HTTPClient: &http.Client{Timeout: 2 * time.Minute}})
		if gone, err = c.Delete(ctx, ids); err != nil {
			return fmt.Errorf("asking %s: %w", c.URL(), err)
		}
	case err != nil:
		return err
	default:
		defer eng.Close()
		if gone, err = eng.Delete(ctx, ids); err != nil {
			return err
		}
	}
	removed := map[string]bool{}
	for _, id := range gone {
		removed[id] = true
		fmt.Fprintf(stdout, "deleted %s\n", id)
	}
	var unknown []string
	for _, id := range ids {
		if !removed[id] {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("no article with id %s (nothing else was changed for it)", strings.Join(unknown, ", "))
	}
	return nil
}
