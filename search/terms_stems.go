package search

import (
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
)

// stemCache keeps what the text analyzers make of each form terms have
// stemmed, between answers. A sample has a few thousand different forms,
// most of them the language's common words, and each costs a run of the
// analyzer (tokenizer, filters, stemmer) to stem: the same words every
// answer. A form's stem depends on the analyzer alone, so nothing a
// write does makes an entry wrong.
type stemCache struct {
	mu    sync.RWMutex
	stems map[stemKey]string // "" for a stop word
}

type stemKey struct {
	text analysis.Analyzer // the text analyzer that stems
	form string
}

// maxStemEntries bounds the cache (~100 bytes an entry): the words of a
// year of news are a few hundred thousand forms.
const maxStemEntries = 1 << 18

func (c *stemCache) get(a analysis.Analyzer, form string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s, ok := c.stems[stemKey{a, form}]
	return s, ok
}

// add keeps the stems an answer worked out.
func (c *stemCache) add(fresh []stemmed) {
	if len(fresh) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stems == nil || len(c.stems)+len(fresh) > maxStemEntries {
		c.stems = make(map[stemKey]string, len(fresh))
	}
	for _, s := range fresh {
		c.stems[s.key] = s.stem
	}
}

// stemmed is a form an answer stemmed.
type stemmed struct {
	key  stemKey
	stem string
}
