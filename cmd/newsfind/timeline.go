package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

func runTimeline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("timeline", "timeline [flags] QUERY", stderr)
	qf := addQueryFlags(fs)
	interval := fs.String("interval", "", "day, week (ISO, from Monday), month or year (default: chosen from the span)")
	share := fs.Bool("share", false, "show each bucket's share of all articles under the same filters, not its count")
	by := fs.String("by", "", "split by "+strings.Join(newsfind.TimelineBy, ", "))
	top := fs.Int("top", 0, fmt.Sprintf("with --by, how many values (1 to %d; default %d), the rest as other", newsfind.MaxTimelineTop, newsfind.DefaultTimelineTop))
	out := addAnswerFlags(fs, "print CSV: a row per bucket", "data directory to count in when no server holds it")
	words, err := parseQuery(fs, args)
	if err != nil {
		return err
	}
	if err := out.check(); err != nil {
		return err
	}
	q, err := qf.query(words)
	if err != nil {
		return err
	}
	// The server's own checks, before anything is opened.
	v := wire.TimelineValues(newsfind.TimelineQuery{Query: q})
	for name, val := range map[string]string{"interval": *interval, "by": *by} {
		if val != "" {
			v.Set(name, val)
		}
	}
	if fs.given("top") {
		v.Set("top", strconv.Itoa(*top))
	}
	tq, err := wire.ParseTimeline(v)
	if err != nil {
		return flagError(err)
	}
	c, remote, closeLocal, err := out.client(ctx, stderr)
	if err != nil {
		return err
	}
	defer closeLocal()
	a, raw, err := c.Timeline(ctx, tq)
	if err != nil {
		return unansweredBy(remote, err)
	}
	switch {
	case *out.asJSON:
		_, err = stdout.Write(raw)
		return err
	case *out.asCSV:
		return writeCSV(stdout, timelineCSV(a, *share))
	}
	printTimeline(stdout, q, a, *share, isTerminal(stdout))
	return nil
}

// flagError says a parameter's error as its flag: interval=fortnight is
// --interval fortnight on the command line.
func flagError(err error) error {
	msg := newsfind.ErrorMessage(err)
	if name, rest, ok := strings.Cut(msg, "="); ok && !strings.Contains(name, " ") {
		return fmt.Errorf("--%s %s", name, rest)
	}
	return errors.New(msg)
}

// unansweredBy names a server that answered the probe and then not the
// request; a server's error has said all there is.
func unansweredBy(remote string, err error) error {
	var e *newsfind.Error
	if remote != "" && !errors.As(err, &e) {
		return fmt.Errorf("the server at %s did not answer: %v", remote, err)
	}
	return err
}

// timelineCSV is a row per bucket: its start, count, total and share;
// split with --by, a column per series of counts (shares with --share).
func timelineCSV(a *wire.TimelineAnswer, share bool) [][]string {
	if len(a.Series) == 0 {
		rows := [][]string{{"start", "count", "total", "share"}}
		for _, b := range a.Buckets {
			rows = append(rows, []string{b.Start, strconv.Itoa(b.Count), strconv.Itoa(b.Total), strconv.FormatFloat(b.Share, 'f', -1, 64)})
		}
		return rows
	}
	head := []string{"start"}
	for _, s := range a.Series {
		head = append(head, s.Label)
	}
	rows := [][]string{head}
	for k, b := range a.Buckets {
		r := []string{b.Start}
		for _, s := range a.Series {
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

// printTimeline prints a table of the buckets, a bar per row on a
// terminal.
func printTimeline(w io.Writer, q newsfind.Query, a *wire.TimelineAnswer, share, bars bool) {
	unit := "articles"
	n := a.TotalArticles
	if a.TotalStories > 0 || q.Distinct == newsfind.DistinctStory {
		unit, n = "stories", a.TotalStories
	}
	what := "all articles"
	if q.Text != "" {
		what = shown(q.Text)
	}
	fmt.Fprintf(w, "%s: %d %s by %s", what, n, unit, a.Interval)
	if a.Undated > 0 {
		fmt.Fprintf(w, ", %d undated", a.Undated)
	}
	fmt.Fprintln(w)
	if len(a.Buckets) == 0 {
		return
	}
	if len(a.Series) > 0 {
		head := []string{string(a.Interval)}
		for _, s := range a.Series {
			head = append(head, shown(s.Label))
		}
		var rows [][]string
		for k, b := range a.Buckets {
			r := []string{b.Start}
			for _, s := range a.Series {
				if share {
					r = append(r, pct(s.Buckets[k].Share))
				} else {
					r = append(r, strconv.Itoa(s.Buckets[k].Count))
				}
			}
			rows = append(rows, r)
		}
		table(w, head, rows, nil)
		return
	}
	most := 0.0
	for _, b := range a.Buckets {
		most = max(most, measure(b, share))
	}
	var rows [][]string
	var bs []string
	for _, b := range a.Buckets {
		rows = append(rows, []string{b.Start, strconv.Itoa(b.Count), strconv.Itoa(b.Total), pct(b.Share)})
		if bars {
			bs = append(bs, cellBar(measure(b, share), most))
		}
	}
	table(w, []string{string(a.Interval), "count", "total", "share"}, rows, bs)
}

func measure(b wire.TimelineBucket, share bool) float64 {
	if share {
		return b.Share
	}
	return float64(b.Count)
}
