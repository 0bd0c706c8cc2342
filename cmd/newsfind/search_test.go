package main

import (
	"testing"

	"github.com/newsfind/newsfind"
)

// TestTerminalMarks: the bold comes from the marks, code points into the
// text, and the text is printed as it is (no HTML to unescape).
func TestTerminalMarks(t *testing.T) {
	p := newsfind.PassageHit{Text: "Türkiye’s “rare-earth” exports & <b>", Marks: [][2]int{{11, 21}, {23, 30}},
		Highlight: "not what is printed"}
	if got, want := terminalMarks(p, false), "Türkiye’s “**rare-earth**” **exports** & <b>"; got != want {
		t.Errorf("plain: got %q, want %q", got, want)
	}
	if got, want := terminalMarks(p, true), "Türkiye’s “\x1b[1;33mrare-earth\x1b[0m” \x1b[1;33mexports\x1b[0m & <b>"; got != want {
		t.Errorf("color: got %q, want %q", got, want)
	}
}
