package ingest

import (
	"os"
	"path/filepath"
	"testing"
)

func TestClean(t *testing.T) {
	for _, c := range []struct{ in, line, body string }{
		{"plain text", "plain text", "plain text"},
		{"a\x1b[31mb", "a[31mb", "a[31mb"},
		{"t\x1b]0;title\x07x", "t]0;titlex", "t]0;titlex"},
		{"a\tb\nc", "a b c", "a\tb\nc"},
		{"a\r\nb\rc\fd\ve", "a  b c d e", "a\nb\nc\nd\ne"},
		{"nul\x00 bs\x08 del\x7f c1\u0085\u009b", "nul bs del c1", "nul bs del c1"},
		{"\u202egnp.exe \u2066iso\u2069 \u202aemb\u202c", "gnp.exe iso emb", "gnp.exe iso emb"},
		{"café \u200f RLM and 日本", "café \u200f RLM and 日本", "café \u200f RLM and 日本"},
		{"bad \xff\x1b utf8", "bad \xff utf8", "bad \xff utf8"},
	} {
		if got := cleanLine(c.in); got != c.line {
			t.Errorf("cleanLine(%q) = %q, want %q", c.in, got, c.line)
		}
		if got := cleanBody(c.in); got != c.body {
			t.Errorf("cleanBody(%q) = %q, want %q", c.in, got, c.body)
		}
	}
}

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
			if unsafeRune(r) && r != '\n' {
				t.Errorf("%s %q keeps %q", name, v, r)
			}
		}
	}
	if a.Body != "Gold fell [31mhard.\n\nSecond paragraph." || a.Title != "Gold [2J fell" {
		t.Errorf("title %q body %q", a.Title, a.Body)
	}
}
