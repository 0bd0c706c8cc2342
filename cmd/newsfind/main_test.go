package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestSearchCommand(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "search", "--data", data, "fentanyl", "tariff")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"1 articles", "US–China Trade Arrangements", "undated", "**fentanyl tariff**"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = runCLI(t, "search", "--data", data, "--json", "rare earth", "--country", "KG")
	if code != 0 || !strings.Contains(out, `"total_articles": 1`) || !strings.Contains(out, `"003_dd54bef6c421656c"`) {
		t.Errorf("--json --country KG: exit %d\n%s", code, out)
	}
	// What the query lost on the way is said, as the API and the pages say it.
	code, out, _ = runCLI(t, "search", "--data", data, "the", "tariffs")
	if code != 0 || !strings.Contains(out, "2 articles") || !strings.Contains(out, `note: "the" not searched`) {
		t.Errorf("the tariffs: exit %d\n%s", code, out)
	}
}

func TestSearchCommandErrors(t *testing.T) {
	data := t.TempDir()
	code, _, errOut := runCLI(t, "search", "--data", data, "(")
	if code != 1 || !strings.Contains(errOut, `syntax error at position 1`) {
		t.Errorf("bad query: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--from", "yesterday", "x")
	if code != 1 || !strings.Contains(errOut, "is not a date") {
		t.Errorf("bad date: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runCLI(t, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	if code, out, _ := runCLI(t, "search", "--help"); code != 0 || !strings.Contains(out, "NEWSFIND_DATA") {
		t.Errorf("search --help: exit %d, %q", code, out)
	}
}
