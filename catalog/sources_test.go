package catalog

import (
	"slices"
	"testing"

	"github.com/newsfind/newsfind"
)

func TestSourceKey(t *testing.T) {
	for _, names := range [][]string{
		{"The Guardian", "the Guardian", "THE GUARDIAN", " the  guardian ", "Guardian", "guardian"},
		{"BBC News", "Bbc News", "bbc  news"},
		{"The", "the"}, // a name that is only "The" keeps it
	} {
		for _, n := range names[1:] {
			if SourceKey(n) != SourceKey(names[0]) {
				t.Errorf("SourceKey(%q) = %q, SourceKey(%q) = %q: want one source", n, SourceKey(n), names[0], SourceKey(names[0]))
			}
		}
	}
	for _, pair := range [][2]string{{"The Times", "The Sunday Times"}, {"Theguardian", "Guardian"}, {"Le Monde", "Monde"}} {
		if SourceKey(pair[0]) == SourceKey(pair[1]) {
			t.Errorf("%q and %q are one source, want two", pair[0], pair[1])
		}
	}
}

// TestCatalogSources: names of one source are one facet value, shown by
// one name whatever order the articles came in, and a lookup returns
// every name for a filter to match.
func TestCatalogSources(t *testing.T) {
	entry := func(id, source string) Entry {
		return Entry{Summary: newsfind.Summary{ID: id, Source: source}}
	}
	arts := []Entry{entry("a", "the Guardian"), entry("b", "The Guardian"), entry("c", "Reuters"), entry("d", "THE GUARDIAN"), entry("e", "guardian")}
	for _, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}} {
		c := NewCatalog()
		// A search's lists are never written after it took them, though
		// the name shown changes as better ones arrive.
		var taken, was []string
		for i, k := range order {
			c.Put(arts[k])
			if i == 0 {
				c.View()
				_, _, taken = c.FacetValues()
				was = slices.Clone(taken)
			}
		}
		if !slices.Equal(taken, was) {
			t.Errorf("order %v: a taken list changed from %q to %q", order, was, taken)
		}
		_, _, sources := c.FacetValues()
		if want := []string{"The Guardian", "Reuters"}; !sameSet(sources, want) {
			t.Errorf("order %v: sources %q, want %q", order, sources, want)
		}
		if got := c.SourceNames("the guardian"); !slices.Equal(got, []string{"THE GUARDIAN", "The Guardian", "guardian", "the Guardian"}) {
			t.Errorf("order %v: names %q", order, got)
		}
		v := c.View()
		for i, e := range v.Entries {
			if (e.Source == "Reuters") != (sources[v.Facets[i].Source] == "Reuters") {
				t.Errorf("order %v: %s (%q) counted under %q", order, e.ID, e.Source, sources[v.Facets[i].Source])
			}
		}
	}
	if got := NewCatalog().SourceNames("Nobody"); got != nil {
		t.Errorf("unknown source: %q", got)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
