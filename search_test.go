package newsfind

import (
	"reflect"
	"testing"
)

func TestSegments(t *testing.T) {
	const turkey = "Türkiye’s “rare-earth” exports"
	tests := []struct {
		name  string
		text  string
		marks [][2]int
		want  []Segment
	}{
		{"none", "gold", nil, []Segment{{"gold", false}}},
		{"empty text", "", [][2]int{{0, 1}}, nil},
		{"code points", turkey, [][2]int{{11, 21}, {23, 30}},
			[]Segment{{"Türkiye’s “", false}, {"rare-earth", true}, {"” ", false}, {"exports", true}}},
		{"at the start", turkey, [][2]int{{0, 7}}, []Segment{{"Türkiye", true}, {"’s “rare-earth” exports", false}}},
		{"outside the BMP", "🙂 gold", [][2]int{{2, 6}}, []Segment{{"🙂 ", false}, {"gold", true}}},
		{"touching", "goldsmith", [][2]int{{0, 4}, {4, 9}}, []Segment{{"goldsmith", true}}},
		// Marks a client could send back broken: the text stays whole.
		{"out of order", "gold and copper", [][2]int{{9, 15}, {0, 4}}, []Segment{{"gold and ", false}, {"copper", true}}},
		{"overlapping", "gold and copper", [][2]int{{0, 8}, {5, 15}}, []Segment{{"gold and", true}, {" copper", false}}},
		{"empty", "gold", [][2]int{{2, 2}}, []Segment{{"gold", false}}},
		{"negative", "gold", [][2]int{{-1, 2}}, []Segment{{"gold", false}}},
		{"past the end", "gold", [][2]int{{2, 9}}, []Segment{{"gold", false}}},
		{"starts past the end", "gold", [][2]int{{5, 9}}, []Segment{{"gold", false}}},
	}
	for _, tt := range tests {
		got := PassageHit{Text: tt.text, Marks: tt.marks}.Segments()
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
