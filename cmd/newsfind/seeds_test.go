package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/enginetest"
)

// totalArticles asks a server how many articles it holds.
func totalArticles(t *testing.T, base string) int {
	t.Helper()
	resp, err := http.Get(base + "/api/search?q=")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		TotalArticles int `json:"total_articles"`
	}
	if b, _ := io.ReadAll(resp.Body); resp.StatusCode != 200 || json.Unmarshal(b, &r) != nil {
		t.Fatalf("search: %d %s", resp.StatusCode, b)
	}
	return r.TotalArticles
}

// TestServeSeeds: serve puts the three seed articles into a new data
// directory, not with --seeds=false, and never into a directory that
// already has a store, even an empty one.
func TestServeSeeds(t *testing.T) {
	t.Run("new directory", func(t *testing.T) {
		if n := totalArticles(t, serveInProcess(t, io.Discard, "--data", t.TempDir())); n != 3 {
			t.Errorf("%d articles, want the 3 seeds", n)
		}
	})
	empty := filepath.Join(t.TempDir(), "data")
	t.Run("--seeds=false", func(t *testing.T) {
		if n := totalArticles(t, serveInProcess(t, io.Discard, "--data", empty, "--seeds=false")); n != 0 {
			t.Errorf("%d articles, want none", n)
		}
	})
	t.Run("existing empty directory", func(t *testing.T) {
		if n := totalArticles(t, serveInProcess(t, io.Discard, "--data", empty)); n != 0 {
			t.Errorf("%d articles, want none: the directory is not new", n)
		}
	})
}

// TestIngestNewDirectoryHasNoSeeds: a corpus ingested into a new data
// directory holds its own articles only, and serving it later adds none.
func TestIngestNewDirectoryHasNoSeeds(t *testing.T) {
	data := filepath.Join(t.TempDir(), "corpus")
	code, out, errOut := runCLIStdin(t, `{"id":"r-1","title":"Cocoa","body":"Ivory Coast cocoa exports rose.","published":"1987-03-02"}`,
		"ingest", "--data", data, "-")
	if code != 0 || !strings.HasPrefix(out, "1 stored, 0 skipped") {
		t.Fatalf("exit %d %s %s", code, out, errOut)
	}
	func() {
		eng := enginetest.Open(t, enginetest.Dir(data), enginetest.Seeds())
		defer eng.Close()
		c, err := eng.Counts()
		if err != nil {
			t.Fatal(err)
		}
		if c.Stored != 1 {
			t.Errorf("%d articles stored, want the 1 ingested and no seeds", c.Stored)
		}
	}()
	if n := totalArticles(t, serveInProcess(t, io.Discard, "--data", data)); n != 1 {
		t.Errorf("served: %d articles, want 1", n)
	}
}
