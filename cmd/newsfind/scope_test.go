package main

import (
	"strings"
	"testing"
)

// TestSearchCommandScope: --scope reaches the search, article by default.
func TestSearchCommandScope(t *testing.T) {
	data := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, `"total_articles": 3`},
		{[]string{"--scope", "article"}, `"total_articles": 3`},
		{[]string{"--scope", "passage"}, `"total_articles": 2`},
	} {
		args := append(append([]string{"search", "--data", data, "--json"}, c.args...), "rare earth Kazakhstan")
		code, out, errOut := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, c.want) {
			t.Errorf("%v: exit %d, want %s\n%s%s", c.args, code, c.want, out, errOut)
		}
	}
	code, _, errOut := runCLI(t, "search", "--data", data, "--scope", "sentence", "oil")
	if code != 1 || !strings.Contains(errOut, "article or passage") {
		t.Errorf("--scope sentence: exit %d, stderr %q", code, errOut)
	}
}
