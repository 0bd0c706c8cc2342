package search

import (
	"sync"

	"github.com/newsfind/newsfind"
)

// textCache keeps the passages of the articles results showed last: a
// page of hits reads its articles from the store and splits them again,
// which at 100k passages was a fifth of a query, and results, pages and
// article views come back to the same articles. It holds up to maxBytes
// of passage text and forgets the oldest first.
type textCache struct {
	mu       sync.Mutex
	gen      uint64 // bumped by forget, so a read that raced a write is not kept
	docs     map[string]*newsfind.Document
	order    []string // insertion order, oldest first
	bytes    int
	maxBytes int
}

func newTextCache(maxBytes int) *textCache {
	return &textCache{docs: map[string]*newsfind.Document{}, maxBytes: maxBytes}
}

// get returns a cached document, or the generation to pass to put.
func (c *textCache) get(id string) (*newsfind.Document, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.docs[id], c.gen
}

// put keeps a document read at generation gen, unless an article was
// rewritten since: the document may then be the old text.
func (c *textCache) put(d *newsfind.Document, gen uint64) {
	size := 0
	for _, p := range d.Passages {
		size += len(p.Text)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen || size > c.maxBytes/4 || c.docs[d.ID] != nil {
		return
	}
	for c.bytes+size > c.maxBytes && len(c.order) > 0 {
		old := c.order[0]
		c.order = c.order[1:]
		if od := c.docs[old]; od != nil {
			c.bytes -= textSize(od)
			delete(c.docs, old)
		}
	}
	c.docs[d.ID] = d
	c.order = append(c.order, d.ID)
	c.bytes += size
}

// forget drops articles that were rewritten. It must be called after the
// store has the new text.
func (c *textCache) forget(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range ids {
		if d := c.docs[id]; d != nil {
			c.bytes -= textSize(d)
			delete(c.docs, id)
		}
	}
}

func textSize(d *newsfind.Document) int {
	n := 0
	for _, p := range d.Passages {
		n += len(p.Text)
	}
	return n
}
