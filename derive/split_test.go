package derive

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind/seeds"
)

func TestSplitKeepsEveryLineOfText(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	furniture := map[string]bool{
		"US": true, "4 min read": true, "November 6, 2025": true,
		"RelatedTRT World - US, Japan join forces to secure future rare earth supplies": true,
		"SOURCE:TRT World and Agencies": true,
	}
	for _, a := range arts {
		passages := Split(a.Title, a.Body)
		joined := strings.Join(passages, "\n")
		for _, line := range strings.Split(a.Body, "\n") {
			line = strings.TrimSpace(line)
			switch {
			case line == "", furniture[line], line == a.Title,
				strings.HasPrefix(line, "* The Institute for Advanced International Studies"):
				if line != "" && containsLine(passages, line) {
					t.Errorf("%s: furniture kept: %q", a.ID, line)
				}
				continue
			}
			line = strings.TrimSuffix(line, " / Reuters") // photo credit
			if !strings.Contains(joined, line) {
				t.Errorf("%s: text lost: %q", a.ID, line)
			}
		}
	}
}

func TestSplit(t *testing.T) {
	long := strings.Repeat("The U.S. and China agreed on a pause in Busan. ", 40)
	tests := []struct {
		name, title, body string
		want              []string
	}{
		{"paragraphs", "", "First paragraph.\n\nSecond paragraph.", []string{"First paragraph.", "Second paragraph."}},
		{"heading kept with paragraph", "", "Central Asia’s Rare Earth Opportunity\nKazakhstan has emerged as a player.",
			[]string{"Central Asia’s Rare Earth Opportunity\nKazakhstan has emerged as a player."}},
		{"hard wrap joined", "", "The talks were\ncalled amazing.", []string{"The talks were called amazing."}},
		{"repeated title dropped", "Trump hosts leaders", "Trump hosts leaders\nThe text.", []string{"The text."}},
		{"disclaimer dropped", "", "Text.\n* The views represented herein do not necessarily reflect the views of the IAIS.", []string{"Text."}},
	}
	for _, tt := range tests {
		if got := Split(tt.title, tt.body); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: Split = %q, want %q", tt.name, got, tt.want)
		}
	}
	pieces := Split("", long)
	if len(pieces) < 2 || strings.Join(pieces, " ") != strings.TrimSpace(long) {
		t.Errorf("long paragraph split into %d pieces that do not rejoin to the text", len(pieces))
	}
	for _, p := range pieces {
		if len(p) > maxPassage || strings.HasPrefix(p, "S. ") {
			t.Errorf("bad piece (%d bytes, split at U.S.?): %q", len(p), p[:40])
		}
	}
}

func TestSentences(t *testing.T) {
	got := Sentences(`The U.S. President met Mr. Xi. It was “amazing.” Then 90% agreed! Really? Yes.`)
	want := []string{"The U.S. President met Mr. Xi. ", "It was “amazing.” ", "Then 90% agreed! ", "Really? ", "Yes."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Sentences = %q\nwant %q", got, want)
	}
}

func BenchmarkSplit(b *testing.B) {
	arts, err := seeds.Articles()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, a := range arts {
		n += len(a.Body)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, a := range arts {
			Split(a.Title, a.Body)
		}
	}
}

// containsLine reports whether some passage has line as one of its lines.
func containsLine(passages []string, line string) bool {
	for _, p := range passages {
		for _, l := range strings.Split(p, "\n") {
			if l == line {
				return true
			}
		}
	}
	return false
}

func FuzzSplit(f *testing.F) {
	arts, err := seeds.Articles()
	if err != nil {
		f.Fatal(err)
	}
	for _, a := range arts {
		f.Add(a.Title, a.Body)
	}
	f.Add("", "U.S. President.\n\n4 min read\nRelatedX\n* views do not necessarily reflect")
	f.Fuzz(func(t *testing.T, title, body string) {
		// No text may be lost: every word of the cleaned lines is in some
		// passage, and no passage is empty or over the bound.
		passages := Split(title, body)
		joined := strings.Join(passages, " ")
		for _, p := range passages {
			if strings.TrimSpace(p) == "" {
				t.Fatalf("empty passage from %q", body)
			}
			if len(p) > hardPassage {
				t.Fatalf("passage of %d bytes, over %d", len(p), hardPassage)
			}
		}
		for _, line := range Clean(title, body) {
			for _, w := range strings.Fields(line) {
				if !strings.Contains(joined, w) {
					t.Fatalf("word %q of line %q lost", w, line)
				}
			}
		}
	})
}

// FuzzNormalizeSpace: the fast path returns what strings.Fields would.
func FuzzNormalizeSpace(f *testing.F) {
	for _, s := range []string{"", " ", "a b", " a", "a ", "a  b", "a\tb", "a\u00a0b", "“quoted” text", "\xff a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normalizeSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("normalizeSpace(%q) = %q, want %q", s, got, want)
		}
	})
}
