package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// barWidth is the longest bar a table row gets on a terminal, in cells.
const barWidth = 30

// cellBar draws v of most as a run of block characters, eighths at its end,
// so that rows compare at a glance.
func cellBar(v, most float64) string {
	if most <= 0 || v <= 0 {
		return ""
	}
	eighths := int(v / most * barWidth * 8)
	eighths = max(eighths, 1)
	s := strings.Repeat("█", eighths/8)
	if r := eighths % 8; r > 0 {
		s += string([]rune("▏▎▍▌▋▊▉")[r-1])
	}
	return s
}

// pct writes a share as a percentage with two decimals.
func pct(share float64) string { return strconv.FormatFloat(100*share, 'f', 2, 64) + "%" }

// table prints rows in columns, numbers right-aligned and the first
// column and text left-aligned, then each row's bar when bars is given.
func table(w io.Writer, head []string, rows [][]string, bars []string) {
	width := make([]int, len(head))
	text := make([]bool, len(head))
	text[0] = true
	for _, r := range rows {
		for i, c := range r {
			if _, err := strconv.ParseFloat(strings.TrimSuffix(c, "%"), 64); err != nil && c != "" {
				text[i] = true
			}
		}
	}
	for _, r := range append([][]string{head}, rows...) {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(r []string, b string) {
		var sb strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				sb.WriteString(c + pad)
			case text[i]:
				sb.WriteString("  " + c + pad)
			default:
				sb.WriteString("  " + pad + c)
			}
		}
		if b != "" {
			sb.WriteString("  " + b)
		}
		fmt.Fprintln(w, strings.TrimRight(sb.String(), " "))
	}
	line(head, "")
	for i, r := range rows {
		b := ""
		if i < len(bars) {
			b = bars[i]
		}
		line(r, b)
	}
}

// writeCSV writes rows as CSV.
func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}
