package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/wire"
)

// exporterOf is the engine's searcher as an exporter, nil when it cannot
// export (the route is then not registered).
func exporterOf(s newsfind.Searcher) newsfind.Exporter {
	x, _ := s.(newsfind.Exporter)
	return x
}

// exportProgressEvery is how often export says how far it got.
const exportProgressEvery = 2 * time.Second

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", "export [flags] QUERY", stderr)
	qf := addQueryFlags(fs)
	format := fs.String("format", wire.FormatNDJSON, "ndjson or csv")
	out := fs.String("o", "", "file to write (default: standard output); written whole or not at all")
	data := fs.String("data", "./data", "data directory to export from when no server holds it")
	server := fs.String("server", "", "server to ask (default: the one serving --data, else "+defaultServer+")")
	token := fs.String("token", "", "token for a --private server (default: read from DATA/token when readable)")
	words, err := parseQuery(fs, args)
	if err != nil {
		return err
	}
	if *format != wire.FormatNDJSON && *format != wire.FormatCSV {
		return fmt.Errorf("--format %q: use ndjson or csv", *format)
	}
	q, err := qf.query(words)
	if err != nil {
		return err
	}

	p := placeOf(fs, *data, *server)
	eng, remote, err := p.reach(ctx, true, "", stderr)
	if err != nil {
		return err
	}
	if eng != nil {
		defer eng.Close()
	}

	var w io.Writer = stdout
	var f *os.File
	if *out != "" && *out != "-" {
		// A part file renamed at the end: an export that fails leaves no
		// file that looks complete.
		if f, err = os.Create(*out + ".part"); err != nil {
			return err
		}
		defer func() {
			if f != nil {
				f.Close()
				os.Remove(f.Name())
			}
		}()
		w = f
	}
	counted := &countWriter{w: w}
	stop := progress(stderr, counted)
	var rows int64
	if eng != nil {
		rows, err = exportLocal(ctx, exporterOf(eng.Searcher()), q, *format, counted)
	} else {
		tok, _ := serverToken(remote, *token, p.data)
		_, err = client.New(remote, client.Options{Token: tok}).Export(ctx, q, *format, counted)
		rows = -1
	}
	stop()
	if err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
		if err := os.Rename(f.Name(), *out); err != nil {
			return err
		}
		f = nil
	}
	where := "standard output"
	if *out != "" && *out != "-" {
		where = *out
	}
	if rows >= 0 {
		fmt.Fprintf(stderr, "exported %d articles (%s) to %s\n", rows, mb(counted.n.Load()), where)
	} else {
		fmt.Fprintf(stderr, "exported %s from %s to %s\n", mb(counted.n.Load()), remote, where)
	}
	return nil
}

// exportLocal exports from the data directory's engine straight to w: a
// round trip through the in-process handler would hold the whole answer.
func exportLocal(ctx context.Context, x newsfind.Exporter, q newsfind.Query, format string, w io.Writer) (int64, error) {
	if x == nil {
		return 0, errors.New("this data directory's searcher cannot export")
	}
	enc, err := wire.NewExportEncoder(w, format)
	if err != nil {
		return 0, err
	}
	var rows int64
	err = x.Export(ctx, q, func(r *newsfind.ExportRow) error {
		rows++
		return enc.Encode(r)
	})
	if err != nil {
		return rows, err
	}
	return rows, enc.Flush()
}

// countWriter counts the bytes written through it, read by the progress
// line from another goroutine.
type countWriter struct {
	w io.Writer
	n atomic.Int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// progress prints how much is written every few seconds until stopped.
func progress(stderr io.Writer, c *countWriter) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(exportProgressEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fmt.Fprintf(stderr, "exporting: %s so far\n", mb(c.n.Load()))
			}
		}
	}()
	return func() { close(done); <-finished }
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
