package search

import (
	"context"
	"math"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
)

// matchSet is what a query matched, per article ordinal of a catalog view.
type matchSet struct {
	score    []float64 // best passage score; meaningful where hits > 0
	hits     []int32   // matching passages
	places   []place   // which of the title and lead are among them
	articles []int32   // ordinals with hits > 0, in first-match order
	passages int
	// touched, when set, is every ordinal add wrote, for matchSets.put
	// to clear: dropDeleted keeps the whole list here when it shortens
	// articles. Unset, articles is that list.
	touched []int32
}

func newMatchSet(n int) *matchSet {
	return &matchSet{score: make([]float64, n), hits: make([]int32, n), places: make([]place, n)}
}

// matchSets keeps match sets for reuse. A set is three arrays as long as
// the catalog (13 bytes an article, 2.5 MB at ×9): allocating, zeroing
// and collecting them was half of a one-word query's time at ×9. A set
// goes back with only the ordinals it touched cleared.
type matchSets struct{ pool sync.Pool }

// get returns an empty set for a catalog view of n articles.
func (ms *matchSets) get(n int) *matchSet {
	if m, ok := ms.pool.Get().(*matchSet); ok && cap(m.hits) >= n {
		// Past a set's length its arrays are as clean as below it: put
		// clears every ordinal a search touched, whatever n it had.
		m.score, m.hits, m.places = m.score[:n], m.hits[:n], m.places[:n]
		return m
	}
	return newMatchSet(n)
}

// put clears a set and keeps it; nothing may use it afterwards.
func (ms *matchSets) put(m *matchSet) {
	touched := m.touched
	if touched == nil {
		touched = m.articles
	}
	for _, o := range touched {
		m.hits[o], m.score[o], m.places[o] = 0, 0, 0
	}
	m.articles, m.touched, m.passages = touched[:0], nil, 0
	ms.pool.Put(m)
}

func (m *matchSet) add(ord int32, score float64, passages int32, at place) {
	if m.hits[ord] == 0 {
		m.articles = append(m.articles, ord)
		m.score[ord] = score
	} else if score > m.score[ord] {
		m.score[ord] = score
	}
	m.hits[ord] += passages
	m.places[ord] |= at
	m.passages += int(passages)
}

// collect walks every passage the query matches, once, and folds into
// articles those whose article keep accepts (nil keep: all). It is Bleve's
// own searcher loop without the top-N collector and without its facet
// builders, which visit doc values of every field for every hit: facets
// are then counted per article from the catalog instead.
//
// A hit's article comes from an ordinal column per index segment (local
// document number -> catalog ordinal), built once from the segment's
// `article` doc values and kept while the segment lives: reading and
// decompressing doc values hit by hit was a third of a query's time.
func collect(ctx context.Context, cc *columnCache, r bindex.IndexReader, m mapping.IndexMapping, q query.Query, opts search.SearcherOptions,
	ords catalog.Ords, keep func(ord int32) bool, set *matchSet) error {
	cc.walks.Add(1)
	s, err := q.Searcher(ctx, r, m, opts)
	if err != nil {
		return err
	}
	defer s.Close()
	ordOf, err := ordinalsOf(ctx, cc, r, ords)
	if err != nil {
		return err
	}
	return walkRange(ctx, s, ordOf, 0, math.MaxUint64, keep, set)
}

// ordFunc maps a hit to its catalog ordinal and its place in its article.
// It remembers the segment of the last hit: one for each goroutine.
type ordFunc func(bindex.IndexInternalID) (int32, place, error)

func ordinalsOf(ctx context.Context, cc *columnCache, r bindex.IndexReader, ords catalog.Ords) (ordFunc, error) {
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		return cc.ordinals(ctx, snap, ords)
	}
	return docValueOrdinals(r, ords)
}

// walkRange folds into set the hits of s from document from (0: the
// first) to before document to, each whose article keep accepts (nil
// keep: all).
func walkRange(ctx context.Context, s search.Searcher, ordOf ordFunc, from, to uint64, keep func(int32) bool, set *matchSet) error {
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	var dm *search.DocumentMatch
	var err error
	if from > 0 {
		dm, err = s.Advance(sctx, bindex.NewIndexInternalID(nil, from))
	} else {
		dm, err = s.Next(sctx)
	}
	// A hit's article decides; the same article's passages often come
	// one after another, so remember the last answer.
	last, lastKeep := int32(-1), true
	for n := 1; dm != nil && err == nil; n++ {
		if dm.IndexInternalID.Value() >= to {
			return nil
		}
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		// An article written to the index after the catalog snapshot
		// was taken has no ordinal in it (-1, or an ordinal past the
		// snapshot when a newer query resolved the shared column); it
		// shows from the next query.
		ord, at, oerr := ordOf(dm.IndexInternalID)
		if oerr != nil {
			return oerr
		}
		if ord >= 0 && int(ord) < set.len() {
			if keep != nil && ord != last {
				last, lastKeep = ord, keep(ord)
			}
			if lastKeep {
				set.add(ord, roundScore(dm.Score), 1, at)
			}
		}
		sctx.DocumentMatchPool.Put(dm)
		dm, err = s.Next(sctx)
	}
	return err
}

// roundScore drops a score's last bits. Bleve normalises a query's weights
// by the weights of all its clauses: a lone term searched with a
// zero-weight filter beside it scales by idf/√idf², a bit off 1, and would
// score one unit in the last place apart from the same term searched alone
// (the filter checked on the catalog). Hits are ordered and cursors compare
// by score, so the two must be equal.
func roundScore(s float64) float64 { return math.Round(s*1e9) / 1e9 }

// ordinals maps hits of a scorch snapshot to catalog ordinals, and to
// their place in the article, through the segments' ordinal columns.
func (cc *columnCache) ordinals(ctx context.Context, snap *scorch.IndexSnapshot, ords catalog.Ords) (ordFunc, error) {
	cols, offsets, err := cc.columnsOf(ctx, snap, ords)
	if err != nil {
		return nil, err
	}
	seg := 0
	return func(id bindex.IndexInternalID) (int32, place, error) {
		doc := id.Value()
		// Hits come in document order, so the segment only moves forward;
		// search when it does not (it costs nothing when it does).
		if doc < offsets[seg] {
			seg = 0
		}
		for seg+1 < len(offsets) && doc >= offsets[seg+1] {
			seg++
		}
		if col, local := cols[seg], doc-offsets[seg]; local < uint64(len(col.ords)) {
			return col.ords[local], col.places[local], nil
		}
		return -1, 0, nil
	}, nil
}

// docValueOrdinals is the general path, for index readers that are not
// scorch snapshots: it reads the article of every hit from doc values, and
// its place from its id.
func docValueOrdinals(r bindex.IndexReader, ords catalog.Ords) (ordFunc, error) {
	dvr, err := r.DocValueReader([]string{index.FieldArticle})
	if err != nil {
		return nil, err
	}
	var article []byte
	visit := func(_ string, term []byte) { article = term }
	return func(id bindex.IndexInternalID) (int32, place, error) {
		article = nil
		if err := dvr.VisitDocValues(id, visit); err != nil {
			return -1, 0, err
		}
		ord, ok := ords.Get(string(article))
		if !ok {
			return -1, 0, nil
		}
		ext, err := r.ExternalID(id)
		if err != nil {
			return -1, 0, err
		}
		return ord, placeOf([]byte(ext)), nil
	}, nil
}

// ordColumn maps the local document numbers of one segment to catalog
// ordinals (-1: not a passage, or an article not yet in the catalog) and
// to the passages' places in their articles.
type ordColumn struct {
	mu      sync.Mutex
	catalog uintptr           // Ords.Base of the ordinals it was resolved with
	ords    []int32           // by local document number
	places  []place           // by local document number; never changes
	missing map[uint32]string // local document -> article id, not yet in the catalog
	used    atomic.Uint64     // collect generation that last used it
}

// columnCache holds the ordinal columns of live segments, keyed by segment.
// Segments are immutable, so a column stays right for the segment's life;
// columns of segments that merges retired are dropped after a while. Each
// Service has its own.
type columnCache struct {
	mu   sync.Mutex
	cols map[segment.Segment]*ordColumn
	gen  atomic.Uint64
	// walks counts the passes over the index's postings (collect, and
	// walkLeaves once for all its leaves): what a search or a stream
	// costs in index reads, for tests to count.
	walks atomic.Uint64
	// scored counts the passages article scope scored to rank articles
	// whose words are apart: tests check it stays to those articles.
	scored atomic.Uint64
}

func newColumnCache() *columnCache {
	return &columnCache{cols: map[segment.Segment]*ordColumn{}}
}

// segmentColumn is one segment's ordinals and places, by local document.
type segmentColumn struct {
	ords   []int32
	places []place
}

// columnsOf returns the ordinal column and the first global document number
// of every segment of a snapshot.
func (cc *columnCache) columnsOf(ctx context.Context, snap *scorch.IndexSnapshot, ords catalog.Ords) ([]segmentColumn, []uint64, error) {
	segs := snap.Segments()
	gen := cc.gen.Add(1)
	cat := ords.Base()
	cols := make([]segmentColumn, len(segs))
	offsets := make([]uint64, len(segs))
	var running uint64
	for i, ss := range segs {
		offsets[i] = running
		sg := ss.Segment()
		running += sg.Count()
		cc.mu.Lock()
		c := cc.cols[sg]
		if c == nil {
			c = &ordColumn{}
			cc.cols[sg] = c
		}
		cc.mu.Unlock()
		c.used.Store(gen)
		col, err := c.get(ctx, snap, sg, offsets[i], cat, ords)
		if err != nil {
			return nil, nil, err
		}
		cols[i] = col
	}
	if gen%256 == 0 {
		cc.prune(gen)
	}
	return cols, offsets, nil
}

// prune drops the columns no query used in the last 256 queries:
// their segments have been merged away (or their index closed).
func (cc *columnCache) prune(gen uint64) {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	for sg, c := range cc.cols {
		if gen-c.used.Load() > 256 {
			delete(cc.cols, sg)
		}
	}
}

func (c *ordColumn) get(ctx context.Context, snap *scorch.IndexSnapshot, sg segment.Segment, offset uint64,
	cat uintptr, ords catalog.Ords) (segmentColumn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	count := sg.Count()
	if c.places == nil {
		// A passage's id ends in its number (index.PassageID), which
		// the segment keeps uncompressed: a read per document, once.
		places := make([]place, count)
		for local := uint64(0); local < count; local++ {
			if local&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return segmentColumn{}, err
				}
			}
			id, err := sg.DocID(local)
			if err != nil {
				return segmentColumn{}, err
			}
			places[local] = placeOf(id)
		}
		c.places = places
	}
	if c.ords != nil && c.catalog == cat {
		// Articles the catalog lacked when the column was built may be
		// in it now (the index is written before the catalog).
		// Other queries may be reading the column: resolve into a copy.
		var col []int32
		for local, id := range c.missing {
			if o, ok := ords.Get(id); ok {
				if col == nil {
					col = append([]int32(nil), c.ords...)
				}
				col[local] = o
				delete(c.missing, local)
			}
		}
		if col != nil {
			c.ords = col
		}
		return segmentColumn{c.ords, c.places}, nil
	}
	dvr, err := snap.DocValueReader([]string{index.FieldArticle})
	if err != nil {
		return segmentColumn{}, err
	}
	col := make([]int32, count)
	missing := map[uint32]string{}
	id := bindex.NewIndexInternalID(nil, 0)
	var article []byte
	visit := func(_ string, term []byte) { article = term }
	for local := uint64(0); local < count; local++ {
		if local&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return segmentColumn{}, err
			}
		}
		id.SetValue(offset + local)
		article = nil
		if err := dvr.VisitDocValues(id, visit); err != nil {
			return segmentColumn{}, err
		}
		o, ok := ords.Get(string(article))
		switch {
		case ok:
			col[local] = o
		case article != nil:
			col[local] = -1
			missing[uint32(local)] = string(article)
		default:
			col[local] = -1
		}
	}
	c.ords, c.missing, c.catalog = col, missing, cat
	return segmentColumn{col, c.places}, nil
}

// len is how many catalog ordinals the set covers: its snapshot's.
func (m *matchSet) len() int { return len(m.hits) }

// inOrder returns the matching articles by ordinal. Facets read each
// article's row of the facet table: in ordinal order that is one pass
// through memory, where the hits' order jumps between segments and misses
// the cache on nearly every article of a broad query.
func (m *matchSet) inOrder() []int32 {
	if len(m.articles) < len(m.hits)/16 {
		return m.articles
	}
	out := make([]int32, 0, len(m.articles))
	for o, h := range m.hits {
		if h > 0 {
			out = append(out, int32(o))
		}
	}
	return out
}
