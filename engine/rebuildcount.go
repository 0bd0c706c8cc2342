package engine

import "sync"

// rebuildCount is a running rebuild's progress: how many of the stored
// articles it has written (done) of how many there are (total). Deletes
// made meanwhile take their articles out of both at once, whether the
// rebuild has reached them or not, so that total is what the new index
// will hold; a status read during the rebuild once reported the total of
// its start, after deletes.
type rebuildCount struct {
	mu       sync.Mutex
	written  map[string]bool // every article counted in total: written yet?
	done     int
	progress func(done, total int)
}

func newRebuildCount(ids []string, progress func(done, total int)) *rebuildCount {
	c := &rebuildCount{written: make(map[string]bool, len(ids)), progress: progress}
	for _, id := range ids {
		c.written[id] = false
	}
	return c
}

// add counts articles stored since the rebuild listed the store.
func (c *rebuildCount) add(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		if _, ok := c.written[id]; !ok {
			c.written[id] = false
		}
	}
}

// wrote counts articles written to the new index (again, for an update).
func (c *rebuildCount) wrote(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		if !c.written[id] {
			c.written[id] = true
			c.done++
		}
	}
}

// gone takes deleted articles out of the count.
func (c *rebuildCount) gone(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, id := range ids {
		if w, ok := c.written[id]; ok {
			delete(c.written, id)
			if w {
				c.done--
			}
		}
	}
}

// report passes the count to progress. It holds the lock meanwhile, so
// that reports from the rebuild and from deletes arrive in order.
func (c *rebuildCount) report() (done, total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.progress(c.done, len(c.written))
	return c.done, len(c.written)
}
