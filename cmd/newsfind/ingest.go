package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/arrive"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
)

// ingestItem is one item read from an input, with where it came from.
type ingestItem struct {
	from string // file, URL or "stdin"
	ingest.Item
}

// failure is an article or an input that was refused.
type failure struct {
	from   string
	index  int // -1 for the whole input
	id     string
	reason string
}

func (f failure) String() string {
	where := f.from
	if f.index >= 0 {
		where += fmt.Sprintf(" item %d", f.index)
	}
	if f.id != "" {
		where += " (" + f.id + ")"
	}
	return where + ": " + f.reason
}

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ingest", "ingest [flags] PATH|URL|- ...\n\nAdds articles from files (JSON, NDJSON, .gz, Markdown, HTML, RSS/Atom), folders (recursively),\nfeed or page URLs, and stdin (-). Sends them to the running server, or with --data and no\nserver holding that directory, writes the data directory directly.", stderr)
	server := fs.String("server", "http://localhost:8080", "server to send the articles to")
	token := fs.String("token", "", "the server's write token (default: read from DATA/token, for a server on this machine only)")
	data := fs.String("data", "./data", "data directory to write directly when no server holds it")
	strict := fs.Bool("strict", false, "refuse an article with an unknown JSON field (by default the field is left out with a warning)")
	lenient := fs.Bool("lenient", false, "leave unknown JSON fields out without a warning")
	batch := fs.Int("batch", 500, "articles per request or write")
	inputs, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(inputs) == 0 {
		fs.Usage()
		return errUsage
	}
	if *batch < 1 {
		return errors.New("--batch must be at least 1")
	}
	dataGiven := fs.given("data")
	start := time.Now()

	sink, where, closeSink, err := ingestSink(ctx, *data, dataGiven, *server, *token)
	if err != nil {
		return err
	}
	defer closeSink()

	// Inputs are read one at a time and sent a batch at a time, so memory
	// holds one input and one batch, however many inputs there are.
	bar := newBar(stderr, -1, "ingesting") // how many articles the inputs hold is known only at the end
	var counts newsfind.Tally
	var fails []failure
	// Warnings are counted by text: a dataset's extra field is the same
	// warning on every one of its articles, said once with the count.
	warned := map[string]int{}
	var warnOrder []string
	// pending holds the refused items too, so that one call says what
	// became of every item; they count against --batch, which bounds
	// what is held, not only what is sent.
	var pending []ingestItem
	sent := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		items := make([]ingest.Item, len(pending))
		for j := range pending {
			items[j] = pending[j].Item
		}
		outs, err := ingest.Add(ctx, sink, items)
		if errors.Is(err, syscall.ECONNREFUSED) {
			return fmt.Errorf("no server answers at %s: start one with `newsfind serve`, or pass --data DIR to write a data directory directly", where)
		}
		if err != nil {
			return fmt.Errorf("%s: %w (%d articles were stored before this)", where, err, counts.Stored())
		}
		for j, o := range outs {
			counts.Add(o)
			for _, w := range o.Warnings {
				if warned[w] == 0 {
					warnOrder = append(warnOrder, w)
				}
				warned[w]++
			}
			if pending[j].Err == nil {
				sent++
			}
			if o.Status == newsfind.StatusError {
				fails = append(fails, failure{from: pending[j].from, index: o.Index, id: o.ID, reason: o.Error})
			}
		}
		bar.Set(sent)
		pending = pending[:0]
		return nil
	}
	err = readInputs(ctx, inputs, stdin, ingest.Options{Strict: *strict, Lenient: *lenient},
		func(it ingestItem) error {
			pending = append(pending, it)
			if len(pending) >= *batch {
				return flush()
			}
			return nil
		},
		func(f failure) { fails = append(fails, f) })
	if err == nil {
		err = flush()
	}
	bar.Finish()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}

	took := time.Since(start)
	const show = 20
	for i, f := range fails {
		if i == show {
			fmt.Fprintf(stderr, "… and %d more failures\n", len(fails)-show)
			break
		}
		fmt.Fprintln(stderr, f)
	}
	for i, w := range warnOrder {
		if i == show {
			fmt.Fprintf(stderr, "… and %d more warnings\n", len(warnOrder)-show)
			break
		}
		fmt.Fprintf(stderr, "warning: %s (%d articles; --strict refuses them, --lenient says nothing)\n", w, warned[w])
	}
	total := counts.Stored()
	fmt.Fprintf(stdout, "%d articles stored into %s in %.1fs (%.0f articles/s): %d created, %d updated, %d unchanged; %d failed\n",
		total, where, took.Seconds(), float64(total)/max(took.Seconds(), 1e-3), counts.Created, counts.Updated, counts.Unchanged, len(fails))
	if len(fails) > 0 {
		return fmt.Errorf("%d articles or inputs failed (listed above)", len(fails))
	}
	return nil
}

// readInputs reads every input, one at a time, and hands each item
// (refused by its parser or not) to emit and each input that cannot be
// read to fail; the others go on. It stops at emit's first error.
func readInputs(ctx context.Context, inputs []string, stdin io.Reader, opt ingest.Options,
	emit func(ingestItem) error, fail func(failure)) error {
	var emitErr error
	addItems := func(from string, its []ingest.Item, err error) {
		if err != nil {
			fail(failure{from: from, index: -1, reason: newsfind.ErrorMessage(err)})
			return
		}
		for _, it := range its {
			if emitErr != nil {
				return
			}
			emitErr = emit(ingestItem{from: from, Item: it})
		}
	}
	fetcher := &http.Client{Timeout: time.Minute}
	for _, in := range inputs {
		if ctx.Err() != nil || emitErr != nil {
			break
		}
		switch {
		case in == "-":
			data, err := io.ReadAll(io.LimitReader(stdin, ingest.MaxInputBytes+1))
			if err == nil {
				its, perr := ingest.ParseBytes(data, "", "", opt)
				addItems("stdin", its, perr)
			} else {
				addItems("stdin", nil, err)
			}
		case strings.HasPrefix(in, "http://") || strings.HasPrefix(in, "https://"):
			got, err := arrive.Fetch(ctx, fetcher, in, "", "", arrive.DefaultMaxBytes)
			if err != nil {
				fail(fetchFailure(in, err))
				continue
			}
			o := opt
			o.URL = arrive.PublicURL(in) // the base of links that are stored
			its, perr := ingest.ParseBytes(got.Body, o.URL, got.ContentType, o)
			addItems(in, its, perr)
		default:
			st, err := os.Stat(in)
			if err != nil {
				addItems(in, nil, err)
				continue
			}
			if !st.IsDir() {
				its, perr := ingest.ParseFile(in, opt)
				addItems(in, its, perr)
				continue
			}
			// A folder: every file with a known extension, recursively,
			// in name order; hidden files and folders are skipped.
			err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					addItems(path, nil, err)
					return nil
				}
				name := d.Name()
				if path != in && strings.HasPrefix(name, ".") {
					if d.IsDir() {
						return filepath.SkipDir
					}
					return nil
				}
				if d.IsDir() || !ingest.Known(name) {
					return nil
				}
				its, perr := ingest.ParseFile(path, opt)
				addItems(path, its, perr)
				if emitErr != nil {
					return emitErr
				}
				return ctx.Err()
			})
			if err != nil && ctx.Err() == nil && emitErr == nil {
				addItems(in, nil, err)
			}
		}
	}
	return emitErr
}

// fetchFailure names why a URL could not be fetched (the HTTP status, the
// timeout, the DNS or connection error, the size cap), under the URL
// without its password: the line may be pasted into a ticket.
func fetchFailure(in string, err error) failure {
	if fe, ok := errors.AsType[*arrive.FetchError](err); ok {
		return failure{from: fe.URL, index: -1, reason: "fetch failed: " + fe.Reason}
	}
	return failure{from: in, index: -1, reason: err.Error()}
}

// ingestSink decides where the articles go: with --data, straight into
// that directory unless a server holds it; else (or when one does) to
// the server.
func ingestSink(ctx context.Context, data string, dataGiven bool, server, token string) (newsfind.Writer, string, func(), error) {
	if dataGiven {
		eng, err := openLocal(ctx, data, false, "")
		if err == nil {
			return eng, data, func() { eng.Close() }, nil
		}
		if !errors.Is(err, engine.ErrLocked) {
			return nil, "", nil, err
		}
		// A server holds the directory: it takes the articles.
	}
	tok, err := serverToken(server, token, data)
	if err != nil {
		return nil, "", nil, err
	}
	c := client.New(server, client.Options{Token: tok, HTTPClient: &http.Client{Timeout: 5 * time.Minute}})
	return c, c.URL(), func() {}, nil
}

// bar is a progress bar on a terminal, nothing elsewhere (logs and pipes
// get the summary line only).
type bar struct{ pb *progressbar.ProgressBar }

// newBar shows progress on a terminal; total -1 means not known ahead
// (a spinner with a count).
func newBar(w io.Writer, total int, desc string) *bar {
	if !isTerminal(w) || total == 0 {
		return &bar{}
	}
	return &bar{pb: progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription(desc),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())}
}

func (b *bar) Set(n int) {
	if b.pb != nil {
		b.pb.Set(n)
	}
}

func (b *bar) SetTotal(n int) {
	if b.pb != nil {
		b.pb.ChangeMax(n)
	}
}

func (b *bar) Finish() {
	if b.pb != nil {
		b.pb.Finish()
	}
}
