package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
)

// TestSearchPrintsNoControls: an article stored before ingest took control
// characters out (written to the store directly, as an older newsfind did)
// holds ESC, OSC, BEL, backspace, NUL and U+202E in its title, source and
// body; `newsfind search` prints it with no byte below 0x20 but newline
// and tab, and none of the sequences, so the terminal stays the user's.
func TestSearchPrintsNoControls(t *testing.T) {
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, "articles.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	evil := "\x1b[31mred\x1b]0;pwned\x07\x08\x00\x1b[2J\u202eexe"
	a := newsfind.Article{ID: "old-ctl", Title: "Vanadium " + evil, Source: "Wire " + evil,
		Dateline: "PERTH" + evil, Body: "Vanadium miners in Perth " + evil + " halted work.\n\nSecond vanadium paragraph."}
	if _, _, err := st.Put([]store.Record{{Article: a, Passages: 3}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	code, out, errOut := runCLI(t, "search", "--data", data, "vanadium")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Vanadium") || !strings.Contains(out, "old-ctl") {
		t.Fatalf("the article is not found:\n%s", out)
	}
	for i := 0; i < len(out); i++ {
		if c := out[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
			t.Fatalf("byte %#x at %d in the output:\n%q", c, i, out)
		}
	}
	if strings.Contains(out, "\u202e") {
		t.Errorf("U+202E printed raw:\n%q", out)
	}
	if !strings.Contains(out, `\x1b[31mred`) || !strings.Contains(out, `\u202e`) {
		t.Errorf("the controls should show as escapes:\n%s", out)
	}
}

// TestShownInColour: on a terminal the marks' own colour codes are the
// only escape sequences.
func TestShownInColour(t *testing.T) {
	p := newsfind.PassageHit{Text: "gold \x1b[2J price", Marks: [][2]int{{0, 4}}}
	if got, want := terminalMarks(p, true), "\x1b[1;33mgold\x1b[0m \\x1b[2J price"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
