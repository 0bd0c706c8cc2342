package catalog

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// storedEntry is an entry as one read from the store brings it: every
// string its own copy.
func storedEntry(i int) Entry {
	c := strings.Clone
	story := fmt.Sprintf("reuters-%d", i%2000)
	return Entry{Summary: newsfind.Summary{
		ID: fmt.Sprintf("reuters-%d-x%d", i%2000, i/2000), Title: "title", Source: c("Reuters"), Lang: c("en"),
		Published: time.Unix(int64(i), 0).UTC(), StoryID: story,
		Countries: []string{c("US"), c("JP")}, Commodities: []string{c("crude")},
		About: newsfind.TagSet{Countries: []string{c("US")}, Commodities: []string{c("crude")}},
	}, Passages: 3}
}

// TestCatalogSharesStrings: entries read from the store each bring their
// own copy of the source, the language, the story id and the tag lists;
// the catalog keeps one of each, so its memory an article is the entry
// and its numbers, not the copies. Before it kept them, ~560 bytes an
// article here.
func TestCatalogSharesStrings(t *testing.T) {
	const n = 18000
	es := make([]Entry, n)
	for i := range es {
		es[i] = storedEntry(i)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	before := m.HeapAlloc
	c := NewCatalog()
	for i := 0; i < n; i += 500 {
		batch := make([]Entry, 500)
		for j := range batch {
			batch[j] = storedEntry(i + j)
			batch[j].ID, batch[j].Title = es[i+j].ID, es[i+j].Title // the copies the test keeps
		}
		c.Put(batch...)
	}
	runtime.GC()
	runtime.ReadMemStats(&m)
	per := float64(m.HeapAlloc-before) / n
	t.Logf("%.0f bytes an article", per)
	if per > 480 {
		t.Errorf("the catalog keeps %.0f bytes an article; want at most 480", per)
	}
	e, ok := c.Get("reuters-7-x3")
	want := storedEntry(3*2000 + 7)
	if !ok || e.Source != want.Source || e.Lang != want.Lang || e.StoryID != want.StoryID ||
		strings.Join(e.Countries, ",") != "US,JP" || strings.Join(e.About.Commodities, ",") != "crude" {
		t.Errorf("entry changed: %+v", e)
	}
	var none Entry
	none.ID, none.Countries = "empty", []string{}
	c.Put(none)
	if e, _ := c.Get("empty"); e.Countries == nil || e.Commodities != nil {
		t.Errorf("an empty list became nil or a nil one empty: %#v %#v", e.Countries, e.Commodities)
	}
	runtime.KeepAlive(es)
	runtime.KeepAlive(c)
}
