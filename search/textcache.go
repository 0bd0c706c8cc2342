package search

import (
	"container/list"
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
	byID     map[string]*list.Element
	order    *list.List // of *cachedText, oldest at the front
	bytes    int
	maxBytes int
}

type cachedText struct {
	doc  *newsfind.Document
	size int
}

func newTextCache(maxBytes int) *textCache {
	return &textCache{byID: map[string]*list.Element{}, order: list.New(), maxBytes: maxBytes}
}

// get returns a cached document, or the generation to pass to put.
func (c *textCache) get(id string) (*newsfind.Document, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el := c.byID[id]; el != nil {
		return el.Value.(*cachedText).doc, c.gen
	}
	return nil, c.gen
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
	if gen != c.gen || size > c.maxBytes/4 || c.byID[d.ID] != nil {
		return
	}
	for c.bytes+size > c.maxBytes {
		c.remove(c.order.Front())
	}
	c.byID[d.ID] = c.order.PushBack(&cachedText{doc: d, size: size})
	c.bytes += size
}

// forget drops articles that were rewritten. It must be called after the
// store has the new text.
func (c *textCache) forget(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range ids {
		if el := c.byID[id]; el != nil {
			c.remove(el)
		}
	}
}

func (c *textCache) remove(el *list.Element) {
	t := c.order.Remove(el).(*cachedText)
	delete(c.byID, t.doc.ID)
	c.bytes -= t.size
}
