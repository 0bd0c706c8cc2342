package newsfind

import "testing"

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
