package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
)

func runDelete(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("delete", "delete [--data ./data] [--server URL] ID...\n\nRemoves articles: from the store (durably), the index, the facets and their\nstories. Asks the server when one holds the data directory. Exits 1 when an\nid is unknown.", stderr)
	data := fs.String("data", "./data", "data directory")
	server := fs.String("server", "", "server to ask (default: the one serving --data, as serve wrote it into DATA/server.addr, else "+defaultServer+")")
	token := fs.String("token", "", "the server's write token (default: read from DATA/token, for a server on this machine only)")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		fs.Usage()
		return errUsage
	}
	if len(ids) > newsfind.MaxDeleteIDs {
		return fmt.Errorf("at most %d ids per delete (max_delete_ids); run it several times", newsfind.MaxDeleteIDs)
	}
	var gone []string
	eng, url, err := placeOf(fs, *data, *server).reach(ctx, false, "", stderr)
	switch {
	case err != nil:
		return err
	case eng == nil:
		tok, terr := serverToken(url, *token, *data)
		if terr != nil {
			return fmt.Errorf("the server at %s holds the articles, and asking it needs its token: %w", url, terr)
		}
		c := client.New(url, client.Options{Token: tok, HTTPClient: &http.Client{Timeout: 2 * time.Minute}})
		if gone, err = c.Delete(ctx, ids); err != nil {
			return fmt.Errorf("asking %s: %w", c.URL(), err)
		}
	default:
		defer eng.Close()
		if err := refuseClusterDir(eng); err != nil {
			return err
		}
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
