package ingest

import (
	"os"
	"path/filepath"
	"testing"
	"unicode"
)

// TestNormalizeCleansEveryField: every text field of an article, from
// Markdown front matter as from any format, leaves Normalize clean, and
// the caller's tag slices are not written to.
func TestNormalizeCleansEveryField(t *testing.T) {
	dir := t.TempDir()
	md := "---\nid: md-ctl\ntitle: \"Gold \\e[2J\\u202e fell\"\nsource: \"Wire \\a\"\nbyline: \"By \\bJo\"\ndateline: \"LONDON\\e[1m\"\n---\nGold fell \x1b[31mhard\x07.\n\nSecond \x00paragraph.\n"
	path := filepath.Join(dir, "a.md")
	if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	items, err := ParseFile(path, Options{})
	if err != nil || len(items) != 1 || items[0].Err != nil {
		t.Fatalf("%v %+v", err, items)
	}
	a := items[0].Article
	tags := []string{"g\x1bb"}
	a.Countries, a.DateNote, a.Section = tags, "after \x1b[1m2025", "\x1b]0;x\aMarkets"
	if err := Normalize(&a); err != nil {
		t.Fatal(err)
	}
	if tags[0] != "g\x1bb" {
		t.Errorf("the caller's slice was changed: %q", tags)
	}
	for name, v := range map[string]string{"title": a.Title, "source": a.Source, "byline": a.Byline, "section": a.Section,
		"dateline": a.Dateline, "date_note": a.DateNote, "country": a.Countries[0], "body": a.Body} {
		for _, r := range v {
			if unicode.IsControl(r) && r != '\n' || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
				t.Errorf("%s %q keeps %q", name, v, r)
			}
		}
	}
	if a.Body != "Gold fell [31mhard.\n\nSecond paragraph." || a.Title != "Gold [2J fell" {
		t.Errorf("title %q body %q", a.Title, a.Body)
	}
}
