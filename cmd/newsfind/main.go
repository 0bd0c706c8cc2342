// Command newsfind is a full-text search engine over news: it serves a
// search API and pages, and searches, ingests and re-indexes from the
// command line. This file only dispatches to the subcommands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/newsfind/newsfind/search"
)

const usage = `newsfind: find the passages that matter in the news.

Usage:
  newsfind serve  [--addr :8080] [--data ./data]      run the search server (indexes the seed articles on first start)
  newsfind search [--country KZ] [--json] QUERY       search from the command line
  newsfind export [--format csv] [-o FILE] QUERY      write every match (no cap) as NDJSON or CSV
  newsfind timeline [--interval month] [--share] QUERY  count a query's articles over time
  newsfind compare [--csv] QUERY1 QUERY2 ...          compare queries over the same time buckets
  newsfind terms  [--size N] [--csv|--json] QUERY     the words and phrases that set the matches apart
  newsfind ingest PATH|URL|- ...                      add articles (files, folders, feeds, stdin)
  newsfind reindex                                    rebuild the index from the stored articles
  newsfind delete ID...                               remove articles (store, index, facets, stories)
  newsfind bench --corpus FILE.jsonl[.gz]             measure indexing and search speed
  newsfind health [--server URL]                      check a running server (for container health checks)
  newsfind help   COMMAND                             explain a command

Every flag can also be set with an environment variable NEWSFIND_<FLAG>,
e.g. NEWSFIND_DATA=/var/lib/newsfind. The commands that ask a server find it
by --server, else $NEWSFIND_SERVER, else the address serve wrote into
DATA/server.addr, else http://localhost:8080. Run 'newsfind COMMAND --help'
for details.
`

func main() {
	search.SetProcessLimits()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit code; tests call it
// the way a shell would.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = runServe(ctx, rest, stdout, stderr)
	case "search":
		err = runSearch(ctx, rest, stdout, stderr)
	case "export":
		err = runExport(ctx, rest, stdout, stderr)
	case "timeline":
		err = runTimeline(ctx, rest, stdout, stderr)
	case "compare":
		err = runCompare(ctx, rest, stdout, stderr)
	case "terms":
		err = runTerms(ctx, rest, stdout, stderr)
	case "ingest":
		err = runIngest(ctx, rest, stdin, stdout, stderr)
	case "reindex":
		err = runReindex(ctx, rest, stdout, stderr)
	case "delete":
		err = runDelete(ctx, rest, stdout, stderr)
	case "bench":
		err = runBench(ctx, rest, stdout, stderr)
	case "health":
		err = runHealth(ctx, rest, stdout, stderr)
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 {
			return run(ctx, []string{rest[0], "--help"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "newsfind: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if err == nil {
		return 0
	}
	if h, ok := errors.AsType[*helpError](err); ok {
		fmt.Fprint(stdout, h.text)
		return 0
	}
	if err == errUsage {
		return 2
	}
	fmt.Fprintf(stderr, "newsfind %s: %v\n", cmd, err)
	return 1
}
