package index

import (
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"

	"github.com/newsfind/newsfind/derive"
)

// TestStopWordsAreBleves: the language detector's stop words are a copy
// of Bleve's lists (so that deriving needs no Bleve); a Bleve upgrade that
// changes a list fails here rather than moving detection silently.
func TestStopWordsAreBleves(t *testing.T) {
	cache := registry.NewCache()
	for _, code := range Languages() {
		m, err := cache.TokenMapNamed("stop_" + code)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		want := slices.Sorted(maps.Keys(m))
		if got := derive.StopWords(code); !slices.Equal(got, want) {
			t.Errorf("%s: %d stop words in derive/data/stop, Bleve has %d (copy Bleve's list there)", code, len(got), len(want))
		}
	}
}
