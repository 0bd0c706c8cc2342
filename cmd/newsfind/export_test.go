package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"

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
	if code != 0 || !strings.Contains(errOut, "exported 3 articles") {
		t.Fatalf("export from the server: exit %d: %s; want it to count 3 articles", code, errOut)
	}
	if got := readCSV(t, remote); !slices.EqualFunc(got, local, slices.Equal) {
		t.Errorf("the server's export differs from the data directory's:\n%v\n%v", got, local)
	}
}

// TestExportPassagesCommand: --unit passages writes a row per matching
// passage, and the count said at the end is of rows, from a data
// directory as through a server.
func TestExportPassagesCommand(t *testing.T) {
	data := t.TempDir()
	out := filepath.Join(t.TempDir(), "rare.csv")
	code, _, errOut := runCLI(t, "export", "--data", data, "--format", "csv", "--unit", "passages", "-o", out, "rare", "earth")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	recs := readCSV(t, out)
	if len(recs) < 4 || !slices.Equal(recs[0], wire.PassageColumns) {
		t.Fatalf("got %d records, header %v; want the passages' header and a row per passage", len(recs), recs[0])
	}
	if want := fmt.Sprintf("exported %d passages", len(recs)-1); !strings.Contains(errOut, want) {
		t.Errorf("stderr %q; want %q", errOut, want)
	}
	for _, r := range recs[1:] {
		if !strings.Contains(strings.ToLower(r[2]), "rare") && !strings.Contains(strings.ToLower(r[2]), "earth") {
			t.Errorf("passage %s/%s %q matches neither word", r[0], r[1], r[2])
		}
	}
	code, _, errOut = runCLI(t, "export", "--data", data, "--unit", "words", "oil")
	if code != 1 || !strings.Contains(errOut, "--unit") {
		t.Errorf("bad unit: exit %d, stderr %q", code, errOut)
	}
}

// openPTY opens a pseudo-terminal and returns its two ends.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { s.Close(); m.Close() })
	return m, s
}

// TestExportProgress: on a terminal export shows a progress bar of rows;
// elsewhere (a pipe, a log) only the summary line.
func TestExportProgress(t *testing.T) {
	data := t.TempDir()
	master, tty := openPTY(t)
	seen := make(chan string, 1)
	go func() {
		b, _ := io.ReadAll(master) // until the test closes the terminal
		seen <- string(b)
	}()
	var stdout bytes.Buffer
	code := run(context.Background(), []string{"export", "--data", data, "--format", "csv", "rare", "earth"}, strings.NewReader(""), &stdout, tty)
	tty.Close()
	master.SetReadDeadline(time.Now().Add(2 * time.Second))
	var onTerminal string
	select {
	case onTerminal = <-seen:
	case <-time.After(3 * time.Second):
	}
	if code != 0 || !strings.Contains(onTerminal, "exporting") || !strings.Contains(onTerminal, "exported 3 articles") {
		t.Errorf("on a terminal: exit %d, it showed %q; want a bar saying exporting, then the summary", code, onTerminal)
	}
	code, _, errOut := runCLI(t, "export", "--data", data, "--format", "csv", "rare", "earth")
	if code != 0 || strings.Contains(errOut, "exporting") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("off a terminal: exit %d, stderr %q; want the summary line alone", code, errOut)
	}
}
