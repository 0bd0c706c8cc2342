package main

import (
	"strings"
	"testing"
)

// TestSearchAbout: the CLI filters on what articles are about apart from
// what they mention, and prints both sets.
func TestSearchAbout(t *testing.T) {
	data := t.TempDir()
	// Uranium: 003 names it once, far down; no seed is about it.
	code, out, errOut := runCLI(t, "search", "--data", data, "--commodity", "uranium")
	if code != 0 || !strings.Contains(out, "1 articles") {
		t.Fatalf("--commodity uranium: exit %d %s\n%s", code, errOut, out)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "--about-commodity", "uranium")
	if code != 0 || !strings.Contains(out, "0 articles") {
		t.Errorf("--about-commodity uranium: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "--about-country", "Kyrgyzstan", "summit")
	if code != 0 || !strings.Contains(out, "1 articles") || !strings.Contains(out, "about [CN KG KZ TJ TM US UZ") ||
		!strings.Contains(out, "mentions [CN IN KG") {
		t.Errorf("--about-country Kyrgyzstan: exit %d\n%s", code, out)
	}
	// 003's "Soviet-era" names the Soviet Union; no seed names Ukraine,
	// but with --lineage a filter on Ukraine takes in the state it was part
	// of.
	code, out, _ = runCLI(t, "search", "--data", data, "--country", "SU")
	if code != 0 || !strings.Contains(out, "1 articles") {
		t.Errorf("--country SU: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "--country", "UA", "--lineage")
	if code != 0 || !strings.Contains(out, "1 articles") || !strings.Contains(out, "003_dd54bef6c421656c") {
		t.Errorf("--country UA --lineage (the Soviet Union's successor): exit %d\n%s", code, out)
	}
	if code, _, errOut := runCLI(t, "search", "--data", data, "--about-country", "Atlantis"); code == 0 || !strings.Contains(errOut, "Atlantis") {
		t.Errorf("--about-country Atlantis: exit %d %s", code, errOut)
	}
}
