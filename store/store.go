// Package store keeps the accepted articles: newsfind's source of truth.
//
// It is a bbolt file (data/articles.db): one B+tree file with fsynced,
// atomic transactions, already a dependency of Bleve, so an article is on
// disk before we answer and a crash leaves either the old or the new
// version. The index is derived from this store and can be rebuilt from it.
package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/newsfind/newsfind"
)

var (
	bucketArticles = []byte("articles")
	// bucketPending lists articles stored but not yet known to be in the
	// index: the index write follows the store write, and a crash between
	// the two must not leave an accepted article unsearchable. The value is
	// the most passages the index may hold for the article (of any version
	// written since it was last marked indexed), so that re-indexing it
	// deletes every stale one.
	bucketPending = []byte("pending")
	// bucketMeta holds each article's Meta: start-up loads the catalog
	// from it without reading (and paging in) every article's text.
	bucketMeta = []byte("meta")
)

// ErrLocked is returned when another process has the store open.
var ErrLocked = errors.New("store is locked by another process")

// Change says what storing an article did.
type Change string

const (
	Created   Change = newsfind.StatusCreated
	Updated   Change = newsfind.StatusUpdated
	Unchanged Change = newsfind.StatusUnchanged
	// Pending is an article stored before exactly as given whose index
	// write has not been confirmed (it failed, or the process died): the
	// caller must index it again.
	Pending Change = "pending"
)

// Record is a stored article with what indexing derived from it when it
// was stored, so that start-up does not have to re-tag every article.
type Record struct {
	Article     newsfind.Article `json:"article"`
	Countries   []string         `json:"countries"`
	Commodities []string         `json:"commodities"`
	About       newsfind.TagSet  `json:"about"`
	Passages    int              `json:"passages"`
	// Story is the story the article joined when it was stored, so that
	// restarts and re-indexing keep every story. Sketch is the sketch of
	// its text it was matched by (story.Sketch's binary form): it is
	// kept in the article's Meta only, which start-up reads, not in the
	// record, which has the text it comes from; a record read back has
	// none, and one stored without it keeps its Meta's.
	Story  string `json:"story,omitempty"`
	Sketch []byte `json:"-"`
	// LogSeq is the log entry that brought the record, in a cluster
	// (0 otherwise): its percolation mark, and so its hits, are numbered
	// by it on every node alike (percolate.go).
	LogSeq uint64 `json:"-"`
	// Rederived marks a record stored again by re-indexing, its tags
	// derived anew: not a write, so not matched against the saved
	// searches again.
	Rederived bool `json:"-"`
}

// Meta is what the catalog needs of a stored article: all but its text.
// It is persisted as JSON, so the Summary's field names are the store's
// format: renaming one would leave every existing data directory's
// catalog without it.
type Meta struct {
	newsfind.Summary
	Passages int    `json:"passages"`
	Sketch   []byte `json:"sketch,omitempty"`
}

// MetaOf returns the Meta of a record.
func MetaOf(r *Record) Meta {
	m := Meta{Summary: r.Article.Summary(r.Countries, r.Commodities), Passages: r.Passages, Sketch: r.Sketch}
	m.About = r.About
	m.StoryID = r.Story
	return m
}

// Store is the article store.
type Store struct {
	db *bolt.DB
	// reads counts Get calls: every ReleaseEvery of them the pages they
	// mapped are released (Get).
	reads atomic.Uint64
}

// ReleaseEvery is how many article reads the store lets map pages before
// it releases them. A read faults in the article's pages and the kernel
// maps up to 64 KB around each fault from its page cache: at ×9 the
// searches of one bench run left ~200 MB of the store file counted in
// the server's resident memory, most of it never read again.
const ReleaseEvery = 1024

// Open opens or creates the store file at path. It waits at most
// lockTimeout for another process that holds it.
func Open(path string, lockTimeout time.Duration) (*Store, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: lockTimeout})
	if err != nil {
		if errors.Is(err, bolterrors.ErrTimeout) {
			return nil, fmt.Errorf("%w: %s", ErrLocked, path)
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		newMeta := tx.Bucket(bucketMeta) == nil
		for _, b := range [][]byte{bucketArticles, bucketPending, bucketMeta, bucketSearches, bucketHits, bucketHitsOf, bucketPercolate, bucketOutbox} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		if newMeta {
			// The meta bucket is created in the transaction that fills
			// it, so a store that has one has every article's Meta.
			return backfillMeta(tx)
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db}, nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Put stores records in one transaction, fsynced before it returns, and
// marks the changed ones pending until MarkIndexed. It returns what each
// record did and, for updates, the passage count of the previous version.
func (s *Store) Put(recs []Record) (changes []Change, prevPassages []int, err error) {
	return s.PutAt(recs, 0)
}

// PutAt is Put of the records of log entries up to seq (applied.go), which
// it records in the same transaction; 0 is no log entry.
func (s *Store) PutAt(recs []Record, seq uint64) (changes []Change, prevPassages []int, err error) {
	changes = make([]Change, len(recs))
	prevPassages = make([]int, len(recs))
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putApplied(tx, seq); err != nil {
			return err
		}
		arts, pend := tx.Bucket(bucketArticles), tx.Bucket(bucketPending)
		for i := range recs {
			key := []byte(recs[i].Article.ID)
			val, err := json.Marshal(&recs[i])
			if err != nil {
				return err
			}
			old := arts.Get(key)
			switch {
			case old == nil:
				changes[i] = Created
			case bytes.Equal(old, val):
				changes[i] = Unchanged
				if v := pend.Get(key); v != nil {
					changes[i] = Pending
					if n, k := binary.Uvarint(v); k > 0 {
						prevPassages[i] = int(n)
					}
				}
				continue
			default:
				changes[i] = Updated
				var prev Record
				if err := json.Unmarshal(old, &prev); err == nil {
					prevPassages[i] = prev.Passages
				}
			}
			if err := arts.Put(key, val); err != nil {
				return err
			}
			if !recs[i].Rederived {
				if err := markPercolate(tx, key, recs[i].LogSeq); err != nil {
					return err
				}
			}
			if recs[i].Sketch == nil {
				recs[i].Sketch = metaSketch(tx, key)
			}
			if err := putMeta(tx, &recs[i]); err != nil {
				return err
			}
			stale := max(prevPassages[i], recs[i].Passages)
			if v := pend.Get(key); v != nil {
				if n, k := binary.Uvarint(v); k > 0 {
					stale = max(stale, int(n))
				}
			}
			if err := pend.Put(key, binary.AppendUvarint(nil, uint64(stale))); err != nil {
				return err
			}
		}
		return nil
	})
	return changes, prevPassages, err
}

// MarkIndexed clears the pending mark of articles now in the index.
func (s *Store) MarkIndexed(ids []string) error {
	return s.db.Update(func(tx *bolt.Tx) error { return markIndexed(tx, ids) })
}

func markIndexed(tx *bolt.Tx, ids []string) error {
	pend := tx.Bucket(bucketPending)
	for _, id := range ids {
		if err := pend.Delete([]byte(id)); err != nil {
			return err
		}
	}
	return nil
}

// Pending returns the ids of articles stored but not known to be indexed.
func (s *Store) Pending() ([]string, error) {
	var ids []string
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).ForEach(func(k, _ []byte) error {
			ids = append(ids, string(k))
			return nil
		})
	})
	return ids, err
}

// PendingStale returns, for each pending article, the most passages the
// index may hold for it.
func (s *Store) PendingStale() (map[string]int, error) {
	out := map[string]int{}
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketPending).ForEach(func(k, v []byte) error {
			n, _ := binary.Uvarint(v) // marks written before the count: 0
			out[string(k)] = int(n)
			return nil
		})
	})
	return out, err
}

// Get returns the record of an article.
func (s *Store) Get(id string) (Record, bool, error) {
	var rec Record
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketArticles).Get([]byte(id))
		if v == nil {
			return nil
		}
		found = true
		return json.Unmarshal(v, &rec)
	})
	if s.reads.Add(1)%ReleaseEvery == 0 {
		// The pages stay in the kernel's page cache: the next read of
		// them maps them again without touching the disk.
		_ = s.ReleasePages()
	}
	return rec, found, err
}

// Count returns the number of stored articles. It reads every page of the
// articles bucket (Bucket.Stats): not for start-up or a request path.
func (s *Store) Count() (int, error) {
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketArticles).Stats().KeyN
		return nil
	})
	return n, err
}

// ForEachMeta calls fn for every article's Meta, in id order, in one read
// transaction. It reads the meta bucket only, not the articles' text.
func (s *Store) ForEachMeta(fn func(Meta) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).ForEach(func(k, v []byte) error {
			var m Meta
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("article %s: %w", k, err)
			}
			return fn(m)
		})
	})
}

// metaSketch returns the sketch an article's stored Meta has, or nil.
func metaSketch(tx *bolt.Tx, key []byte) []byte {
	v := tx.Bucket(bucketMeta).Get(key)
	if v == nil {
		return nil
	}
	var m struct {
		Sketch []byte `json:"sketch"`
	}
	if json.Unmarshal(v, &m) != nil {
		return nil
	}
	return m.Sketch
}

func putMeta(tx *bolt.Tx, r *Record) error {
	v, err := json.Marshal(MetaOf(r))
	if err != nil {
		return err
	}
	return tx.Bucket(bucketMeta).Put([]byte(r.Article.ID), v)
}

// backfillMeta writes the Meta of articles stored before the meta bucket
// existed. It must not run on every open: reading every article (or even
// counting them with Bucket.Stats) pulls the whole file into memory.
func backfillMeta(tx *bolt.Tx) error {
	return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
		var r Record
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("article %s: %w", k, err)
		}
		return putMeta(tx, &r)
	})
}

// ForEach calls fn for every record, in id order, in one read transaction
// (a consistent snapshot; writers are not blocked).
func (s *Store) ForEach(fn func(Record) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketArticles).ForEach(func(k, v []byte) error {
			var rec Record
			if err := json.Unmarshal(v, &rec); err != nil {
				return fmt.Errorf("article %s: %w", k, err)
			}
			return fn(rec)
		})
	})
}

// Delete removes articles in one transaction, fsynced before it returns,
// and marks each removed one pending with the passages the index may hold
// for it: a pending id the store no longer has is an article whose
// passages must leave the index (the engine's catch-up does it after a
// crash). It returns, for each id it found, the passages the index may
// hold for the article.
func (s *Store) Delete(ids []string) (found map[string]int, err error) {
	return s.DeleteAt(ids, 0)
}

// DeleteAt is Delete of a log entry's ids, recording its seq
// (applied.go) in the same transaction; 0 is no log entry.
func (s *Store) DeleteAt(ids []string, seq uint64) (found map[string]int, err error) {
	err = s.db.Update(func(tx *bolt.Tx) error {
		if err := putApplied(tx, seq); err != nil {
			return err
		}
		arts, pend, meta := tx.Bucket(bucketArticles), tx.Bucket(bucketPending), tx.Bucket(bucketMeta)
		found = map[string]int{}
		for _, id := range ids {
			key := []byte(id)
			old := arts.Get(key)
			if old == nil {
				continue
			}
			var prev Record
			if err := json.Unmarshal(old, &prev); err != nil {
				return fmt.Errorf("article %s: %w", id, err)
			}
			stale := prev.Passages
			if v := pend.Get(key); v != nil {
				if n, k := binary.Uvarint(v); k > 0 {
					stale = max(stale, int(n))
				}
			}
			if err := arts.Delete(key); err != nil {
				return err
			}
			if err := meta.Delete(key); err != nil {
				return err
			}
			if err := markPercolate(tx, key, seq); err != nil {
				return err
			}
			if err := pend.Put(key, binary.AppendUvarint(nil, uint64(stale))); err != nil {
				return err
			}
			found[id] = stale
		}
		return nil
	})
	return found, err
}

// StoryOf is an article's story and sketch, for SetStories.
type StoryOf struct {
	ID     string
	Story  string
	Sketch []byte
}

// SetStories records the stories of stored articles that have none (a data
// directory from before stories), in one transaction. It leaves pending
// marks alone: the index does not hold stories.
func (s *Store) SetStories(sts []StoryOf) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		arts := tx.Bucket(bucketArticles)
		for _, st := range sts {
			key := []byte(st.ID)
			old := arts.Get(key)
			if old == nil {
				continue
			}
			var r Record
			if err := json.Unmarshal(old, &r); err != nil {
				return fmt.Errorf("article %s: %w", st.ID, err)
			}
			r.Story, r.Sketch = st.Story, st.Sketch
			val, err := json.Marshal(&r)
			if err != nil {
				return err
			}
			if err := arts.Put(key, val); err != nil {
				return err
			}
			if err := putMeta(tx, &r); err != nil {
				return err
			}
		}
		return nil
	})
}
