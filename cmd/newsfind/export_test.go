package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/wire"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s does not parse as CSV: %v", path, err)
	}
	return recs
}

// TestExportCommand exports from a data directory and from the server
// holding it: the same CSV, every match, and no part file left behind.
func TestExportCommand(t *testing.T) {
	data := t.TempDir()
	out := filepath.Join(t.TempDir(), "rare.csv")
	code, stdout, errOut := runCLI(t, "export", "--data", data, "--format", "csv", "-o", out, "rare", "earth")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if stdout != "" || !strings.Contains(errOut, "exported 3 articles") {
		t.Errorf("stdout %q, stderr %q; want the file alone and a line saying 3 articles", stdout, errOut)
	}
	local := readCSV(t, out)
	if len(local) != 4 || !slices.Equal(local[0], wire.ExportColumns) {
		t.Fatalf("got %d records, header %v; want a header and 3 rows", len(local), local[0])
	}
	if _, err := os.Stat(out + ".part"); !os.IsNotExist(err) {
		t.Errorf("the part file is left: %v", err)
	}

	code, stdout, _ = runCLI(t, "export", "--data", data, "rare", "earth")
	if code != 0 || strings.Count(stdout, "\n") != 3 || !strings.HasPrefix(stdout, `{"id":`) {
		t.Errorf("ndjson to stdout: exit %d\n%s", code, stdout)
	}

	code, _, errOut = runCLI(t, "export", "--data", data, "--format", "xlsx", "oil")
	if code != 1 || !strings.Contains(errOut, "--format") {
		t.Errorf("bad format: exit %d, stderr %q", code, errOut)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	code, _, errOut = runCLI(t, "export", "--data", data, "-o", bad, "(")
	if _, err := os.Stat(bad); code != 1 || !strings.Contains(errOut, "syntax error") || !os.IsNotExist(err) {
		t.Errorf("bad query: exit %d, stderr %q, file %v; want exit 1 and no file", code, errOut, err)
	}

	if testing.Short() {
		return
	}
	s := startServer(t, data, "export-test-token")
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	remote := filepath.Join(t.TempDir(), "remote.csv")
	code, _, errOut = runCLI(t, "export", "--server", s.url, "--format", "csv", "-o", remote, "rare", "earth")
	if code != 0 {
		t.Fatalf("export from the server: exit %d: %s", code, errOut)
	}
	if got := readCSV(t, remote); !slices.EqualFunc(got, local, slices.Equal) {
		t.Errorf("the server's export differs from the data directory's:\n%v\n%v", got, local)
	}
}
