package engine

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/store"
)

// bulkPassages is how many passages a rebuild writes per Bleve batch.
// Each batch is persisted before the next, so big batches amortise the
// per-batch segment write and merge; 2000 passages is about 1 MB of text.
const bulkPassages = 2000

// Reindex builds a fresh index from the store into a new directory and
// swaps it in, while searches and writes go on against the old one:
//
//  1. Bulk pass: every stored article, read in short store transactions,
//     is prepared again (so tagger and mapping changes apply) and written
//     to the new index in big batches.
//  2. Catch-up passes: articles stored or changed meanwhile (found by a
//     fingerprint of each article written) are written too, until few are
//     left.
//  3. Under the write lock, so nothing is accepted meanwhile: a last
//     catch-up pass, then the swap (index.Current), the pointer file
//     (rename + fsync) and the catalog. Searches wait only for the swap.
//
// The old index is then closed and removed. If the process dies before
// the pointer is replaced, the old index stays in use and the next start
// removes the half-built one; after, the new one is complete.
//
// Reindex must not run concurrently with itself: use a Reindexer, which
// runs one at a time. The last pass scans the whole store under the lock (a fraction of a
// second for tens of thousands of articles, during which writes wait); a
// store change log would make it proportional to the changes instead.
func (e *Engine) Reindex(ctx context.Context, progress func(done, total int)) error {
	user := progress
	progress = func(done, total int) {
		e.damage.done.Store(int64(done))
		e.damage.total.Store(int64(total))
		if user != nil {
			user(done, total)
		}
	}
	var inUse string
	_ = e.current.Use(func(x *index.Index) error {
		if x != nil {
			inUse = filepath.Base(x.Dir())
		}
		return nil
	})
	e.removeOrphanIndexes(inUse)
	name := newIndexName()
	dir := filepath.Join(e.opt.Dir, name)
	nx, err := index.Open(dir, index.Options{LockTimeout: e.opt.LockTimeout, OnAsyncError: e.opt.OnAsyncError})
	if err != nil {
		return err
	}
	swapped := false
	defer func() {
		if !swapped {
			nx.Close()
			os.RemoveAll(dir)
		}
	}()
	ids, err := e.storedIDs()
	if err != nil {
		return err
	}
	rb := &rebuild{e: e, x: nx, seed: maphash.MakeSeed(), built: make(map[string]builtArticle, len(ids)),
		count: newRebuildCount(ids, progress)}
	// Deletes from now on are taken out of the count (Delete). One
	// between the listing and here is found gone by bulk.
	e.rebuilding.Store(rb.count)
	defer e.rebuilding.Store(nil)
	start := time.Now()
	rb.count.report()
	if err := rb.bulk(ctx, ids); err != nil {
		return err
	}
	e.log.Info().Int("articles", len(rb.built)).Dur("took", time.Since(start)).Str("index", name).Msg("re-index: bulk pass done")
	for range 3 {
		n, err := rb.catchUp(ctx)
		if err != nil {
			return err
		}
		if n < 100 {
			break
		}
	}

	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if e.closed {
		return errors.New("re-index: the engine is closed")
	}
	if _, err := rb.catchUp(ctx); err != nil {
		return err
	}
	// The new index must prove itself whole before it is used.
	var want uint64
	for _, b := range rb.built {
		want += uint64(b.passages)
	}
	if have, err := nx.Count(); err != nil || have != want {
		return fmt.Errorf("re-index: the new index holds %d passages where the store has %d (%v); the old index stays in use", have, want, err)
	}
	if err := rb.updateDerived(); err != nil {
		return err
	}
	old := e.current.Swap(nx)
	if err := writePointer(e.opt.Dir, name); err != nil {
		e.current.Swap(old)
		return fmt.Errorf("re-index: pointer file: %w (the old index stays in use)", err)
	}
	swapped = true
	e.catalog.Put(rb.entries...)
	e.damage.set(nil)
	// Everything stored is in the new index, including what waited for
	// it (written while the old one was damaged or the disk full).
	if pend, err := e.store.Pending(); err == nil && len(pend) > 0 {
		if err := e.store.MarkIndexed(pend); err != nil {
			e.log.Warn().Err(err).Msg("re-index: could not clear pending marks; they will be indexed again at start")
		}
	}
	e.unindexed.clear()
	if old != nil {
		// Swap waited for the searches using the old index, so nobody
		// holds it now.
		if err := old.Close(); err != nil {
			e.log.Warn().Err(err).Msg("re-index: closing the old index")
		}
		if err := os.RemoveAll(old.Dir()); err != nil {
			e.log.Warn().Err(err).Msg("re-index: removing the old index")
		}
	}
	done, _ := rb.count.report()
	e.log.Info().Int("articles", done).Dur("took", time.Since(start)).Str("index", name).Msg("re-index: swapped in the new index")
	return nil
}

// storedIDs lists the stored articles' ids in one short read transaction.
func (e *Engine) storedIDs() ([]string, error) {
	var ids []string
	err := e.store.ForEach(func(r store.Record) error {
		ids = append(ids, r.Article.ID)
		return nil
	})
	return ids, err
}

// builtArticle is what a rebuild wrote of one article.
type builtArticle struct {
	fp       uint64 // fingerprint of the stored article written
	passages int    // passage documents written
}

type rebuild struct {
	e     *Engine
	x     *index.Index
	seed  maphash.Seed
	built map[string]builtArticle
	count *rebuildCount
	// derived holds the records whose derived fields (tags, passage
	// count) came out different from the stored ones: the tagger or the
	// splitter changed. They are stored again at the swap.
	derived []store.Record
	entries []catalog.Entry
}

func (rb *rebuild) fingerprint(a *newsfind.Article) uint64 {
	var h maphash.Hash
	h.SetSeed(rb.seed)
	for _, s := range []string{a.ID, a.URL, a.Title, a.Source, a.Published.Format(time.RFC3339), a.DateNote, a.Dateline, a.Body} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	for _, s := range a.Countries {
		h.WriteString(s)
		h.WriteByte(1)
	}
	h.WriteByte(0)
	for _, s := range a.Commodities {
		h.WriteString(s)
		h.WriteByte(1)
	}
	return h.Sum64()
}

// prepared is one batch ready to write.
type prepared struct {
	docs []newsfind.Document
	recs []store.Record
	err  error
}

// bulk writes the articles named by ids. Reading and tagging run in a
// goroutine ahead of the index writes, so the two overlap.
func (rb *rebuild) bulk(ctx context.Context, ids []string) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := make(chan prepared, 1)
	go func() {
		defer close(ch)
		var p prepared
		n := 0
		for i, id := range ids {
			if i%256 == 0 && ctx.Err() != nil {
				return
			}
			r, ok, err := rb.e.store.Get(id)
			if err != nil {
				ch <- prepared{err: err}
				return
			}
			if !ok {
				rb.count.gone(id) // deleted since the ids were listed
				continue
			}
			d := derive.Prepare(rb.e.tagger, r.Article)
			p.docs = append(p.docs, d)
			p.recs = append(p.recs, r)
			n += len(d.Passages)
			if n >= bulkPassages {
				select {
				case ch <- p:
				case <-ctx.Done():
					return
				}
				p, n = prepared{}, 0
			}
		}
		if len(p.docs) > 0 {
			select {
			case ch <- p:
			case <-ctx.Done():
			}
		}
	}()
	for p := range ch {
		if p.err != nil {
			return p.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rb.write(p.docs, p.recs); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// write indexes docs (prepared from recs) into the new index.
func (rb *rebuild) write(docs []newsfind.Document, recs []store.Record) error {
	stale := map[string]int{}
	for i := range docs {
		if b, ok := rb.built[docs[i].ID]; ok {
			stale[docs[i].ID] = b.passages
		}
	}
	if err := rb.x.Write(docs, stale); err != nil {
		return fmt.Errorf("re-index: %w", err)
	}
	for i := range docs {
		d, r := &docs[i], &recs[i]
		rb.built[d.ID] = builtArticle{fp: rb.fingerprint(&r.Article), passages: len(d.Passages)}
		if !slices.Equal(d.Countries, r.Countries) || !slices.Equal(d.Commodities, r.Commodities) || len(d.Passages) != r.Passages ||
			!slices.Equal(d.About.Countries, r.About.Countries) || !slices.Equal(d.About.Commodities, r.About.Commodities) {
			r.Countries, r.Commodities, r.Passages, r.About = d.Countries, d.Commodities, len(d.Passages), d.About
			rb.derived = append(rb.derived, *r)
		}
	}
	ids := make([]string, len(docs))
	for i := range docs {
		ids[i] = docs[i].ID
	}
	rb.count.wrote(ids...)
	rb.count.report()
	return nil
}

// catchUp writes the stored articles that are new or changed since they
// were written to the new index, and returns how many there were.
func (rb *rebuild) catchUp(ctx context.Context) (int, error) {
	var changed []store.Record
	stored := make(map[string]bool, len(rb.built))
	err := rb.e.store.ForEach(func(r store.Record) error {
		stored[r.Article.ID] = true
		if b, ok := rb.built[r.Article.ID]; !ok || b.fp != rb.fingerprint(&r.Article) {
			changed = append(changed, r)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// Articles deleted since they were written to the new index leave it.
	gone := map[string]int{}
	for id, b := range rb.built {
		if !stored[id] {
			gone[id] = b.passages
		}
	}
	if len(gone) > 0 {
		if err := rb.x.Delete(gone); err != nil {
			return 0, fmt.Errorf("re-index: %w", err)
		}
		for id := range gone {
			delete(rb.built, id)
			rb.count.gone(id)
		}
	}
	if len(changed) == 0 {
		return len(gone), nil
	}
	for _, r := range changed {
		rb.count.add(r.Article.ID)
	}
	var docs []newsfind.Document
	var recs []store.Record
	n := 0
	for _, r := range changed {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		d := derive.Prepare(rb.e.tagger, r.Article)
		docs, recs = append(docs, d), append(recs, r)
		if n += len(d.Passages); n >= bulkPassages {
			if err := rb.write(docs, recs); err != nil {
				return 0, err
			}
			docs, recs, n = nil, nil, 0
		}
	}
	if len(docs) > 0 {
		if err := rb.write(docs, recs); err != nil {
			return 0, err
		}
	}
	return len(changed), nil
}

// updateDerived stores again the records whose derived fields changed, so
// that the store agrees with the new index (an update's stale passages
// are counted from the store), and collects their catalog entries. It
// runs under the write lock, after the last catch-up, so each record is
// still the stored version of its article; one that changed since has
// been written by Add with the same tagger and is skipped.
func (rb *rebuild) updateDerived() error {
	var recs []store.Record
	seen := map[string]bool{}
	for i := len(rb.derived) - 1; i >= 0; i-- { // the latest version of each
		r := rb.derived[i]
		if seen[r.Article.ID] || rb.built[r.Article.ID].fp != rb.fingerprint(&r.Article) {
			continue
		}
		seen[r.Article.ID] = true
		r.Rederived = true
		recs = append(recs, r)
	}
	if len(recs) == 0 {
		return nil
	}
	if _, _, err := rb.e.store.Put(recs); err != nil {
		return fmt.Errorf("re-index: storing re-derived tags: %w", err)
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.Article.ID
		rb.entries = append(rb.entries, entryOf(r))
	}
	// Put marked them pending; the new index has them.
	return rb.e.store.MarkIndexed(ids)
}

// Counts are the sizes of a data directory's parts, which must agree: every
// stored article is in the catalog, and the index holds exactly the
// passages the stored articles have (none missing, none duplicated).
type Counts struct {
	Stored       int    `json:"stored"`        // articles in the store
	Catalog      int    `json:"catalog"`       // articles searchable
	Passages     uint64 `json:"passages"`      // passage documents in the index
	WantPassages uint64 `json:"want_passages"` // passages of the stored articles
}

// Counts counts the store, the catalog and the index.
func (e *Engine) Counts() (Counts, error) {
	var c Counts
	err := e.store.ForEach(func(r store.Record) error {
		c.Stored++
		c.WantPassages += uint64(r.Passages)
		return nil
	})
	if err != nil {
		return c, err
	}
	c.Catalog = e.catalog.Len()
	err = e.current.Use(func(x *index.Index) error {
		if x == nil {
			return errors.New("the engine is closed")
		}
		c.Passages, err = x.Count()
		return err
	})
	return c, err
}
