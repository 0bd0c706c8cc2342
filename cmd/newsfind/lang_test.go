package main

import (
	"strings"
	"testing"
)

// TestSearchLang: newsfind search --lang filters by language, and a tag
// that is none is a clear error.
func TestSearchLang(t *testing.T) {
	data := t.TempDir() // an empty directory: a search seeds it
	code, out, errOut := runCLI(t, "search", "--data", data, "--lang", "en", "tariff")
	if code != 0 || !strings.Contains(out, "Trump") {
		t.Errorf("--lang en tariff: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "--lang", "de", "tariff")
	if code != 0 || strings.Contains(out, "Trump") {
		t.Errorf("--lang de tariff: exit %d, stdout %q: the seeds are English", code, out)
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--lang", "!!", "tariff")
	if code == 0 || !strings.Contains(errOut, "BCP 47") {
		t.Errorf("--lang !!: exit %d, stderr %q", code, errOut)
	}
}
