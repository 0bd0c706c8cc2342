package main

import (
	"context"
	"fmt"
	"io"
	"strconv"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare", `compare [flags] QUERY1 QUERY2 ... (each query one argument: quote "oil prices")`, stderr)
	qf := addQueryFlags(fs)
	var labels listFlag
	fs.Var(&labels, "label", "a name for the query at the same position (repeatable, in order)")
	interval := fs.String("interval", "", "day, week (ISO, from Monday), month or year (default: chosen from the span)")
	share := fs.Bool("share", false, "show each bucket's share of all articles under the same filters, not its count")
	out := addAnswerFlags(fs, "print CSV: a row per bucket, a column per query", "data directory to count in when no server holds it")
	texts, err := parseQuery(fs, args)
	if err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	if n := len(texts); n < newsfind.MinCompareQueries || n > newsfind.MaxCompareQueries {
		return fmt.Errorf("%d queries given: compare %d to %d, each one argument (quote a query of several words)", n, newsfind.MinCompareQueries, newsfind.MaxCompareQueries)
	}
	q, err := qf.query(nil)
	if err != nil {
		return err
	}
	// The server's own checks, before anything is opened.
	v := wire.CompareValues(newsfind.CompareQuery{Query: q, Texts: texts, Labels: labels})
	if *interval != "" {
		v.Set("interval", *interval)
	}
	cq, err := wire.ParseCompare(v)
	if err != nil {
		return flagError(err)
	}
	c, remote, closeLocal, err := out.client(ctx, stderr)
	if err != nil {
		return err
	}
	defer closeLocal()
	a, raw, err := c.Compare(ctx, cq)
	if err != nil {
		return unansweredBy(remote, err)
	}
	switch {
	case *out.asJSON:
		_, err = stdout.Write(raw)
		return err
	case *out.asCSV:
		return writeCSV(stdout, compareCSV(a, *share))
	}
	printComparison(stdout, q, a, *share, isTerminal(stdout))
	return nil
}

// compareCSV is a row per bucket, its start then a column per query:
// counts, or shares with --share.
func compareCSV(a *wire.CompareAnswer, share bool) [][]string {
	head := []string{"start"}
	for _, s := range a.Queries {
		head = append(head, s.Label)
	}
	rows := [][]string{head}
	if len(a.Queries) == 0 {
		return rows
	}
	for k, b := range a.Queries[0].Buckets {
		r := []string{b.Start}
		for _, s := range a.Queries {
			if share {
				r = append(r, strconv.FormatFloat(s.Buckets[k].Share, 'f', -1, 64))
			} else {
				r = append(r, strconv.Itoa(s.Buckets[k].Count))
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// printComparison prints each query's total and share (a bar each on a
// terminal), then a row per bucket with a column per query.
func printComparison(w io.Writer, q newsfind.Query, a *wire.CompareAnswer, share, bars bool) {
	story := q.Distinct == newsfind.DistinctStory
	unit := "articles"
	if story {
		unit = "stories"
	}
	fmt.Fprintf(w, "%d queries among %d %s, by %s\n\n", len(a.Queries), a.Collection, unit, a.Interval)
	most := 0.0
	for _, s := range a.Queries {
		most = max(most, s.Share)
	}
	var rows [][]string
	var bs []string
	for _, s := range a.Queries {
		n := s.TotalArticles
		if story {
			n = s.TotalStories
		}
		top := ""
		if len(s.TopSources) > 0 {
			top = shown(s.TopSources[0].Label)
		}
		rows = append(rows, []string{shown(s.Label), strconv.Itoa(n), pct(s.Share), strconv.Itoa(s.Undated), top})
		if bars {
			bs = append(bs, cellBar(s.Share, most))
		}
	}
	table(w, []string{"query", unit, "share", "undated", "top source"}, rows, bs)
	if len(a.Queries) == 0 || len(a.Queries[0].Buckets) == 0 {
		return
	}
	fmt.Fprintln(w)
	head := []string{string(a.Interval)}
	for _, s := range a.Queries {
		head = append(head, shown(s.Label))
	}
	rows = rows[:0]
	for k, b := range a.Queries[0].Buckets {
		r := []string{b.Start}
		for _, s := range a.Queries {
			if share {
				r = append(r, pct(s.Buckets[k].Share))
			} else {
				r = append(r, strconv.Itoa(s.Buckets[k].Count))
			}
		}
		rows = append(rows, r)
	}
	table(w, head, rows, nil)
}
