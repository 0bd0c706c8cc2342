package search

import (
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

func TestMark(t *testing.T) {
	loc := func(start, end uint64) *search.Location { return &search.Location{Start: start, End: end} }
	tests := []struct {
		name string
		text string
		locs []*search.Location
		want string
	}{
		{"one word", "gold price", []*search.Location{loc(0, 4)}, "<mark>gold</mark> price"},
		{"a phrase is one mark", "the fentanyl tariff rose", []*search.Location{loc(4, 12), loc(13, 19)}, "the <mark>fentanyl tariff</mark> rose"},
		{"hyphen joins", "rare-earth magnets", []*search.Location{loc(0, 4), loc(5, 10)}, "<mark>rare-earth</mark> magnets"},
		{"text is escaped", "<b> & gold", []*search.Location{loc(6, 10)}, "&lt;b&gt; &amp; <mark>gold</mark>"},
		// The text comes from the store and the locations from the index:
		// after a rewrite they may not fit, and must then be dropped.
		{"past the end", "gold", []*search.Location{loc(2, 9)}, "gold"},
		{"inside a character", "Türkiye gold", []*search.Location{loc(2, 4), loc(9, 13)}, "Türkiye <mark>gold</mark>"},
		{"empty span", "gold", []*search.Location{loc(2, 2)}, "gold"},
	}
	for _, tt := range tests {
		got := mark(tt.text, search.TermLocationMap{"x": tt.locs})
		if got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
