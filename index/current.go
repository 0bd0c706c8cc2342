package index

import "sync"

// Current is the index in use, which a rebuild can replace while searches
// and writes go on: users hold the read lock for one operation, and Swap
// waits for them, so once Swap returns nobody uses the old index.
type Current struct {
	mu sync.RWMutex
	x  *Index
}

// NewCurrent returns a Current using x.
func NewCurrent(x *Index) *Current { return &Current{x: x} }

// Use calls fn with the index in use; the index is not swapped meanwhile.
func (c *Current) Use(fn func(*Index) error) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return fn(c.x)
}

// Swap puts x in use and returns the index it replaces.
func (c *Current) Swap(x *Index) *Index {
	c.mu.Lock()
	defer c.mu.Unlock()
	old := c.x
	c.x = x
	return old
}
