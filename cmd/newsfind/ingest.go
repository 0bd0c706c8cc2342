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

// failure is an input named on the command line that could not be read
// (a missing file, a feed that did not answer): the run exits 1, since
// the sender asked for it by name.
type failure struct {
	from   string
	reason string
}

func (f failure) String() string { return f.from + ": " + f.reason }

// skipped is a record refused (index ≥ 0: its position in its input) or
// a file of a folder that is not articles (index -1). It is said in one
// line, and the run goes on.
type skipped struct {
	from   string
	index  int
	id     string
	reason string
}

func (s skipped) String() string {
	where := s.from
	if s.index >= 0 {
		where += fmt.Sprintf(" record %d", s.index+1) // 1-based: the line of NDJSON
	}
	if s.id != "" {
		where += " (" + s.id + ")"
	}
	return "skipped " + where + ": " + s.reason
}

func runIngest(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlagSet("ingest", "ingest [flags] PATH|URL|- ...\n\nAdds articles from files (JSON, NDJSON, .gz, Markdown, HTML, RSS/Atom), folders (recursively:\nthe files that are articles; the others are listed as skipped), feed or page URLs, and stdin (-).\nA record that is not a valid article is skipped with a line saying why; the run ends with\n\"N stored, M skipped\" and exits 0 unless nothing was stored, an input could not be read, or\n--strict was given and something was skipped. Sends the articles to the running server, or\nwith --data and no server holding that directory, writes the data directory directly.", stderr)
	server := fs.String("server", "", "server to send the articles to (default: the one serving --data, as serve wrote it into DATA/server.addr, else "+defaultServer+")")
	token := fs.String("token", "", "the server's write token (default: read from DATA/token, for a server on this machine only)")
	data := fs.String("data", "./data", "data directory to write directly when no server holds it (made if missing)")
	strict := fs.Bool("strict", false, "refuse an article with an unknown JSON field (by default the field is left out with a warning), and exit 1 if any record or file was skipped")
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
	p := placeOf(fs, *data, *server)
	start := time.Now()

	sink, where, closeSink, err := ingestSink(ctx, p, *token)
	if err != nil {
		return err
	}
	defer closeSink()

	// Inputs are read one at a time and sent a batch at a time, so memory
	// holds one input and one batch, however many inputs there are.
	bar := newBar(stderr, -1, "ingesting") // how many articles the inputs hold is known only at the end
	// Skips and failures are said as they happen, so that none is held.
	say := func(line string) {
		bar.Clear()
		fmt.Fprintln(stderr, line)
	}
	var counts newsfind.Tally
	nSkipped, nFailed := 0, 0
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
			return fmt.Errorf("the server at %s stopped answering (%d articles were stored before this)", where, counts.Stored())
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
				nSkipped++
				say(skipped{from: pending[j].from, index: o.Index, id: o.ID, reason: o.Error}.String())
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
		func(f failure) { nFailed++; say(f.String()) },
		func(s skipped) { nSkipped++; say(s.String()) })
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
	for i, w := range warnOrder {
		if i == show {
			fmt.Fprintf(stderr, "… and %d more warnings\n", len(warnOrder)-show)
			break
		}
		fmt.Fprintf(stderr, "warning: %s (%d articles; --strict refuses them, --lenient says nothing)\n", w, warned[w])
	}
	total := counts.Stored()
	failedNote := ""
	if nFailed > 0 {
		failedNote = fmt.Sprintf("; %s could not be read", plural(nFailed, "input", "inputs"))
	}
	fmt.Fprintf(stdout, "%d stored, %d skipped into %s in %.1fs (%.0f articles/s): %d created, %d updated, %d unchanged%s\n",
		total, nSkipped, where, took.Seconds(), float64(total)/max(took.Seconds(), 1e-3), counts.Created, counts.Updated, counts.Unchanged, failedNote)
	switch {
	case nFailed > 0:
		return fmt.Errorf("%s could not be read (listed above)", plural(nFailed, "input", "inputs"))
	case total == 0 && nSkipped > 0:
		return fmt.Errorf("nothing was stored: every record or file was skipped (listed above)")
	case total == 0:
		return fmt.Errorf("nothing was stored: the inputs hold no articles")
	case *strict && nSkipped > 0:
		return fmt.Errorf("%d skipped, and --strict makes that an error", nSkipped)
	}
	return nil
}

// readInputs reads every input, one at a time, and hands each item
// (refused by its parser or not) to emit, each named input that cannot
// be read to fail, and each file of a folder that is not articles to
// skip; the others go on. It stops at emit's first error.
func readInputs(ctx context.Context, inputs []string, stdin io.Reader, opt ingest.Options,
	emit func(ingestItem) error, fail func(failure), skip func(skipped)) error {
	var emitErr error
	addItems := func(from string, its []ingest.Item, err error) {
		if err != nil {
			fail(failure{from: from, reason: inputError(err)})
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
			if err := walkFolder(ctx, in, opt, func(path string, its []ingest.Item) error {
				addItems(path, its, nil)
				return emitErr
			}, skip); err != nil && ctx.Err() == nil && emitErr == nil {
				addItems(in, nil, err)
			}
		}
	}
	return emitErr
}

// inputError says why an input could not be read. The API's messages
// hide what is not newsfind's own error; a command's user is the one who
// named the file, and "no such file or folder" is theirs to know.
func inputError(err error) string {
	var e *newsfind.Error
	var pe *fs.PathError
	switch {
	case errors.As(err, &e):
		return e.Message
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.As(err, &pe):
		return pe.Err.Error()
	}
	return err.Error()
}

// walkFolder hands the articles of every file under dir to take, in name
// order, and every file that is not articles to skip with the reason.
// Hidden files and folders are passed over unsaid (.git, .DS_Store), and
// a saved page's resource folder in one line.
func walkFolder(ctx context.Context, dir string, opt ingest.Options, take func(string, []ingest.Item) error, skip func(skipped)) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			skip(skipped{from: path, index: -1, reason: err.Error()})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if page, ok := ingest.SavedPageFiles(path); ok && path != dir {
				skip(skipped{from: path + string(filepath.Separator), index: -1, reason: "the scripts, styles and images of the saved page " + filepath.Base(page)})
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		its, why := ingest.ReadFolderFile(path, opt)
		if why != "" {
			skip(skipped{from: path, index: -1, reason: why})
			return ctx.Err()
		}
		if err := take(path, its); err != nil {
			return err
		}
		return ctx.Err()
	})
}

// fetchFailure names why a URL could not be fetched (the HTTP status, the
// timeout, the DNS or connection error, the size cap), under the URL
// without its password: the line may be pasted into a ticket.
func fetchFailure(in string, err error) failure {
	if fe, ok := errors.AsType[*arrive.FetchError](err); ok {
		return failure{from: fe.URL, reason: "fetch failed: " + fe.Reason}
	}
	return failure{from: in, reason: err.Error()}
}

// ingestSink decides where the articles go: with --data, straight into
// that directory unless a server holds it; else (or when one does) to
// the server found as every command finds it.
func ingestSink(ctx context.Context, p place, token string) (newsfind.Writer, string, func(), error) {
	var server string
	if p.dataGiven {
		eng, err := openLocal(ctx, p.data, false, "")
		if err == nil {
			if err := refuseClusterDir(eng); err != nil {
				eng.Close()
				return nil, "", nil, err
			}
			return eng, p.data, func() { eng.Close() }, nil
		}
		if !errors.Is(err, engine.ErrLocked) {
			return nil, "", nil, err
		}
		// A server holds the directory: it takes the articles.
		if server, err = findServer(ctx, serverCandidates(p.server, p.serverFrom, p.data)); err != nil {
			return nil, "", nil, fmt.Errorf("%s: %v, and %w", p.data, engine.ErrLocked, err)
		}
	} else {
		var err error
		if server, err = findServer(ctx, serverCandidates(p.server, p.serverFrom, p.data)); err != nil {
			return nil, "", nil, fmt.Errorf("%w: start one with `newsfind serve`, or pass --data DIR to write a data directory directly", err)
		}
	}
	tok, err := serverToken(server, token, p.data)
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

// Clear takes the bar off the line, so that a line can be printed.
func (b *bar) Clear() {
	if b.pb != nil {
		b.pb.Clear()
	}
}

func (b *bar) Finish() {
	if b.pb != nil {
		b.pb.Finish()
	}
}
