package index

import (
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/newsfind/newsfind"
)

// Entry is what the catalog keeps of one article: enough to show a hit and
// count facets without touching the index.
type Entry struct {
	newsfind.Summary
	Passages int // passage documents in the index, title included

	// Ords are the entry's facet values as small integers, filled in by
	// Catalog.Put, so that search counts facets into slices.
	Ords FacetOrds

	// Deleted marks an article removed: its ordinal stays taken (they are
	// never reused) and search skips it.
	Deleted bool
}

// FacetOrds are an entry's facet values as ids into the catalog's value
// lists (Catalog.FacetValues), and its date as numbers.
type FacetOrds struct {
	Countries   []uint16
	Commodities []uint16
	// AboutCountries and AboutCommodities share the ids of Countries and
	// Commodities: the about set is a subset of the mentions.
	AboutCountries   []uint16
	AboutCommodities []uint16
	Source           uint16
	Lang             uint16 // 0: not known
	Unix             int64  // Published in seconds; meaningless when Day is Undated
	Day              int32  // days since 1970-01-01 (UTC), or Undated
	Month            int32  // year*12 + month-1
	// Story numbers the entry's story (Summary.StoryID) densely, for
	// counting stories into slices; -1 when it has none.
	Story int32
}

// Undated is FacetOrds.Day of an article without a date.
const Undated = int32(-1 << 31)

// valueIDs numbers the values of one facet.
type valueIDs struct {
	ids    map[string]uint16
	values []string
}

func (v *valueIDs) id(s string) uint16 {
	if id, ok := v.ids[s]; ok {
		return id
	}
	if v.ids == nil {
		v.ids = map[string]uint16{}
	}
	if len(v.values) >= 1<<16-1 {
		// Out of ids: fold the rest into the last one. 65k countries or
		// commodities or sources would be a tagging bug anyway.
		return uint16(len(v.values) - 1)
	}
	id := uint16(len(v.values))
	v.ids[s] = id
	v.values = append(v.values, s)
	return id
}

// EntryOf summarises a prepared document.
func EntryOf(d *newsfind.Document) Entry {
	e := Entry{Summary: d.Summary(d.Countries, d.Commodities), Passages: len(d.Passages)}
	e.About = d.About
	return e
}

// Catalog holds one Entry per article, addressed by a dense ordinal so that
// search can count facets over matching articles with slices instead of
// maps. Ordinals are never reused: an updated article keeps its ordinal.
//
// A search takes a Snapshot and walks the index without the catalog's
// lock, so a slow search never holds up a write (nor, through the RWMutex,
// the searches queued behind that write). Nothing a snapshot holds is
// written in place afterwards: entries are copied before the first
// replacement after a snapshot, and ids are added to a small map copied
// likewise, merged into a new base map now and then.
type Catalog struct {
	mu      sync.RWMutex
	ords    Ords
	entries []Entry

	countries, commodities valueIDs
	sources                sourceIDs // by SourceKey
	langs                  valueIDs  // "" first, so that 0 is not known
	stories                map[string]int32
	deleted                int // entries that are Deleted

	viewed atomic.Bool // entries and ords were handed out since the last copy
}

// Ords maps article ids to catalog ordinals. A snapshot's Ords never
// change.
type Ords struct {
	base   map[string]int32 // never written once made
	recent map[string]int32 // ids added since base was made
}

// Get returns the ordinal of an article.
func (o Ords) Get(id string) (int32, bool) {
	if v, ok := o.base[id]; ok {
		return v, true
	}
	v, ok := o.recent[id]
	return v, ok
}

// Base identifies the base map: snapshots with the same Base agree on
// every id the older one has (ids are only added, ordinals never reused).
func (o Ords) Base() uintptr { return reflect.ValueOf(o.base).Pointer() }

// add returns o with id added, copying recent when shared and merging it
// into a new base when it grows past an eighth of the base, so an add
// costs O(1) amortised and lookups stay at most two.
func (o Ords) add(id string, ord int32, shared bool) Ords {
	if shared || o.recent == nil {
		r := make(map[string]int32, len(o.recent)+1)
		for k, v := range o.recent {
			r[k] = v
		}
		o.recent = r
	}
	o.recent[id] = ord
	if len(o.recent) > max(1024, len(o.base)/8) {
		b := make(map[string]int32, len(o.base)+len(o.recent))
		for k, v := range o.base {
			b[k] = v
		}
		for k, v := range o.recent {
			b[k] = v
		}
		o.base, o.recent = b, nil
	}
	return o
}

// FacetValues returns the values that FacetOrds ids stand for (for
// sources, the name each shows: sources.go). The lists only grow, so
// lists taken after a View cover every id seen in it.
func (c *Catalog) FacetValues() (countries, commodities, sources []string) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.countries.values, c.commodities.values, c.sources.values
}

// SourceNames returns every name under which articles have the source
// name is a name of (sources.go: "The Guardian" and "the Guardian"), or
// nil when none has it.
func (c *Catalog) SourceNames(name string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.sources.lookup(name)
}

func (c *Catalog) ordsOf(e *Entry) {
	// The four tag lists share one array: facets read all four for every
	// matching article, and one block of memory is one cache miss where
	// four were four (broad queries count 100k+ articles).
	ids := make([]uint16, 0, len(e.Countries)+len(e.Commodities)+len(e.About.Countries)+len(e.About.Commodities))
	part := func(v *valueIDs, ss []string) []uint16 {
		if len(ss) == 0 {
			return nil
		}
		start := len(ids)
		for _, s := range ss {
			ids = append(ids, v.id(s))
		}
		return ids[start:len(ids):len(ids)]
	}
	o := FacetOrds{
		Countries:        part(&c.countries, e.Countries),
		Commodities:      part(&c.commodities, e.Commodities),
		AboutCountries:   part(&c.countries, e.About.Countries),
		AboutCommodities: part(&c.commodities, e.About.Commodities),
		Source:           c.sources.id(e.Source),
		Lang:             c.langs.id(e.Lang),
		Day:              Undated,
		Story:            c.storyOrd(e.StoryID),
	}
	if !e.Published.IsZero() {
		p := e.Published.UTC()
		o.Unix = p.Unix()
		o.Day = int32(FloorDiv(o.Unix, 86400))
		o.Month = int32(p.Year()*12 + int(p.Month()) - 1)
	}
	e.Ords = o
}

// storyOrd numbers a story id; ids are only added, as ordinals are.
func (c *Catalog) storyOrd(id string) int32 {
	if id == "" {
		return -1
	}
	if o, ok := c.stories[id]; ok {
		return o
	}
	if c.stories == nil {
		c.stories = map[string]int32{}
	}
	o := int32(len(c.stories))
	c.stories[id] = o
	return o
}

// Stories returns how many story ordinals there are: every FacetOrds.Story
// of a later Snapshot is below it.
func (c *Catalog) Stories() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.stories)
}

// FloorDiv divides rounding toward minus infinity, as days and months
// before 1970 need.
func FloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// NewCatalog returns an empty catalog.
func NewCatalog() *Catalog {
	c := &Catalog{ords: Ords{base: map[string]int32{}}}
	c.langs.id("")
	return c
}

// Languages returns the catalog's language tags by FacetOrds.Lang ("" at 0):
// every tag an article has had, so search knows which languages' analyzers
// a query needs.
func (c *Catalog) Languages() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.langs.values
}

// Put adds or replaces entries.
func (c *Catalog) Put(es ...Entry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	viewed := c.viewed.Swap(false)
	entriesShared, ordsShared := viewed, viewed
	for _, e := range es {
		c.ordsOf(&e)
		if o, ok := c.ords.Get(e.ID); ok {
			if entriesShared {
				c.entries = append([]Entry(nil), c.entries...)
				entriesShared = false
			}
			if c.entries[o].Deleted {
				c.deleted--
			}
			c.entries[o] = e
			continue
		}
		// Appending never writes inside a snapshot's length.
		c.ords = c.ords.add(e.ID, int32(len(c.entries)), ordsShared)
		ordsShared = false
		c.entries = append(c.entries, e)
	}
}

// Delete marks articles removed. Their entries become tombstones, copied
// like any replacement, so a search's snapshot keeps what it had.
func (c *Catalog) Delete(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	shared := c.viewed.Swap(false)
	for _, id := range ids {
		o, ok := c.ords.Get(id)
		if !ok || c.entries[o].Deleted {
			continue
		}
		if shared {
			c.entries = append([]Entry(nil), c.entries...)
			shared = false
		}
		c.entries[o] = Entry{Summary: newsfind.Summary{ID: id}, Deleted: true,
			Ords: FacetOrds{Day: Undated, Story: -1}}
		c.deleted++
	}
}

// Get returns the entry of an article.
func (c *Catalog) Get(id string) (Entry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	o, ok := c.ords.Get(id)
	if !ok || c.entries[o].Deleted {
		return Entry{}, false
	}
	return c.entries[o], true
}

// Len returns the number of articles (not counting deleted ones).
func (c *Catalog) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries) - c.deleted
}

// Snapshot returns the catalog's ordinals and entries as they are now;
// later writes do not change them.
func (c *Catalog) Snapshot() (Ords, []Entry) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.viewed.Store(true)
	return c.ords, c.entries
}

// Passages returns how many passage documents the catalog's articles have:
// what a whole index holds.
func (c *Catalog) Passages() uint64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var n uint64
	for i := range c.entries {
		n += uint64(c.entries[i].Passages)
	}
	return n
}
