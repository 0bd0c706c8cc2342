package query

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

var parseTests = []struct {
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
	// OR binds tighter than AND, implied or written.
	{"grain OR wheat embargo", And{Must: []Node{
		Or{Any: []Node{Word{Text: "grain"}, Word{Text: "wheat", Pos: 9}}},
		Word{Text: "embargo", Pos: 15}}}},
	{"embargo grain OR wheat", And{Must: []Node{
		Word{Text: "embargo"},
		Or{Any: []Node{Word{Text: "grain", Pos: 8}, Word{Text: "wheat", Pos: 17}}}}}},
	{"a AND b OR c", And{Must: []Node{Word{Text: "a"}, Or{Any: []Node{Word{Text: "b", Pos: 6}, Word{Text: "c", Pos: 11}}}}}},
	{"a b OR c d", And{Must: []Node{Word{Text: "a"}, Or{Any: []Node{Word{Text: "b", Pos: 2}, Word{Text: "c", Pos: 7}}}, Word{Text: "d", Pos: 9}}}},
	{"a OR b OR c", Or{Any: []Node{Word{Text: "a"}, Word{Text: "b", Pos: 5}, Word{Text: "c", Pos: 10}}}},
	{"-a OR b", Or{Any: []Node{And{Not: []Node{Word{Text: "a", Pos: 1}}}, Word{Text: "b", Pos: 6}}}},
	{"oil -opec OR gas", And{Must: []Node{Word{Text: "oil"},
		Or{Any: []Node{And{Not: []Node{Word{Text: "opec", Pos: 5}}}, Word{Text: "gas", Pos: 13}}}}}},
	{"oil -(opec OR gas)", And{Must: []Node{Word{Text: "oil"}},
		Not: []Node{Or{Any: []Node{Word{Text: "opec", Pos: 6}, Word{Text: "gas", Pos: 14}}}}}},
	// title: takes a word, a phrase or a group.
	{"title:cocoa", Title{Q: Word{Text: "cocoa", Pos: 6}}},
	{"TITLE:coc*", Title{Q: Word{Text: "coc", Prefix: true, Pos: 6}}},
	{`title:"rare earth"`, Title{Q: Phrase{Text: "rare earth", Pos: 6}}},
	{"title:(cocoa OR coffee)", Title{Q: Or{Any: []Node{Word{Text: "cocoa", Pos: 7}, Word{Text: "coffee", Pos: 16}}}}},
	{"title:(cocoa OR coffee) exports -title:brazil", And{
		Must: []Node{Title{Q: Or{Any: []Node{Word{Text: "cocoa", Pos: 7}, Word{Text: "coffee", Pos: 16}}}}, Word{Text: "exports", Pos: 24}},
		Not:  []Node{Title{Q: Word{Text: "brazil", Pos: 39}, Pos: 33}}}},
	// Proximity: NEAR chains bind tighter than OR; a phrase's ~N is slop.
	{"oil NEAR/5 price", Near{Terms: []Node{Word{Text: "oil"}, Word{Text: "price", Pos: 11}}, Dist: []int{5}}},
	{`oil NEAR/3 "crude price" NEAR/0 opec`, Near{Terms: []Node{Word{Text: "oil"}, Phrase{Text: "crude price", Pos: 11}, Word{Text: "opec", Pos: 32}}, Dist: []int{3, 0}}},
	{"oil NEAR/5 price OR gas", Or{Any: []Node{Near{Terms: []Node{Word{Text: "oil"}, Word{Text: "price", Pos: 11}}, Dist: []int{5}}, Word{Text: "gas", Pos: 20}}}},
	{`"oil price"~3`, Phrase{Text: "oil price", Slop: 3}},
	{`"oil price"~0`, Phrase{Text: "oil price"}},
	{`title:"oil price"~2`, Title{Q: Phrase{Text: "oil price", Slop: 2, Pos: 6}}},
	{"near price", And{Must: []Node{Word{Text: "near"}, Word{Text: "price", Pos: 5}}}}, // only upper case is the operator
	// A space after the colon makes a word of "title:", as of "country:".
	{"title: cocoa", And{Must: []Node{Word{Text: "title:"}, Word{Text: "cocoa", Pos: 7}}}},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
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
		{`title:""`, "position 7: empty phrase"},
		{"title:()", "position 7: empty parentheses"},
		{"title:(cocoa", `position 7: unbalanced "("`},
		{"title:c*", "a prefix needs at least 2 letters"},
		{"a OR OR b", "position 3: OR needs a term after it"},
		{"a AND OR b", "position 3: AND needs a term after it"},
		{"(OR a)", "position 2: expected a term before OR"},
		{"a~5", "fuzzy edit distance 5 is over the limit of 2"},
		{"uranium~x", "fuzzy search is word~ or word~N"},
		{"ab~1", "at least 3 letters"},
		{"/.*/", "wildcards are only allowed at the end"},
		{"oil NEAR price", "position 5: NEAR needs a distance: write a NEAR/n b"},
		{"oil NEAR/x price", "NEAR needs a distance"},
		{"oil NEAR/51 price", "distance 51 is over the limit of 50 words (max_near_distance)"},
		{"oil NEAR/99999999999999999999 price", "max_near_distance"},
		{`"oil price"~51`, "position 12: distance 51 is over the limit of 50 words (max_near_distance)"},
		{`"oil price"~`, `a phrase's slop is "words"~N`},
		{`"oil price"~1x`, `a phrase's slop is "words"~N`},
		{"oil NEAR/3", "NEAR/3 needs a word or quoted phrase after it"},
		{"NEAR/3 oil", "NEAR/3 needs a word or quoted phrase before it"},
		{"(oil) NEAR/3 price", "NEAR/3 needs a word or quoted phrase before it"},
		{"oil NEAR/3 (price)", "NEAR/3 needs a word or quoted phrase after it"},
		{"oil NEAR/3 pri*", "NEAR joins plain words and quoted phrases, not pri*"},
		{`oil NEAR/3 "a b"~2`, `not "a b"~2`},
		{"oil NEAR/3 country:KZ", "not country:KZ"},
		{`country:"KZ"~2`, "only a phrase takes ~N"},
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

// TestRoundTrip parses every query of the tables above, the trickier
// corners of String and bench's queries, and checks that each tree's
// String parses back to the same tree.
func TestRoundTrip(t *testing.T) {
	ins := []string{
		"(a b)(c d)", "a b OR c d", "(a OR b) (c OR d)", "a OR (b OR c)", "(a OR b) OR c",
		"-(a b)", "-(a OR b)", "-(-a)", "NOT -", "NOT --x", "(a - )", "(a OR - )", "- a -",
		`source:"TRT World" -"rare earth"`, `country:“KZ” “fentanyl tariff”`, `source:"a (b)"`,
		`commodity:" oil "`, "Country:kz", "country:a:b", "country: x", `abc"def"`,
		"abc~~", "abc~~0", "uranium~0", "a~b~1", "ab~*", "~abc", "1:abc~", "rare-earth*",
		"gold AND copper OR silver -iron", "((((a))))", "a && b || c", "+x -+y",
		"a OR -b", "-a OR -b c", "(a b) OR (c -d)", "a OR (b c) OR d", "title:title:x", "title:(a OR (b c))",
		`title:"a b" OR title:co*`, "title:country:KZ", "title:-", "-title:(a -b)", "title:abc~~0", "title:1:abc~",
		"title:(a NEAR/1 b)", `-a NEAR/2 b OR c`, `"a b"~2 OR "c"~50`, "--x NEAR/1 -", "abc~~0 NEAR/4 ~abc", "NEAR~0", "AND~0 NOT~0", "x NEAR/1 NEAR~0",
	}
	for _, tt := range parseTests {
		ins = append(ins, tt.in)
	}
	data, err := os.ReadFile("../bench/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if _, q, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			ins = append(ins, strings.TrimSpace(q))
		}
	}
	for _, in := range ins {
		n, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if n == nil {
			continue
		}
		s := n.String()
		back, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q) printed %q, which does not parse: %v", in, s, err)
			continue
		}
		if !reflect.DeepEqual(withoutPos(back), withoutPos(n)) {
			t.Errorf("Parse(%q) printed %q, which parses to %#v, want %#v", in, s, back, n)
		}
	}
}

// withoutPos is n with every position zeroed: positions are offsets in
// the text a tree came from, which a printed tree need not repeat.
func withoutPos(n Node) Node {
	return Map(n, func(n Node) Node {
		switch m := n.(type) {
		case Word:
			m.Pos = 0
			return m
		case Phrase:
			m.Pos = 0
			return m
		case Field:
			m.Pos = 0
			return m
		case Title:
			m.Pos = 0
			return m
		case Near:
			m.Pos = 0
			m.Terms = append([]Node(nil), m.Terms...)
			for i := range m.Terms {
				m.Terms[i] = withoutPos(m.Terms[i])
			}
			return m
		}
		return n
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"rare earth", `"fentanyl tariff" -China`, "(gold OR copper) country:KZ", "tarif*", `source:"TRT World"`, "C5+1 U.S.", "(((",
		"grain OR wheat embargo", "a AND b OR c -d", `title:"rare earth" OR title:(cocoa -coffee)`,
		`oil NEAR/3 price NEAR/10 "crude oil"`, `"oil price"~3`, `title:"a b"~2 NEAR/1`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := Parse(s)
		if err != nil {
			if newsfind.ErrorCode(err) == newsfind.EINTERNAL {
				t.Fatalf("Parse(%q): internal error %v", s, err)
			}
			return
		}
		if n == nil {
			return
		}
		printed := n.String()
		back, err := parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) printed %q, which does not parse: %v", s, printed, err)
		}
		if !reflect.DeepEqual(withoutPos(back), withoutPos(n)) {
			t.Fatalf("Parse(%q) printed %q, which parses to %#v, want %#v", s, printed, back, n)
		}
		if again := back.String(); again != printed {
			t.Fatalf("Parse(%q) printed %q, then %q", s, printed, again)
		}
	})
}
