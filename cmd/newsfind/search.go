package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
)

func runSearch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("search", "search [flags] QUERY", stderr)
	qf := addQueryFlags(fs)
	page := fs.Int("page", 1, "page of results")
	size := fs.Int("size", 10, "articles per page (at most 100)")
	after := fs.String("after", "", "start after this cursor (the \"next\" a previous search printed) instead of at --page")
	asJSON := fs.Bool("json", false, "print the API's JSON instead of text")
	data := fs.String("data", "./data", "data directory to search when no server holds it (one that does not exist is refused)")
	server := fs.String("server", "", "server to ask (default: the one serving --data, as serve wrote it into DATA/server.addr, else "+defaultServer+")")
	token := fs.String("token", "", "token for a --private server (default: read from DATA/token when readable)")
	synonyms := fs.String("synonyms", "", "file of synonym groups searched on top of the built-in ones, as serve --synonyms (a search of the data directory only: a server uses its own)")
	words, err := parseQuery(fs, args)
	if err != nil {
		return err
	}
	q, err := qf.query(words)
	if err != nil {
		return err
	}
	q.Size, q.After = *size, *after
	if *after == "" {
		q.Page = *page
	}

	c, remote, closeLocal, err := searchClient(ctx, placeOf(fs, *data, *server), *token, *synonyms, stderr)
	if err != nil {
		return err
	}
	if remote != "" && *synonyms != "" {
		closeLocal()
		return fmt.Errorf("--synonyms applies to a search of the data directory, but the search goes to the server at %s, which searches with its own synonyms (serve --synonyms)", remote)
	}
	defer closeLocal()
	// A server that answered the probe and then not the search is named;
	// a server that answers with an error has said all there is.
	unanswered := func(err error) error {
		var e *newsfind.Error
		if remote != "" && !errors.As(err, &e) {
			return fmt.Errorf("the server at %s did not answer: %v", remote, err)
		}
		return err
	}
	if *asJSON {
		b, err := c.SearchJSON(ctx, q)
		if err != nil {
			return unanswered(err)
		}
		_, err = stdout.Write(b)
		return err
	}
	res, err := c.Search(ctx, q)
	if err != nil {
		return unanswered(err)
	}
	return printResults(stdout, res, isTerminal(stdout))
}

// searchClient is a client of the data directory when no server holds
// it, else of the server (remote, its URL). Both speak the API, so the
// command prints what the API returns either way.
func searchClient(ctx context.Context, p place, token, synonyms string, note io.Writer) (c *client.Client, remote string, closeLocal func(), err error) {
	eng, server, err := p.reach(ctx, true, synonyms, note)
	if err != nil {
		return nil, "", nil, err
	}
	if eng == nil {
		// A private server wants a token for reads too, an open one
		// ignores it; without one the server's 401 says what to do.
		tok, _ := serverToken(server, token, p.data)
		return client.New(server, client.Options{Token: tok}), server, func() {}, nil
	}
	if c, err = inProcess(eng); err != nil {
		eng.Close()
		return nil, "", nil, err
	}
	return c, "", func() { eng.Close() }, nil
}

// flagDay reads a --from or --to day.
func flagDay(name, s string) (time.Time, error) {
	if s = strings.TrimSpace(s); s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(newsfind.DateLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--%s %q is not a date: use YYYY-MM-DD, e.g. --%s 2025-11-06", name, s, name)
	}
	return t, nil
}

func printResults(w io.Writer, r *newsfind.Result, color bool) error {
	if r.TotalStories > 0 {
		fmt.Fprintf(w, "%d stories in %d articles, %d passages (%.1f ms)\n", r.TotalStories, r.TotalArticles, r.TotalPassages, float64(r.Took.Microseconds())/1000)
	} else {
		fmt.Fprintf(w, "%d articles, %d passages (%.1f ms)\n", r.TotalArticles, r.TotalPassages, float64(r.Took.Microseconds())/1000)
	}
	if r.Expanded != "" {
		fmt.Fprintf(w, "note: searched %s (synonyms)\n", shown(r.Expanded))
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "note: %s\n", shown(warn))
	}
	for _, h := range r.Hits {
		date := "undated"
		if !h.Published.IsZero() {
			date = h.Published.Format(newsfind.DateLayout)
		}
		if h.Dateline != "" {
			date += " · " + h.Dateline
		}
		fmt.Fprintf(w, "\n%s\n  %s · %s · %s\n  %s\n", shown(h.Title), shown(h.Source), shown(date), shown(h.ID), shown(h.URL))
		if about := append(append([]string{}, h.About.Countries...), h.About.Commodities...); len(about) > 0 {
			fmt.Fprintf(w, "  about [%s]\n", shown(strings.Join(about, " ")))
		}
		if len(h.Countries)+len(h.Commodities) > 0 {
			fmt.Fprintf(w, "  mentions [%s]\n", shown(strings.Join(append(append([]string{}, h.Countries...), h.Commodities...), " ")))
		}
		for _, p := range h.Passages {
			fmt.Fprintf(w, "  ¶%d  %s\n", p.Index, indent(terminalMarks(p, color)))
		}
		if more := h.MatchedPassages - len(h.Passages); more > 0 {
			fmt.Fprintf(w, "  … %d more matching passages\n", more)
		}
		if h.StoryArticles > 1 {
			fmt.Fprintf(w, "  %s in %s:", plural(h.StoryArticles-1, "copy", "copies"), plural(h.Outlets, "outlet", "outlets"))
			for _, c := range h.Copies {
				fmt.Fprintf(w, " %s (%s)", shown(c.ID), shown(c.Source))
			}
			fmt.Fprintln(w)
		}
	}
	if r.Next != "" {
		fmt.Fprintf(w, "\nmore: --after %s\n", shown(r.Next))
	}
	return nil
}

// terminalMarks shows a passage's marks in bold on a terminal, and
// between ** elsewhere.
func terminalMarks(p newsfind.PassageHit, color bool) string {
	open, close := "**", "**"
	if color {
		open, close = "\x1b[1;33m", "\x1b[0m"
	}
	var b strings.Builder
	for _, s := range p.Segments() {
		if s.Marked {
			b.WriteString(open + shown(s.Text) + close)
		} else {
			b.WriteString(shown(s.Text))
		}
	}
	return b.String()
}

// shown escapes what a terminal would take as an instruction rather than
// text: control characters but tab and newline (ESC starts colour, title
// and clear-screen sequences), DEL, C1 controls and bidi overrides. Text
// stored since ingest took these out has none; this is for what was
// stored before, and for whatever a server sends.
func shown(s string) string {
	if !strings.ContainsFunc(s, controlRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case !controlRune(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

func controlRune(r rune) bool {
	if r == '\n' || r == '\t' {
		return false
	}
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}

func indent(s string) string { return strings.ReplaceAll(s, "\n", "\n       ") }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// plural writes a count with its noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
