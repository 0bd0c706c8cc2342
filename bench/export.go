package bench

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/cputime"
	"github.com/newsfind/newsfind/wire"
)

// ExportStats is one export of the export phase: every match of a query
// written as GET /api/export writes it, to a sink, timed.
type ExportStats struct {
	Query          string  `json:"query"` // "" is everything
	Format         string  `json:"format"`
	Unit           string  `json:"unit"`
	Rows           int     `json:"rows"`
	Bytes          int64   `json:"bytes"`
	Seconds        float64 `json:"seconds"` // best of the passes
	ArticlesPerSec float64 `json:"articles_per_sec"`
	// CPUSeconds is the process's CPU time during that pass, and
	// ArticlesPerCPUSec the rate per CPU second: on a machine shared with
	// other work the wall time says more about the others than about the
	// export, its CPU time much less.
	CPUSeconds        float64 `json:"cpu_seconds"`
	ArticlesPerCPUSec float64 `json:"articles_per_cpu_sec"`
}

// exportRuns are the exports timed: everything (issue 25's figure is its
// articles/s at ×9) in both formats, and the query "oil", whose rows
// each read their article's text and mark their best passage.
var exportRuns = []struct{ query, format string }{
	{"", wire.FormatNDJSON}, {"", wire.FormatCSV}, {"oil", wire.FormatNDJSON},
}

// byteCounter is the sink: it counts what an export writes.
type byteCounter struct{ n int64 }

func (c *byteCounter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// runExport times each export passes times (at least once) and keeps the
// best: the machine's other work only ever slows a pass down.
func runExport(ctx context.Context, opt Options, x newsfind.Exporter) ([]ExportStats, error) {
	var out []ExportStats
	for _, r := range exportRuns {
		st := ExportStats{Query: r.query, Format: r.format, Unit: newsfind.UnitArticles}
		for pass := 0; pass < max(opt.Passes, 1); pass++ {
			sink := &byteCounter{}
			enc, err := wire.NewExportEncoder(sink, wire.ExportOptions{Format: r.format, Unit: st.Unit})
			if err != nil {
				return nil, err
			}
			rows := 0
			cpu0 := cputime.Process().Seconds()
			start := time.Now()
			err = x.Export(ctx, newsfind.Query{Text: r.query}, func(row *newsfind.ExportRow) error {
				rows++
				return enc.Article(row)
			})
			if err == nil {
				err = enc.Flush()
			}
			if err != nil {
				return nil, fmt.Errorf("export of %q: %w", r.query, err)
			}
			secs, cpu := time.Since(start).Seconds(), cputime.Process().Seconds()-cpu0
			if pass == 0 || secs < st.Seconds {
				st.Seconds, st.Rows, st.Bytes = secs, rows, sink.n
			}
			if pass == 0 || cpu < st.CPUSeconds {
				st.CPUSeconds = cpu
			}
		}
		if st.Seconds > 0 {
			st.ArticlesPerSec = float64(st.Rows) / st.Seconds
		}
		if st.CPUSeconds > 0 {
			st.ArticlesPerCPUSec = float64(st.Rows) / st.CPUSeconds
		}
		fmt.Fprintf(opt.Progress, "bench: export q=%q %s: %d articles in %.2f s (%.0f/s), %.2f CPU s (%.0f/CPU s)\n",
			r.query, r.format, st.Rows, st.Seconds, st.ArticlesPerSec, st.CPUSeconds, st.ArticlesPerCPUSec)
		out = append(out, st)
	}
	return out, nil
}

// writeExport prints the export phase.
func writeExport(w io.Writer, xs []ExportStats) {
	if len(xs) == 0 {
		return
	}
	fmt.Fprintf(w, "\nexport (GET /api/export's rows to a sink, best of the passes)\n")
	fmt.Fprintf(w, "  %-8s %-7s %9s %9s %8s %12s %8s %16s\n", "query", "format", "articles", "MB", "seconds", "articles/s", "CPU s", "articles/CPU s")
	for _, x := range xs {
		q := x.Query
		if q == "" {
			q = "(all)"
		}
		fmt.Fprintf(w, "  %-8s %-7s %9d %9.1f %8.2f %12.0f %8.2f %16.0f\n", q, x.Format, x.Rows, mb(x.Bytes), x.Seconds, x.ArticlesPerSec,
			x.CPUSeconds, x.ArticlesPerCPUSec)
	}
}
