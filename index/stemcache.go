package index

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// The English stemmer took 6% of bulk indexing CPU (a third of analysis)
// and three allocations per token, for words that repeat: news has a vocabulary of tens of
// thousands of forms and millions of tokens. cachedStemmer remembers each
// form's stem, so a form is stemmed once per index, not once per use.
// Only a filter known to map each token alone, by its term, may be
// cached: Bleve's English snowball stemmer is such a filter.

// stemCacheShards and stemCacheShardLen bound the cache: about 130k forms
// (~10 MB), past which new forms are stemmed every time, as before.
const (
	stemCacheShards   = 64
	stemCacheShardLen = 2048
)

type cachedStemmer struct {
	inner  analysis.TokenFilter
	seed   maphash.Seed
	shards [stemCacheShards]stemShard
}

type stemShard struct {
	mu sync.RWMutex
	m  map[string][]byte
}

// cacheable wraps f in a cache when it is a stemmer that maps each token
// by its term alone, and returns f as it is otherwise.
func cacheable(f analysis.TokenFilter) analysis.TokenFilter {
	if _, ok := f.(*en.EnglishStemmerFilter); !ok {
		return f
	}
	c := &cachedStemmer{inner: f, seed: maphash.MakeSeed()}
	for i := range c.shards {
		c.shards[i].m = make(map[string][]byte)
	}
	return c
}

// Filter stems every token. A cached stem is shared between the tokens
// that have it: nothing after the stemmer changes a term in place (Bleve
// copies terms into its own structures).
func (c *cachedStemmer) Filter(in analysis.TokenStream) analysis.TokenStream {
	one := make(analysis.TokenStream, 1)
	for _, tok := range in {
		sh := &c.shards[maphash.Bytes(c.seed, tok.Term)%stemCacheShards]
		sh.mu.RLock()
		stem, ok := sh.m[string(tok.Term)]
		sh.mu.RUnlock()
		if ok {
			tok.Term = stem
			continue
		}
		form := string(tok.Term)
		one[0] = tok
		c.inner.Filter(one)
		sh.mu.Lock()
		if len(sh.m) < stemCacheShardLen {
			sh.m[form] = tok.Term
		}
		sh.mu.Unlock()
	}
	return in
}
