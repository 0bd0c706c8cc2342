package search

import (
	"context"
	"slices"
	"sync"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind/index"
)

// background is the whole collection as the index counts it: passages
// with a stem, or with two stems next to each other. Its counts are
// shared between answers through the service's backgroundCache.
type background struct {
	x        *index.Index
	r        bindex.IndexReader
	passages int
	cache    *backgroundCache
	gen      uint64
}

// newBackground opens the collection's counts for an answer whose match
// step read catalog state gen. The reader is opened after gen was read,
// and the engine writes the index before the catalog: the reader holds
// every write gen counts, so what it counts may be kept under gen.
func newBackground(ctx context.Context, x *index.Index, cache *backgroundCache, gen uint64) (*background, error) {
	r, err := x.Reader()
	if err != nil {
		return nil, err
	}
	n, err := r.DocCount()
	if err != nil {
		r.Close()
		return nil, err
	}
	return &background{x: x, r: r, passages: int(n), cache: cache, gen: gen}, nil
}

func (b *background) close() { b.r.Close() }

// word is how many passages have the stem: its document frequency, read
// from the term dictionary.
func (b *background) word(ctx context.Context, stem string) (int, error) {
	key := backgroundKey{a: stem}
	if k, ok := b.cache.get(b.x, b.gen, key); ok {
		return k, nil
	}
	tfr, err := b.r.TermFieldReader(ctx, []byte(stem), index.FieldText, false, false, false)
	if err != nil {
		return 0, err
	}
	defer tfr.Close()
	k := int(tfr.Count())
	b.cache.put(b.x, b.gen, key, k)
	return k, nil
}

// phrase is how many passages have the stems next to each other: the
// passages of both, walked from the rarer's postings, whose positions
// have the second right after the first. It counts what Bleve's phrase
// query over the text field would, on the same snapshot as the words,
// without a search's per-hit location maps.
func (b *background) phrase(ctx context.Context, stems []string) (int, error) {
	key := backgroundKey{a: stems[0], b: stems[1], pair: true}
	if k, ok := b.cache.get(b.x, b.gen, key); ok {
		return k, nil
	}
	k, err := adjacentCount(ctx, b.r, stems[0], stems[1])
	if err != nil {
		return 0, err
	}
	b.cache.put(b.x, b.gen, key, k)
	return k, nil
}

// adjacentCount counts the text passages of r where stem second is at
// the position after stem first.
func adjacentCount(ctx context.Context, r bindex.IndexReader, first, second string) (int, error) {
	open := func(stem string) (bindex.TermFieldReader, error) {
		return r.TermFieldReader(ctx, []byte(stem), index.FieldText, true, false, true)
	}
	fr, err := open(first)
	if err != nil {
		return 0, err
	}
	defer fr.Close()
	sr, err := open(second)
	if err != nil {
		return 0, err
	}
	defer sr.Close()
	// Lead with the rarer: the other only advances to its documents.
	lead, other, leadFirst := fr, sr, true
	if sr.Count() < fr.Count() {
		lead, other, leadFirst = sr, fr, false
	}
	// Both only ever move forward: a scorch reader asked to advance to
	// where it is already opens itself again.
	var ld, od bindex.TermFieldDoc
	var o *bindex.TermFieldDoc
	n, steps := 0, 0
	l, err := lead.Next(&ld)
	for l != nil && err == nil {
		if steps++; steps&1023 == 0 && ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if o == nil || o.ID.Compare(l.ID) < 0 {
			if o, err = other.Advance(l.ID, &od); err != nil || o == nil {
				break
			}
		}
		if o.ID.Compare(l.ID) > 0 {
			l, err = lead.Advance(o.ID, &ld)
			continue
		}
		a, b := l, o
		if !leadFirst {
			a, b = o, l
		}
		if adjacent(a.Vectors, b.Vectors) {
			n++
		}
		l, err = lead.Next(&ld)
	}
	if err != nil {
		return 0, err
	}
	return n, nil
}

// adjacent reports whether some position of b follows one of a.
func adjacent(a, b []*bindex.TermFieldVector) bool {
	for _, va := range a {
		for _, vb := range b {
			if vb.Pos == va.Pos+1 && slices.Equal(va.ArrayPositions, vb.ArrayPositions) {
				return true
			}
		}
	}
	return false
}

// backgroundCache keeps the collection's passage counts per stem and per
// pair of stems between terms answers. Most of an answer's look-ups are
// words every answer looks up (a sample's common vocabulary), and a
// phrase's count is a phrase search over the whole index: at ×9 the
// look-ups were about half of an answer. The counts hold for one index
// and one catalog state; any write makes a new state, and the first
// answer that sees it starts the cache afresh.
type backgroundCache struct {
	mu     sync.Mutex
	x      *index.Index // the index the counts were read from
	gen    uint64       // the catalog state they hold for
	counts map[backgroundKey]int
}

// backgroundKey is a stem, or a pair of stems next to each other.
type backgroundKey struct {
	a, b string
	pair bool
}

// maxBackgroundEntries bounds the cache (~100 bytes an entry): a terms
// answer looks up a few hundred stems, so it holds the look-ups of
// hundreds of different answers.
const maxBackgroundEntries = 1 << 16

func (c *backgroundCache) get(x *index.Index, gen uint64, k backgroundKey) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.x != x || c.gen != gen {
		return 0, false
	}
	n, ok := c.counts[k]
	return n, ok
}

// put keeps a count read in state (x, gen). A count of an older state
// than the cache's is not kept; a newer state replaces the cache.
func (c *backgroundCache) put(x *index.Index, gen uint64, k backgroundKey, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.x == x && gen < c.gen {
		return
	}
	if c.x != x || c.gen != gen || len(c.counts) >= maxBackgroundEntries {
		c.x, c.gen, c.counts = x, gen, make(map[backgroundKey]int)
	}
	c.counts[k] = n
}
