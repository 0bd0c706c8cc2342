// Package corpus finds the shared news corpora that tests and benchmarks read.
//
// The corpora are large and licensed for research only, so they live beside
// the repository (../shared/corpora) instead of inside it. A user's fresh
// clone does not have them: tests skip there, but CI has them and must not
// skip silently, so with CI=true a missing corpus fails the test.
package corpus

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// EnvDir names the environment variable that overrides the corpora folder.
const EnvDir = "NEWSFIND_CORPORA"

// Dir returns the corpora folder, or "" when it cannot be found.
func Dir() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	// This file sits at <repo>/internal/corpus; the corpora sit at <repo>/../shared/corpora.
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	d := filepath.Join(filepath.Dir(file), "..", "..", "..", "shared", "corpora")
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return filepath.Clean(d)
}

// Path returns the path of a file in the corpora folder. When the file is
// missing it skips the test, or fails it when CI=true.
func Path(tb testing.TB, name string) string {
	tb.Helper()
	dir := Dir()
	p := filepath.Join(dir, name)
	if dir != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "corpus file " + name + " not found (looked in ../shared/corpora; set " + EnvDir + ")"
	if os.Getenv("CI") == "true" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
	return ""
}

// Read returns the contents of a corpus file, decompressed when its name
// ends in .gz; a missing file skips or fails the test as Path does.
func Read(tb testing.TB, name string) []byte {
	tb.Helper()
	f, err := os.Open(Path(tb, name))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			tb.Fatal(err)
		}
		r = zr
	}
	data, err := io.ReadAll(r)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// Long skips, under -short, a test that indexes a whole corpus or
// thousands of its articles: -short is the quick tier for one's own loop
// (README), and go test without it, CI's, runs the test. Call it before
// reading the corpus, so that the skip costs nothing.
func Long(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("-short: indexes a corpus at length; go test without -short (CI) runs it")
	}
}
