package catalog

import (
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/newsfind/newsfind"
)

// Entry is what the catalog keeps of one article: enough to show a hit
// without touching the index. Its facet values, as numbers, are in the
// View's Facets, at the same ordinal.
type Entry struct {
	newsfind.Summary
	Passages int // passage documents in the index, title included

	// Deleted marks an article removed: its ordinal stays taken (they are
	// never reused) and search skips it.
	Deleted bool
}

// FacetOrds are an article's facet values as ids into the catalog's value
// lists (Catalog.FacetValues), and its date as numbers. They are a table
// of their own beside the entries, 40 bytes an article with the tag ids in
// one shared array: a broad query counts facets over 100k+ articles, and
// reading that table in ordinal order is one pass through a few MB where
// reading the 424-byte entries missed the cache on nearly every article.
type FacetOrds struct {
	Unix  int64 // Published in seconds; meaningless when Day is Undated
	Day   int32 // days since 1970-01-01 (UTC), or Undated
	Month int32 // year*12 + month-1
	// Story numbers the entry's story (Summary.StoryID) densely, for
	// counting stories into slices; -1 when it has none.
	Story int32
	// tags is where the article's tag ids start in the view's tag array:
	// n[0] countries, n[1] commodities, n[2] about countries, n[3] about
	// commodities, one after another (View.Tags).
	tags   uint32
	n      [4]uint16
	Source uint16
	Lang   uint16 // 0: not known
	// Deleted marks the row of a deleted article, as Entry.Deleted does.
	Deleted bool
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
// A search takes a View and walks the index without the catalog's lock,
// so a slow search never holds up a write (nor, through the RWMutex, the
// searches queued behind that write). Nothing a view holds is written in
// place afterwards: entries and facets are copied before the first
// replacement after a view, and ids are added to a small map copied
// likewise, merged into a new base map now and then.
type Catalog struct {
	mu      sync.RWMutex
	ords    Ords
	entries []Entry
	facets  []FacetOrds // beside entries
	// tags holds every FacetOrds' tag ids. It is only appended to: a
	// replaced article's new ids go at its end, so a view's slice of it
	// never changes. liveTags counts the ids rows still point at; when
	// the rest outgrows them (a re-index replaces every article), the
	// array is made again (compactTags).
	tags     []uint16
	liveTags int

	countries, commodities valueIDs
	sources                sourceIDs // by SourceKey
	langs                  valueIDs  // "" first, so that 0 is not known
	stories                map[string]int32
	storyIDs               []string // by story ordinal
	intern                 interner
	deleted                int    // entries that are Deleted
	gen                    uint64 // counts the writes: View.Gen

	// entriesViewed and ordsViewed say a View holds the arrays of entries
	// and facets, or the ids' recent map, since they were last copied. A
	// write that only appends leaves the arrays shared: the flag stays up
	// until a replacement copies them.
	entriesViewed, ordsViewed atomic.Bool
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

// facetOrdsOf numbers an entry's facet values, appending its tag ids to
// the catalog's tag array.
func (c *Catalog) facetOrdsOf(e *Entry) FacetOrds {
	o := FacetOrds{
		Source: c.sources.id(e.Source),
		Lang:   c.langs.id(e.Lang),
		Day:    Undated,
		Story:  c.storyOrd(e.StoryID),
		tags:   uint32(len(c.tags)),
	}
	for i, list := range [4]struct {
		v  *valueIDs
		ss []string
	}{{&c.countries, e.Countries}, {&c.commodities, e.Commodities}, {&c.countries, e.About.Countries}, {&c.commodities, e.About.Commodities}} {
		// More than 65,535 values in one list would be a tagging bug;
		// the rest are left out rather than wrapping the count.
		ss := list.ss[:min(len(list.ss), 1<<16-1)]
		for _, s := range ss {
			c.tags = append(c.tags, list.v.id(s))
		}
		o.n[i] = uint16(len(ss))
	}
	if !e.Published.IsZero() {
		p := e.Published.UTC()
		o.Unix = p.Unix()
		o.Day = int32(FloorDiv(o.Unix, 86400))
		o.Month = int32(p.Year()*12 + int(p.Month()) - 1)
	}
	return o
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
	c.storyIDs = append(c.storyIDs, id)
	return o
}

// Stories returns how many story ordinals there are: every FacetOrds.Story
// of a later View is below it.
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
	c.gen++
	entriesShared, ordsShared := c.entriesViewed.Load(), c.ordsViewed.Load()
	for _, e := range es {
		f := c.facetOrdsOf(&e)
		c.share(&e, &f)
		if o, ok := c.ords.Get(e.ID); ok {
			if entriesShared {
				c.entries = append([]Entry(nil), c.entries...)
				c.facets = append([]FacetOrds(nil), c.facets...)
				entriesShared = false
				c.entriesViewed.Store(false)
			}
			if c.entries[o].Deleted {
				c.deleted--
			}
			c.liveTags += f.tagCount() - c.facets[o].tagCount()
			c.entries[o], c.facets[o] = e, f
			continue
		}
		// Appending never writes inside a snapshot's length.
		c.ords = c.ords.add(e.ID, int32(len(c.entries)), ordsShared)
		if ordsShared {
			ordsShared = false
			c.ordsViewed.Store(false)
		}
		c.entries = append(c.entries, e)
		c.facets = append(c.facets, f)
		c.liveTags += f.tagCount()
	}
	if len(c.tags) > 2*c.liveTags+4096 {
		c.compactTags()
	}
}

// compactTags makes the tag array again with only the ids rows point at.
// Views keep the old arrays: the rows are copied, like any replacement.
func (c *Catalog) compactTags() {
	tags := make([]uint16, 0, c.liveTags+c.liveTags/4)
	facets := make([]FacetOrds, len(c.facets))
	for i, f := range c.facets {
		n := f.tagCount()
		start := len(tags)
		tags = append(tags, c.tags[f.tags:int(f.tags)+n]...)
		f.tags = uint32(start)
		facets[i] = f
	}
	// The entries may still be a view's: the flag stays as it is.
	c.tags, c.facets = tags, facets
}

func (f *FacetOrds) tagCount() int { return int(f.n[0]) + int(f.n[1]) + int(f.n[2]) + int(f.n[3]) }

// Delete marks articles removed. Their entries become tombstones, copied
// like any replacement, so a search's snapshot keeps what it had.
func (c *Catalog) Delete(ids ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	shared := c.entriesViewed.Load()
	for _, id := range ids {
		o, ok := c.ords.Get(id)
		if !ok || c.entries[o].Deleted {
			continue
		}
		if shared {
			c.entries = append([]Entry(nil), c.entries...)
			c.facets = append([]FacetOrds(nil), c.facets...)
			shared = false
			c.entriesViewed.Store(false)
		}
		c.entries[o] = Entry{Summary: newsfind.Summary{ID: id}, Deleted: true}
		c.liveTags -= c.facets[o].tagCount()
		c.facets[o] = FacetOrds{Day: Undated, Story: -1, Deleted: true}
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

// View is the catalog as it was when View was called: later writes never
// change it, so a search reads it without a lock.
type View struct {
	// Gen numbers the catalog's state: two views with the same Gen hold
	// the same articles, tags and stories, so what is counted over one
	// holds for the other (a timeline's volume is cached by it).
	Gen     uint64
	Ords    Ords
	Entries []Entry     // by ordinal
	Facets  []FacetOrds // by ordinal, beside Entries
	tags    []uint16
}

// View returns the catalog as it is now.
func (c *Catalog) View() View {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.entriesViewed.Store(true)
	c.ordsViewed.Store(true)
	return View{Gen: c.gen, Ords: c.ords, Entries: c.entries, Facets: c.facets, tags: c.tags}
}

// A Facet is a kind of facet value the catalog numbers.
type Facet int

// The facets FacetIDs numbers: mentioned and about tags share one
// numbering per kind.
const (
	FacetCountry Facet = iota
	FacetCommodity
	FacetSource
)

// FacetIDs returns the ids FacetOrds gives the values of one facet kind
// (sources by SourceKey); values no article has have none and are left
// out.
func (c *Catalog) FacetIDs(kind Facet, values []string) []uint16 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []uint16
	for _, v := range values {
		var id uint16
		var ok bool
		switch kind {
		case FacetCountry:
			id, ok = c.countries.ids[v]
		case FacetCommodity:
			id, ok = c.commodities.ids[v]
		case FacetSource:
			id, ok = c.sources.ids[SourceKey(v)]
		}
		if ok {
			out = append(out, id)
		}
	}
	return out
}

// Tags returns an article's tag ids: the countries and commodities it
// mentions and those it is about.
func (v *View) Tags(f *FacetOrds) (countries, commodities, aboutCountries, aboutCommodities []uint16) {
	t := v.tags[f.tags:]
	a, b, c := int(f.n[0]), int(f.n[0])+int(f.n[1]), int(f.n[0])+int(f.n[1])+int(f.n[2])
	d := c + int(f.n[3])
	return t[:a:a], t[a:b:b], t[b:c:c], t[c:d:d]
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
