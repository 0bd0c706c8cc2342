package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadFolderFileStrict: under Strict, a file of articles with an
// unknown field is still a file of articles (its records are refused and
// listed), while a package.json is still no article file.
func TestReadFolderFileStrict(t *testing.T) {
	dir := t.TempDir()
	arts := filepath.Join(dir, "wire.json")
	os.WriteFile(arts, []byte(`{"id":"w-1","title":"Tin","body":"Tin rose.","mood":"up"}`), 0o644)
	pkg := filepath.Join(dir, "package.json")
	os.WriteFile(pkg, []byte(`{"name":"scraper","description":"Saves pages","homepage":"https://x.example"}`), 0o644)

	items, skip := ReadFolderFile(arts, Options{Strict: true})
	if skip != "" || len(items) != 1 || items[0].Err == nil || !strings.Contains(items[0].Err.Error(), `unknown field "mood"`) {
		t.Errorf("strict article file: skip %q, items %+v", skip, items)
	}
	items, skip = ReadFolderFile(arts, Options{})
	if skip != "" || len(items) != 1 || items[0].Err != nil {
		t.Errorf("article file: skip %q, items %+v", skip, items)
	}
	for _, o := range []Options{{}, {Strict: true}, {Lenient: true}} {
		if items, skip := ReadFolderFile(pkg, o); skip == "" {
			t.Errorf("package.json %+v: read as %d articles", o, len(items))
		}
	}
}

// TestSavedPageFiles: NAME_files is a saved page's resources only beside
// NAME.html (or .htm); a folder merely named so is walked.
func TestSavedPageFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "story.htm"), []byte("<html></html>"), 0o644)
	for name, want := range map[string]bool{"story_files": true, "other_files": false, "_files": false, "story": false} {
		os.Mkdir(filepath.Join(dir, name), 0o755)
		page, ok := SavedPageFiles(filepath.Join(dir, name))
		if ok != want || (ok && page != filepath.Join(dir, "story.htm")) {
			t.Errorf("%s: %q %v, want %v", name, page, ok, want)
		}
	}
}
