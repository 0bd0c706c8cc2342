package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"

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

// exportBarEvery is how often the progress bar reads the row count.
const exportBarEvery = 200 * time.Millisecond

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("export", "export [flags] QUERY", stderr)
	qf := addQueryFlags(fs)
	format := fs.String("format", wire.FormatNDJSON, "ndjson or csv")
	unit := fs.String("unit", newsfind.UnitArticles, "a row per matching article, passage or story: articles, passages or stories")
	bom := fs.Bool("bom", false, "start a CSV with a UTF-8 byte order mark, for Excel")
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
	if *unit != newsfind.UnitArticles && *unit != newsfind.UnitPassages && *unit != newsfind.UnitStories {
		return fmt.Errorf("--unit %q: use articles, passages or stories", *unit)
	}
	if *bom && *format != wire.FormatCSV {
		return errors.New("--bom is for --format csv")
	}
	o := wire.ExportOptions{Format: *format, Unit: *unit, BOM: *bom}
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
	counted := newRowCounter(w, o)
	stop := exportBar(stderr, counted, o.Unit)
	if eng != nil {
		err = exportLocal(ctx, exporterOf(eng.Searcher()), q, o, counted)
	} else {
		tok, _ := serverToken(remote, *token, p.data)
		_, err = client.New(remote, client.Options{Token: tok}).Export(ctx, q, o, counted)
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
	from := ""
	if eng == nil {
		from = " from " + remote
	}
	fmt.Fprintf(stderr, "exported %d %s (%s)%s to %s\n", counted.Rows(), o.Unit, mb(counted.bytes.Load()), from, where)
	return nil
}

// exportLocal exports from the data directory's engine straight to w: a
// round trip through the in-process handler would hold the whole answer.
func exportLocal(ctx context.Context, x newsfind.Exporter, q newsfind.Query, o wire.ExportOptions, w io.Writer) error {
	if x == nil {
		return errors.New("this data directory's searcher cannot export")
	}
	enc, err := wire.NewExportEncoder(w, o)
	if err != nil {
		return err
	}
	switch o.Unit {
	case newsfind.UnitPassages:
		err = x.ExportPassages(ctx, q, enc.Passage)
	case newsfind.UnitStories:
		err = x.ExportStories(ctx, q, enc.Story)
	default:
		err = x.Export(ctx, q, enc.Article)
	}
	if err != nil {
		return err
	}
	return enc.Flush()
}

// rowCounter counts the bytes and the rows written through it, read by
// the progress bar from another goroutine. It counts rows from the bytes
// themselves, so that an export from a server, which sends bytes, counts
// as one from a data directory: NDJSON rows are lines; CSV records end at
// a line break outside quotes, and the first is the header.
type rowCounter struct {
	w       io.Writer
	csv     bool
	quoted  bool
	bytes   atomic.Int64
	records atomic.Int64
}

func newRowCounter(w io.Writer, o wire.ExportOptions) *rowCounter {
	return &rowCounter{w: w, csv: o.Format == wire.FormatCSV}
}

func (c *rowCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	var ends int64
	for _, b := range p[:n] {
		switch {
		case b == '"' && c.csv:
			c.quoted = !c.quoted // "" inside a field flips twice
		case b == '\n' && !c.quoted:
			ends++
		}
	}
	c.bytes.Add(int64(n))
	c.records.Add(ends)
	return n, err
}

// Rows is how many rows were written, the CSV header not counted.
func (c *rowCounter) Rows() int64 {
	n := c.records.Load()
	if c.csv && n > 0 {
		n--
	}
	return n
}

// exportBar shows the rows written on a terminal, as a spinner with a
// count and a rate (how many will come is known only at the end); it
// shows nothing elsewhere, where the summary line is enough.
func exportBar(stderr io.Writer, c *rowCounter, unit string) (stop func()) {
	if !isTerminal(stderr) {
		return func() {}
	}
	pb := progressbar.NewOptions64(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("exporting"),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString(unit),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(exportBarEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				pb.Set64(c.Rows())
				pb.Finish()
				return
			case <-t.C:
				pb.Set64(c.Rows())
			}
		}
	}()
	return func() { close(done); <-finished }
}

func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
