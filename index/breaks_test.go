package index

import (
	"testing"
)

// TestBreaks: which words of a text stand next to the one before, as a
// quoted phrase needs them.
func TestBreaks(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	forms := m.AnalyzerNamed(FormsAnalyzer)
	for _, tt := range []struct {
		text string
		want []bool
	}{
		{"the oil price", []bool{false, false, false}},
		{"oil-price  slump\nhit", []bool{false, false, false, false}},
		{"oil, price", []bool{false, true}},
		{"it said. Its board", []bool{false, false, true, false}},
		{"<Acme Corp> said", []bool{false, false, true}},
		{"(Acme Inc) said", []bool{false, false, true}},
		{"the U.S. dollar", []bool{false, false, false}},
		{"oil -- price", []bool{false, true}},
		{"dollar/yen", []bool{false, true}},
		{"England's bank", []bool{false, true}},
		{"the bank’s loans", []bool{false, false, true}},
	} {
		toks := forms.Analyze([]byte(tt.text))
		got := Breaks([]byte(tt.text), toks)
		if len(got) != len(tt.want) {
			t.Errorf("%q: %d tokens, want %d", tt.text, len(got), len(tt.want))
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%q: token %d (%s) break %v, want %v", tt.text, i, toks[i].Term, got[i], tt.want[i])
			}
		}
	}
}
