package search

import (
	"reflect"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Node
	}{
		{"", nil},
		{"tariffs", Word{Text: "tariffs"}},
		{"rare earth", And{Must: []Node{Word{Text: "rare"}, Word{Text: "earth", Pos: 5}}}},
		{`"fentanyl tariff"`, Phrase{Text: "fentanyl tariff"}},
		{"C5+1", Word{Text: "C5+1"}},
		{"U.S.", Word{Text: "U.S."}},
		{"rare-earth", Word{Text: "rare-earth"}},
		{"tariff -China", And{Must: []Node{Word{Text: "tariff"}}, Not: []Node{Word{Text: "China", Pos: 8}}}},
		{"gold OR copper", Or{Any: []Node{Word{Text: "gold"}, Word{Text: "copper", Pos: 8}}}},
		{"(gold OR copper) price", And{Must: []Node{
			Or{Any: []Node{Word{Text: "gold", Pos: 1}, Word{Text: "copper", Pos: 9}}},
			Word{Text: "price", Pos: 17}}}},
		{"country:KZ", Field{Name: "country", Value: "KZ"}},
		{`source:"TRT World"`, Field{Name: "source", Value: "TRT World"}},
		{"tarif*", Word{Text: "tarif", Prefix: true}},
		{"uranim~", Word{Text: "uranim", Fuzzy: 1}},
		{"Kazakstan~2", Word{Text: "Kazakstan", Fuzzy: 2}},
		{"Recalibration?", Word{Text: "Recalibration?"}},
		{"uranium AND magnets", And{Must: []Node{Word{Text: "uranium"}, Word{Text: "magnets", Pos: 12}}}},
		{"NOT Russia summit", And{Must: []Node{Word{Text: "summit", Pos: 11}}, Not: []Node{Word{Text: "Russia", Pos: 4}}}},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"(", `position 1: unbalanced "("`},
		{"(rare earth", `position 1: unbalanced "("`},
		{"rare)", `position 5: unbalanced ")"`},
		{`"rare earth`, "position 1: unterminated phrase"},
		{"gold OR", "position 6: OR needs a term after it"},
		{"OR gold", `position 1: expected a term before OR`},
		{"()", "position 1: empty parentheses"},
		{"*", `a prefix needs at least 2 letters`},
		{"*earth", `wildcards are only allowed at the end`},
		{"contry:KZ", `unknown field "contry"`},
		{"a~5", "fuzzy edit distance 5 is over the limit of 2"},
		{"uranium~x", "fuzzy search is word~ or word~N"},
		{"ab~1", "at least 3 letters"},
		{"/.*/", "wildcards are only allowed at the end"},
		{"-", ""}, // a lone hyphen is a word, not an error
		{strings.Repeat("(", 30) + "a" + strings.Repeat(")", 30), "deeper than 20"},
		{strings.Repeat("a", 2000), "limit is 1024"},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		if tt.want == "" {
			if err != nil {
				t.Errorf("Parse(%q): unexpected error %v", tt.in, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error = %v, want it to contain %q", tt.in, err, tt.want)
			continue
		}
		if c := newsfind.ErrorCode(err); c != newsfind.EINVALID && c != newsfind.ETOOLARGE {
			t.Errorf("Parse(%q) code = %s", tt.in, c)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"rare earth", `"fentanyl tariff" -China`, "(gold OR copper) country:KZ", "tarif*", `source:"TRT World"`, "C5+1 U.S.", "((("} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := Parse(s)
		if err != nil && newsfind.ErrorCode(err) == newsfind.EINTERNAL {
			t.Fatalf("Parse(%q): internal error %v", s, err)
		}
	})
}
