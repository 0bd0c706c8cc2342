package query

import (
	"reflect"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tariffs", "tariffs"},
		{"rare  earth", "rare earth"},
		{"“fentanyl tariff”", `"fentanyl tariff"`},
		{"tariff NOT China", "tariff -China"},
		{"gold OR copper", "gold OR copper"},
		{"(gold OR copper) price", "(gold OR copper) price"},
		{"(gold price) OR copper", "(gold price) OR copper"},
		{"grain OR wheat embargo", "(grain OR wheat) embargo"},
		{"a AND b OR c", "a (b OR c)"},
		{"a OR -b", "a OR -b"},
		{"Title:cocoa", "title:cocoa"},
		{`title:“rare earth”`, `title:"rare earth"`},
		{"title:(cocoa OR coffee) price", "title:(cocoa OR coffee) price"},
		{"title:(cocoa)", "title:cocoa"},
		{"gold OR (copper OR tin)", "gold OR (copper OR tin)"},
		{"(rare earth) magnets", "(rare earth) magnets"},
		{"-(rare earth)", "-(rare earth)"},
		{"Country:KZ", "country:KZ"},
		{`source:“TRT World”`, `source:"TRT World"`},
		{`source:"Reuters"`, "source:Reuters"},
		{"tarif*", "tarif*"},
		{"uranim~1", "uranim~"},
		{"Kazakstan~2", "Kazakstan~2"},
		{"abc~~0", "abc~~0"},
		{"NOT -", "NOT -"},
		{"(a OR - ) b", "(a OR - ) b"},
		{"a AND b", "a b"},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if got := n.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMap(t *testing.T) {
	n, err := Parse("(gold OR copper) price -country:RU")
	if err != nil {
		t.Fatal(err)
	}
	before := n.String()
	var order []string
	got := Map(n, func(n Node) Node {
		order = append(order, n.String())
		if w, ok := n.(Word); ok {
			w.Text = strings.ToUpper(w.Text)
			return w
		}
		if f, ok := n.(Field); ok {
			return Phrase{Text: f.Value}
		}
		return n
	})
	if s := got.String(); s != `(GOLD OR COPPER) PRICE -"RU"` {
		t.Errorf("mapped to %q", s)
	}
	// Children first, each parent seeing its new children.
	want := []string{"gold", "copper", "GOLD OR COPPER", "price", "country:RU", `(GOLD OR COPPER) PRICE -"RU"`}
	if !reflect.DeepEqual(order, want) {
		t.Errorf("f saw %q, want %q", order, want)
	}
	if s := n.String(); s != before {
		t.Errorf("Map changed its input to %q", s)
	}
	if got := Map(n, func(n Node) Node { return n }); !reflect.DeepEqual(got, n) {
		t.Errorf("identity Map = %#v, want %#v", got, n)
	}
}

func TestVisit(t *testing.T) {
	n, err := Parse(`(gold OR copper) "rare earth" -(tin lead)`)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	Visit(n, func(n Node) bool {
		seen = append(seen, n.String())
		_, isAnd := n.(And)
		return !isAnd || len(seen) == 1 // into the top And only
	})
	want := []string{`(gold OR copper) "rare earth" -(tin lead)`, "gold OR copper", "gold", "copper", `"rare earth"`, "tin lead"}
	if !reflect.DeepEqual(seen, want) {
		t.Errorf("visited %q, want %q", seen, want)
	}
	Visit(nil, func(Node) bool { t.Error("visited a nil tree"); return true })
}

// printer folds a tree into prefix notation, recording the leaves in the
// order Fold reaches them.
type printer struct{ leaves []string }

func (p *printer) Leaf(n Node) (string, error) {
	if w, ok := n.(Word); ok && w.Text == "fail" {
		return "", newsfind.Errorf(newsfind.EINVALID, "no %q", w.Text)
	}
	p.leaves = append(p.leaves, n.String())
	return n.String(), nil
}

func (p *printer) And(must, not []string) string {
	return "(and " + strings.Join(must, " ") + " (not " + strings.Join(not, " ") + "))"
}

func (p *printer) Or(nodes []string) string { return "(or " + strings.Join(nodes, " ") + ")" }

func TestFold(t *testing.T) {
	n, err := Parse(`(gold OR copper) -country:RU "rare earth"`)
	if err != nil {
		t.Fatal(err)
	}
	p := &printer{}
	got, err := Fold[string](n, p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `(and (or gold copper) "rare earth" (not country:RU))`; got != want {
		t.Errorf("Fold = %s, want %s", got, want)
	}
	if want := []string{"gold", "copper", `"rare earth"`, "country:RU"}; !reflect.DeepEqual(p.leaves, want) {
		t.Errorf("leaves in order %q, want %q", p.leaves, want)
	}

	n, _ = Parse("gold OR (fail copper)")
	p = &printer{}
	if _, err := Fold[string](n, p); newsfind.ErrorCode(err) != newsfind.EINVALID {
		t.Errorf("Fold with a failing leaf: %v", err)
	}
	if want := []string{"gold"}; !reflect.DeepEqual(p.leaves, want) {
		t.Errorf("after the error, leaves %q, want %q", p.leaves, want)
	}
	if _, err := Fold[string](nil, &printer{}); newsfind.ErrorCode(err) != newsfind.EINTERNAL {
		t.Errorf("Fold(nil): %v", err)
	}
}
