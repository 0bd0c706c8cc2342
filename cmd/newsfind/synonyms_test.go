package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeSynonyms: the operator's groups are searched on top of the
// built-in ones, the answer says what was searched, and a malformed file
// stops the start naming its line.
func TestServeSynonyms(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("# groups\nKZ | Kazakhstan\nuranium\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	o, err := parseServe([]string{"--addr", "127.0.0.1:0", "--drain", "0", "--data", filepath.Join(dir, "data1"), "--synonyms", bad}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := serve(context.Background(), o, newLogger(io.Discard, "console"), io.Discard); err == nil {
		s.Wait()
		t.Fatal("a malformed synonyms file: the server started")
	} else if !strings.Contains(err.Error(), bad+":3:") {
		t.Errorf("error %q does not name %s:3", err, bad)
	}

	good := filepath.Join(dir, "good.txt")
	if err := os.WriteFile(good, []byte("yellowcake | uranium\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := serveInProcess(t, io.Discard, "--data", filepath.Join(dir, "data2"), "--synonyms", good)
	for _, tt := range []struct{ q, expanded string }{
		{"yellowcake", "yellowcake OR uranium"},
		{"REE", `REE OR "rare earth elements" OR "rare earths" OR "rare earth metals"`},
		{"tariff", ""},
	} {
		resp, err := http.Get(url + "/api/search?q=" + tt.q)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Total    int     `json:"total_articles"`
			Expanded *string `json:"expanded"`
		}
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case tt.expanded == "" && out.Expanded != nil:
			t.Errorf("%s: expanded %q, want it omitted", tt.q, *out.Expanded)
		case tt.expanded != "" && (out.Expanded == nil || *out.Expanded != tt.expanded || out.Total == 0):
			t.Errorf("%s: %d articles, expanded %v, want %q", tt.q, out.Total, out.Expanded, tt.expanded)
		}
	}
}

// TestSearchSynonymsLocal: newsfind search --synonyms widens a search of
// the data directory as serve --synonyms widens the server's, and a
// missing file is a clear error.
func TestSearchSynonymsLocal(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	if err := os.WriteFile(good, []byte("yellowcake | uranium\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir() // an empty directory: a search seeds it
	code, out, errOut := runCLI(t, "search", "--data", data, "--synonyms", good, "yellowcake")
	if code != 0 || !strings.Contains(out, "searched yellowcake OR uranium") || !strings.Contains(out, "uranium") {
		t.Errorf("exit %d, stdout %q, stderr %q: want the seeds' uranium article, searched as yellowcake OR uranium", code, out, errOut)
	}
	code, out, _ = runCLI(t, "search", "--data", data, "yellowcake")
	if code != 0 || strings.Contains(out, "searched yellowcake OR uranium") {
		t.Errorf("without --synonyms: exit %d, stdout %q", code, out)
	}
	code, _, errOut = runCLI(t, "search", "--data", data, "--synonyms", filepath.Join(dir, "missing.txt"), "yellowcake")
	if code == 0 || !strings.Contains(errOut, "missing.txt") {
		t.Errorf("a missing file: exit %d, stderr %q", code, errOut)
	}
}
