package main

import (
	"strings"
	"testing"
)

// TestQueryWithLeadingDash: a query word with a leading "-" is the query
// language's NOT, not a flag, with or without "--" before it; known flags
// still parse around it, and a mistyped "--flag" is still an error.
func TestQueryWithLeadingDash(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "search", "--data", data, "tariffs")
	if code != 0 || !strings.HasPrefix(out, "2 articles") {
		t.Fatalf("tariffs: exit %d\n%s%s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"search", "--data", data, "-fentanyl", "tariffs"},
		{"search", "--data", data, "--", "-fentanyl", "tariffs"},
		{"search", "-fentanyl", "--data", data, "tariffs"},
		{"search", "--data", data, "-fentanyl", "--size", "5", "tariffs"},
	} {
		code, out, errOut := runCLI(t, args...)
		if code != 0 || !strings.HasPrefix(out, "1 articles") || strings.Contains(out, "fentanyl") {
			t.Errorf("%q: exit %d, want the 1 tariffs article without fentanyl\n%s%s", args, code, out, errOut)
		}
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--contry", "KZ", "oil")
	if code != 2 || !strings.Contains(errOut, "flag provided but not defined: -contry") {
		t.Errorf("--contry: exit %d, want 2 and the flag named\n%s", code, errOut)
	}
}

// TestHelpOnStdout: help that was asked for goes to stdout with exit 0,
// so `newsfind help search | less` shows it.
func TestHelpOnStdout(t *testing.T) {
	for _, c := range []struct {
		args []string
		cmd  string
	}{{[]string{"help", "search"}, "search"}, {[]string{"search", "-h"}, "search"}, {[]string{"search", "--help"}, "search"},
		{[]string{"ingest", "--help"}, "ingest"}, {[]string{"help", "serve"}, "serve"}} {
		code, out, errOut := runCLI(t, c.args...)
		if code != 0 || !strings.Contains(out, "Usage: newsfind "+c.cmd) || !strings.Contains(out, "NEWSFIND_DATA") || errOut != "" {
			t.Errorf("%q: exit %d\nstdout %q\nstderr %q", c.args, code, out, errOut)
		}
	}
	// A usage error stays on stderr with exit 2.
	if code, out, errOut := runCLI(t, "search", "--size"); code != 2 || out != "" || !strings.Contains(errOut, "Usage: newsfind search") {
		t.Errorf("search --size: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
}
