package search

import (
	"sync"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
)

// reutersCache holds Reuters-21578 parsed and normalised once per test
// run: a dozen tests read it, and parsing it is a second each time.
var reutersCache struct {
	mu   sync.Mutex
	arts []newsfind.Article
	pos  []int // each article's position in the corpus file
}

// reutersArticles returns the valid, normalised articles among the first
// n stories of Reuters-21578 (all of them when n <= 0), or skips (fails
// under CI=true) when the corpus is absent. The articles are shared:
// callers must not change them.
func reutersArticles(t testing.TB, n int) []newsfind.Article {
	t.Helper()
	if n <= 0 || n >= reutersN {
		corpus.Long(t) // every story: an index of the whole corpus
	}
	c := &reutersCache
	c.mu.Lock()
	defer c.mu.Unlock() // corpus.Read may end the test: never hold the lock past it
	if c.arts == nil {
		items, err := ingest.ParseJSON(corpus.Read(t, "reuters21578.jsonl.gz"), ingest.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i, it := range items {
			if it.Err == nil && ingest.Normalize(&it.Article) == nil {
				c.arts = append(c.arts, it.Article)
				c.pos = append(c.pos, i)
			}
		}
	}
	if n <= 0 {
		return c.arts
	}
	k := 0
	for k < len(c.pos) && c.pos[k] < n {
		k++
	}
	return c.arts[:k:k]
}

// ReutersArticles is reutersArticles for the package's external tests.
var ReutersArticles = reutersArticles
