package main

import (
	"context"
	"fmt"
	"io"
)

// runHealth asks a running server whether it is healthy; the container
// image has no curl, so its HEALTHCHECK runs this. It finds the server
// as the other commands do, unless --addr names it.
func runHealth(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("health", "health [--addr :8080 | --server URL] [--data ./data]", stderr)
	addr := fs.String("addr", "", "address the server listens on, as given to serve --addr (default: as --server)")
	server := fs.String("server", "", "server to ask (default: the one serving --data, as serve wrote it into DATA/server.addr, else "+defaultServer+")")
	data := fs.String("data", "./data", "data directory whose server to ask")
	if extra, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q (see newsfind health --help)", extra[0])
	}
	p := placeOf(fs, *data, *server)
	if p.dataGiven {
		if err := dirExists(*data); err != nil {
			return err
		}
	}
	cands := serverCandidates(p.server, p.serverFrom, *data)
	if from := fs.origin("addr"); from != "" {
		cands = []candidate{{serverURL(*addr), from}}
	}
	if _, err := findServer(ctx, cands); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
