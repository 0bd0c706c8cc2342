package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/wire"
)

// TestTermsCommand: newsfind terms over a data directory (the seeds)
// prints a table, the same terms as CSV and as the API's JSON, and
// refuses a size over the limit with a message and a non-zero exit. The
// sample is every match, so the table does not say how it was drawn.
func TestTermsCommand(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "terms", "--data", data, "--size", "5", "tariffs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 8 || !strings.HasPrefix(lines[0], "5 terms from 2 of 2 matching articles (") || !strings.HasPrefix(lines[2], "term") {
		t.Fatalf("table:\n%s", out)
	}
	first := strings.Fields(lines[3])[0]

	code, out, errOut = runCLI(t, "terms", "--data", data, "--size", "5", "--csv", "tariffs")
	rows := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || rows[0] != "term,score,count,background" || len(rows) != 6 || !strings.HasPrefix(rows[1], first+",") {
		t.Errorf("csv (exit %d, %s):\n%s", code, errOut, out)
	}

	code, out, errOut = runCLI(t, "terms", "--data", data, "--size", "5", "--json", "tariffs")
	var a wire.TermsAnswer
	if err := json.Unmarshal([]byte(out), &a); code != 0 || err != nil || len(a.Terms) != 5 || a.Terms[0].Term != first || a.Statistic != "G2" {
		t.Errorf("json (exit %d, %v, %s):\n%s", code, err, errOut, out)
	}

	code, _, errOut = runCLI(t, "terms", "--data", data, "--size", "500", "tariffs")
	if code == 0 || !strings.Contains(errOut, "--size 500") {
		t.Errorf("--size 500: exit %d, %q", code, errOut)
	}
}
