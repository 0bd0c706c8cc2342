package ingest

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

func TestParseMarkdown(t *testing.T) {
	a, err := ParseMarkdown([]byte("---\nid: x1\ntitle: \"A: title\"\nurl: https://example.com/a\nsource: Ex\npublished: 2025-11-06\ndateline: ASTANA, Nov 6\ncountries: [KZ, -JP]\n# a comment\n---\nFirst.\n\nSecond.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "x1" || a.Title != "A: title" || a.Published.Format(newsfind.DateLayout) != "2025-11-06" || a.Body != "First.\n\nSecond." || strings.Join(a.Countries, ",") != "KZ,-JP" || a.Dateline != "ASTANA, Nov 6" {
		t.Errorf("got %+v", a)
	}
	for _, tt := range []struct{ in, want string }{
		{"no front matter", "must start with a line \"---\""},
		{"---\ntitle: x\n", "no closing \"---\""},
		{"---\ntitle: [\n---\nbody", "front matter:"},
		{"---\nauthor: me\n---\nbody", "field author not found"},
		{"---\npublished: yesterday\n---\nbody", "is not a date"},
	} {
		_, err := ParseMarkdown([]byte(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Errorf("ParseMarkdown(%q) = %v, want EINVALID %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("---\nid: x\ntitle: t\npublished: 2025-11-06\n---\nbody"))
	f.Add([]byte("---\ncountries: [a, b]\n---\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := ParseMarkdown(b)
		if err != nil && newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Fatalf("non-EINVALID error %v", err)
		}
	})
}
