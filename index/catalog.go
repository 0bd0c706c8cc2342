package index

import (
	"sync"
	"time"

	"github.com/newsfind/newsfind"
)

// Entry is what the catalog keeps of one article: enough to show a hit and
// count facets without touching the index.
type Entry struct {
	ID          string
	Title       string
	URL         string
	Source      string
	Published   time.Time
	DateNote    string
	Countries   []string
	Commodities []string
	Passages    int // passage documents in the index, title included
}

// EntryOf summarises a prepared document.
func EntryOf(d *newsfind.Document) Entry {
	return Entry{
		ID: d.ID, Title: d.Title, URL: d.URL, Source: d.Source,
		Published: d.Published, DateNote: d.DateNote,
		Countries: d.Countries, Commodities: d.Commodities,
		Passages: len(d.Passages),
	}
}

// Catalog holds one Entry per article, addressed by a dense ordinal so that
// search can count facets over matching articles with slices instead of
// maps. Ordinals are never reused: an updated article keeps its ordinal.
type Catalog struct {
	mu      sync.RWMutex
	ords    map[string]int32
	entries []Entry
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	return &Catalog{ords: map[string]int32{}}
}

// Put adds or replaces entries.
func (c *Catalog) Put(es ...Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range es {
		if o, ok := c.ords[e.ID]; ok {
			c.entries[o] = e
			continue
		}
		c.ords[e.ID] = int32(len(c.entries))
		c.entries = append(c.entries, e)
	}
}

// Get returns the entry of an article.
func (c *Catalog) Get(id string) (Entry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	o, ok := c.ords[id]
	if !ok {
		return Entry{}, false
	}
	return c.entries[o], true
}

// Len returns the number of articles.
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Snapshot is a read view of the catalog taken under its lock. Entries
// already in it never change (Put replaces them), so it is safe to use
// after the lock is released; articles added later are simply not in it.
type Snapshot struct {
	Ords    map[string]int32
	Entries []Entry
}

// View calls fn with the catalog's ordinals and entries under the read lock.
func (c *Catalog) View(fn func(ords map[string]int32, entries []Entry)) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	fn(c.ords, c.entries)
}
