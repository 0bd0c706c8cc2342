package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestSkipsBadRecords: a bad record is skipped with one line (its
// record number, 1-based, and why); the run ends "N stored, M skipped"
// and exits 0, unless nothing was stored or --strict was given.
func TestIngestSkipsBadRecords(t *testing.T) {
	data := t.TempDir()
	in := strings.Join([]string{
		`{"id":"s-1","title":"Zinc","body":"Peru zinc mines reopened."}`,
		`{"id":"s-2","title":"Empty"}`,
		`{"id":"s-3","title":"Tin","body":"Tin rose."}`,
		`{"id":"s-4","title":"Dated","body":"Copper fell.","published":"next tuesday"}`,
	}, "\n")
	code, out, errOut := runCLIStdin(t, in, "ingest", "--data", data, "-")
	if code != 0 || !strings.HasPrefix(out, "2 stored, 2 skipped into "+data) {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSpace(errOut), "\n")
	if len(lines) != 2 || lines[0] != "skipped stdin record 2 (s-2): body is missing: an article needs its text" ||
		!strings.HasPrefix(lines[1], "skipped stdin record 4: ") || !strings.Contains(lines[1], "next tuesday") {
		t.Errorf("want one line per skipped record, in order:\n%s", errOut)
	}
	// --strict: the same input stores the good records and exits 1.
	code, out, errOut = runCLIStdin(t, strings.ReplaceAll(in, `"s-`, `"t-`), "ingest", "--strict", "--data", data, "-")
	if code != 1 || !strings.HasPrefix(out, "2 stored, 2 skipped") || !strings.Contains(errOut, "2 skipped, and --strict makes that an error") {
		t.Errorf("--strict: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	// A file named on the line that is not there: said, and exit 1.
	code, out, errOut = runCLIStdin(t, `{"id":"v-1","title":"Tin","body":"Tin fell."}`, "ingest", "--data", data, "-", filepath.Join(data, "nope.json"))
	if code != 1 || !strings.HasPrefix(out, "1 stored, 0 skipped") || !strings.Contains(errOut, "nope.json: no such file or folder\n") {
		t.Errorf("missing file: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	// Nothing stored: exit 1.
	code, out, errOut = runCLIStdin(t, `{"id":"u-1","title":"Empty"}`, "ingest", "--data", data, "-")
	if code != 1 || !strings.HasPrefix(out, "0 stored, 1 skipped") || !strings.Contains(errOut, "nothing was stored") {
		t.Errorf("all bad: exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
}

// TestIngestFolderOfSavedPages: a folder of pages saved from a browser,
// with the files that come with them, gives the articles only; every
// other file is named as skipped with its reason, and the run exits 0.
func TestIngestFolderOfSavedPages(t *testing.T) {
	dir := t.TempDir()
	para := "Ghana's cocoa board raised the farm-gate price for the new season, citing higher world prices and the cedi's fall against the dollar. "
	page := `<!doctype html><html lang="en"><head><title>Ghana raises cocoa price</title><link rel="canonical" href="https://news.example/ghana-cocoa"></head>
<body><article><h1>Ghana raises cocoa price</h1><p>` + strings.Repeat(para, 3) + `</p><p>` + strings.Repeat(para, 3) + `</p></article></body></html>`
	files := map[string]string{
		"ghana-cocoa.html":             page,
		"ghana-cocoa_files/app.js":     "console.log(1)",
		"ghana-cocoa_files/style.css":  "body{}",
		"ghana-cocoa_files/state.json": `{"id":"state","title":"state","body":"not an article"}`,
		"package.json":                 `{"name":"scraper","version":"1.0.0","description":"Saves news pages","dependencies":{"x":"1"}}`,
		"ghana-cocoa.json":             `{"url":"https://news.example/ghana-cocoa","title":"Ghana raises cocoa price","saved_at":"2025-11-06T10:00:00Z"}`,
		"README.md":                    "# Saved pages\n\nPages saved for the cocoa study.\n",
		"notes.txt":                    "call the board on monday",
		"sitemap.xml":                  `<?xml version="1.0"?><urlset><url><loc>https://news.example/</loc></url></urlset>`,
		"brief.md":                     "---\nid: brief-1\ntitle: Ivory Coast cocoa arrivals\nsource: Notes\n---\nIvory Coast cocoa arrivals rose 5% in the week.\n",
		"wire.json":                    `[{"id":"wire-1","title":"Cocoa grindings","source":"Wire","body":"European cocoa grindings fell."},{"id":"wire-2","source":"Wire","title":"No text"}]`,
		"photo.jpg":                    "\xff\xd8\xff",
		".DS_Store":                    "x",
	}
	for name, body := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	code, out, errOut := runCLI(t, "ingest", "--data", t.TempDir(), dir)
	if code != 0 || !strings.HasPrefix(out, "3 stored, 8 skipped") {
		t.Fatalf("exit %d, want 3 articles (the page, the Markdown brief, wire-1)\nstdout %s\nstderr %s", code, out, errOut)
	}
	for _, want := range []string{
		"skipped " + filepath.Join(dir, "ghana-cocoa_files") + "/: the scripts, styles and images of the saved page ghana-cocoa.html",
		"skipped " + filepath.Join(dir, "package.json") + ": JSON that holds no article",
		"skipped " + filepath.Join(dir, "ghana-cocoa.json") + ": JSON that holds no article",
		"skipped " + filepath.Join(dir, "README.md") + ": Markdown without front matter",
		"skipped " + filepath.Join(dir, "notes.txt") + ": not an article",
		"skipped " + filepath.Join(dir, "sitemap.xml") + ": not an article",
		"skipped " + filepath.Join(dir, "photo.jpg") + ": not a file newsfind reads (.jpg)",
		"skipped " + filepath.Join(dir, "wire.json") + " record 2 (wire-2): body is missing",
	} {
		if !strings.Contains(errOut, want+"") {
			t.Errorf("stderr lacks %q", want)
		}
	}
	if n := strings.Count(errOut, "\n"); n != 8 || strings.Contains(errOut, ".DS_Store") || strings.Contains(errOut, "app.js") {
		t.Errorf("want exactly the 8 skip lines, hidden files unsaid:\n%s", errOut)
	}
}
