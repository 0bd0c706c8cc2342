package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/newsfind/newsfind"
)

func runTerms(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("terms", "terms [flags] QUERY", stderr)
	qf := addQueryFlags(fs)
	size := fs.Int("size", newsfind.DefaultTermsSize, fmt.Sprintf("how many terms (1 to %d)", newsfind.MaxTermsSize))
	out := addAnswerFlags(fs, "print the table as CSV (term,score,count,background)", "data directory to search when no server holds it (one that does not exist is refused)")
	words, err := parseQuery(fs, args)
	if err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	if *size < 1 || *size > newsfind.MaxTermsSize {
		return fmt.Errorf("--size %d: give 1 to %d", *size, newsfind.MaxTermsSize)
	}
	q, err := qf.query(words)
	if err != nil {
		return err
	}
	tq := newsfind.TermsQuery{Query: q, Size: *size}
	c, remote, closeLocal, err := out.client(ctx, stderr)
	if err != nil {
		return err
	}
	defer closeLocal()
	if *out.asCSV || *out.asJSON {
		format := "json"
		if *out.asCSV {
			format = "csv"
		}
		b, err := c.TermsRaw(ctx, tq, format)
		if err != nil {
			return unansweredBy(remote, err)
		}
		_, err = stdout.Write(b)
		return err
	}
	t, err := c.Terms(ctx, tq)
	if err != nil {
		return unansweredBy(remote, err)
	}
	return printTerms(stdout, t, isTerminal(stdout))
}

// termBarWidth is the widest bar of the terminal table, in cells.
const termBarWidth = 20

// printTerms writes the terms as a table: term, score, passages of the
// sample and of the collection, and on a terminal a bar of the score.
func printTerms(w io.Writer, t *newsfind.Terms, bars bool) error {
	s := t.Sample
	drawn := s.Drawn()
	if drawn != "" {
		drawn = ", " + drawn
	}
	fmt.Fprintf(w, "%d terms from %d of %d matching articles%s (%d passages) against %d passages; %s (log-likelihood)\n",
		len(t.Terms), s.Articles, s.Matched, drawn, s.Passages, s.CollectionPassages, t.Statistic)
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
