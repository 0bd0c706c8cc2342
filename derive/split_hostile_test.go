package derive

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/cputime"
)

// hostileBodies are bodies made to cost: many short lines that each look
// like a heading, many hard-wrapped lines that join into one paragraph, and
// a megabyte with no sentence end (with and without spaces).
func hostileBodies() map[string]string {
	var headings, wrapped strings.Builder
	for i := range 100_000 {
		fmt.Fprintf(&headings, "Line %d of it\n", i)
		fmt.Fprintf(&wrapped, "the line %d goes\n", i)
	}
	return map[string]string{
		"100k heading lines": headings.String(),
		"100k wrapped lines": wrapped.String(),
		"1 MB no period":     strings.Repeat("tariff talks go on and on ", 40_000),
		"1 MB no space":      strings.Repeat("稀土", 1<<20/len("稀土")),
	}
}

func TestSplitHostileBounded(t *testing.T) {
	for name, body := range hostileBodies() {
		start, wall := cputime.Process(), time.Now()
		passages := Split("", body)
		took := cputime.Process() - start
		// CPU time, not wall time: on a machine shared with other work
		// the wall clock passed 1 s at a load average of 24 (CI's time
		// is its own). Generous still: the quadratic split took 5.9 s
		// for 40k lines.
		if took > time.Second {
			t.Errorf("%s: split took %v of CPU (%v of wall time)", name, took, time.Since(wall))
		}
		n := 0
		for i, p := range passages {
			if len(p) > hardPassage {
				t.Errorf("%s: passage %d is %d bytes, over %d", name, i, len(p), hardPassage)
			}
			if p == "" {
				t.Errorf("%s: passage %d is empty", name, i)
			}
			n += len(strings.Fields(p))
		}
		// Every word is kept, none is cut in two except where there is no
		// space to cut at.
		if want := len(strings.Fields(body)); name != "1 MB no space" && n != want {
			t.Errorf("%s: %d words in the passages, want %d", name, n, want)
		}
		joined := strings.Join(passages, "")
		if name == "1 MB no space" && joined != body {
			t.Errorf("%s: passages do not rejoin to the body", name)
		}
	}
}

// TestSplitHeadingRun: a run of headings longer than a passage is passages
// of its own; the rest of it still heads the paragraph after it.
func TestSplitHeadingRun(t *testing.T) {
	var lines []string
	for i := range 60 {
		lines = append(lines, fmt.Sprintf("Section %d heading", i))
	}
	body := strings.Join(lines, "\n") + "\nThe paragraph."
	passages := Split("", body)
	if len(passages) < 2 {
		t.Fatalf("%d passages, want the run cut: %q", len(passages), passages)
	}
	for _, p := range passages {
		if len(p) > maxPassage+len("\nThe paragraph.") {
			t.Errorf("passage of %d bytes", len(p))
		}
	}
	if last := passages[len(passages)-1]; !strings.HasSuffix(last, "Section 59 heading\nThe paragraph.") {
		t.Errorf("last passage %q does not keep the last heading with its paragraph", last)
	}
	if got := strings.Join(passages, "\n"); got != body {
		t.Errorf("passages do not rejoin to the body")
	}
}

func BenchmarkSplitHostile(b *testing.B) {
	for name, body := range hostileBodies() {
		b.Run(strings.ReplaceAll(name, " ", "_"), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				Split("", body)
			}
		})
	}
}
