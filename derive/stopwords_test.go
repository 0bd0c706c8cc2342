package derive

import (
	"maps"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"

	// The stop words of the languages index analyzes, as Bleve registers them.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"
)

// TestStopWordsAreBleves: the detector's stop words are a copy of Bleve's
// lists (so that deriving needs no Bleve); a Bleve upgrade that changes a
// list fails here rather than moving detection silently.
func TestStopWordsAreBleves(t *testing.T) {
	cache := registry.NewCache()
	for _, code := range languages {
		want, err := cache.TokenMapNamed("stop_" + code)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		if !maps.Equal(stopWords[code], map[string]bool(want)) {
			t.Errorf("%s: %d stop words in data/stop, Bleve has %d (regenerate data/stop/%s.txt)", code, len(stopWords[code]), len(want), code)
		}
	}
}
