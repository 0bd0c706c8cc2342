package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsfind/newsfind"
)

func runTerms(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("terms", "terms [flags] QUERY", stderr)
	qf := addQueryFlags(fs)
	size := fs.Int("size", newsfind.DefaultTermsSize, fmt.Sprintf("how many terms (1 to %d)", newsfind.MaxTermsSize))
	asCSV := fs.Bool("csv", false, "print the table as CSV (term,score,count,background)")
	asJSON := fs.Bool("json", false, "print the API's JSON")
	data := fs.String("data", "./data", "data directory to search when no server holds it (one that does not exist is refused)")
	server := fs.String("server", "", "server to ask (default: the one serving --data, else "+defaultServer+")")
	token := fs.String("token", "", "token for a --private server (default: read from DATA/token when readable)")
	words, err := parseQuery(fs, args)
	if err != nil {
		return err
	}
	if *asCSV && *asJSON {
		return errors.New("--csv and --json: give one")
	}
	if *size < 1 || *size > newsfind.MaxTermsSize {
		return fmt.Errorf("--size %d: give 1 to %d", *size, newsfind.MaxTermsSize)
	}
	q, err := qf.query(words)
	if err != nil {
		return err
	}
	tq := newsfind.TermsQuery{Query: q, Size: *size}
	c, remote, closeLocal, err := searchClient(ctx, placeOf(fs, *data, *server), *token, "", stderr)
	if err != nil {
		return err
	}
	defer closeLocal()
	unanswered := func(err error) error {
		var e *newsfind.Error
		if remote != "" && !errors.As(err, &e) {
			return fmt.Errorf("the server at %s did not answer: %v", remote, err)
		}
		return err
	}
	if *asCSV || *asJSON {
		format := "json"
		if *asCSV {
			format = "csv"
		}
		b, err := c.TermsRaw(ctx, tq, format)
		if err != nil {
			return unanswered(err)
		}
		_, err = stdout.Write(b)
		return err
	}
	t, err := c.Terms(ctx, tq)
	if err != nil {
		return unanswered(err)
	}
	return printTerms(stdout, t, isTerminal(stdout))
}

// termBarWidth is the widest bar of the terminal table, in cells.
const termBarWidth = 20

// printTerms writes the terms as a table: term, score, passages of the
// sample and of the collection, and on a terminal a bar of the score.
func printTerms(w io.Writer, t *newsfind.Terms, bars bool) error {
	s := t.Sample
	fmt.Fprintf(w, "%d terms from %d of %d matching articles (%d passages) against %d passages; %s (log-likelihood)\n",
		len(t.Terms), s.Articles, s.Matched, s.Passages, s.CollectionPassages, t.Statistic)
	if len(t.Terms) == 0 {
		_, err := fmt.Fprintln(w, "no word or phrase stands out")
		return err
	}
	width := len("term")
	for _, x := range t.Terms {
		width = max(width, len([]rune(shown(x.Term))))
	}
	fmt.Fprintf(w, "\n%-*s %9s %9s %11s\n", width, "term", "score", "passages", "background")
	best := t.Terms[0].Score
	for _, x := range t.Terms {
		line := fmt.Sprintf("%-*s %9.1f %9d %11d", width, shown(x.Term), x.Score, x.Count, x.Background)
		if bars && best > 0 {
			line += " " + strings.Repeat("█", max(1, int(termBarWidth*x.Score/best)))
		}
		if _, err := fmt.Fprintln(w, line); err != nil {
			return err
		}
	}
	return nil
}
