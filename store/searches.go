package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/newsfind/newsfind"
)

var (
	// bucketSearches holds the saved searches by id (8 bytes, big
	// endian, so that they list oldest first).
	bucketSearches = []byte("searches")
	// bucketHits holds one bucket per saved search (keyed as the search)
	// of its recorded matches by sequence number.
	bucketHits = []byte("hits")
	// bucketHitsOf finds an article's hits: article id, 0, search key →
	// hit sequence number. Deleting or updating the article finds them
	// here without reading every search's list.
	bucketHitsOf = []byte("hitsof")
)

// ErrNoSearch means no saved search has the id.
var ErrNoSearch = errors.New("no such saved search")

// ErrTooManySearches means the store holds the most saved searches allowed.
var ErrTooManySearches = errors.New("too many saved searches")

// searchKey reads a saved search's id as its key; ok is false for an id
// no search can have.
func searchKey(id string) ([]byte, bool) {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n == 0 || strconv.FormatUint(n, 10) != id {
		return nil, false
	}
	return binary.BigEndian.AppendUint64(nil, n), true
}

// CreateSearch stores a new saved search, giving it its id, unless the
// store holds max already.
func (s *Store) CreateSearch(ss *newsfind.SavedSearch, max int) error {
	return s.CreateSearchAt(ss, max, 0)
}

// CreateSearchAt is CreateSearch of log entry seq (applied.go), which it
// records in the same transaction; 0 is no log entry.
func (s *Store) CreateSearchAt(ss *newsfind.SavedSearch, max int, seq uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := putApplied(tx, seq); err != nil {
			return err
		}
		b := tx.Bucket(bucketSearches)
		if b.Stats().KeyN >= max {
			return ErrTooManySearches
		}
		n, err := b.NextSequence()
		if err != nil {
			return err
		}
		ss.ID = strconv.FormatUint(n, 10)
		return putSearch(b, ss)
	})
}

func putSearch(b *bolt.Bucket, ss *newsfind.SavedSearch) error {
	key, _ := searchKey(ss.ID)
	v, err := json.Marshal(ss)
	if err != nil {
		return err
	}
	return b.Put(key, v)
}

// UpdateSearch replaces a saved search; its recorded hits stay.
func (s *Store) UpdateSearch(ss *newsfind.SavedSearch) error {
	return s.UpdateSearchAt(ss, 0)
}

// UpdateSearchAt is UpdateSearch of log entry seq, recorded in the same
// transaction. A log entry carries no secret nor creation time (the node
// that accepted it may not have had the search yet): the stored search's
// are kept, and set in ss.
func (s *Store) UpdateSearchAt(ss *newsfind.SavedSearch, seq uint64) error {
	key, ok := searchKey(ss.ID)
	if !ok {
		return ErrNoSearch
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := putApplied(tx, seq); err != nil {
			return err
		}
		b := tx.Bucket(bucketSearches)
		v := b.Get(key)
		if v == nil {
			return ErrNoSearch
		}
		if seq > 0 {
			var old newsfind.SavedSearch
			if err := json.Unmarshal(v, &old); err != nil {
				return err
			}
			ss.Secret, ss.Created = old.Secret, old.Created
		}
		return putSearch(b, ss)
	})
}

// DeleteSearch removes a saved search and its hits. Its deliveries still
// in the outbox are dropped when their turn comes.
func (s *Store) DeleteSearch(id string) error {
	return s.DeleteSearchAt(id, 0)
}

// DeleteSearchAt is DeleteSearch of log entry seq, recorded in the same
// transaction.
func (s *Store) DeleteSearchAt(id string, seq uint64) error {
	key, ok := searchKey(id)
	if !ok {
		return ErrNoSearch
	}
	return s.db.Update(func(tx *bolt.Tx) error {
		if err := putApplied(tx, seq); err != nil {
			return err
		}
		b := tx.Bucket(bucketSearches)
		if b.Get(key) == nil {
			return ErrNoSearch
		}
		if err := b.Delete(key); err != nil {
			return err
		}
		hits := tx.Bucket(bucketHits)
		hb := hits.Bucket(key)
		if hb == nil {
			return nil
		}
		of := tx.Bucket(bucketHitsOf)
		err := hb.ForEach(func(_, v []byte) error {
			var h newsfind.SearchHit
			if err := json.Unmarshal(v, &h); err != nil {
				return err
			}
			return of.Delete(hitOfKey(h.Article, key))
		})
		if err != nil {
			return err
		}
		return hits.DeleteBucket(key)
	})
}

// Search returns one saved search.
func (s *Store) Search(id string) (newsfind.SavedSearch, error) {
	var ss newsfind.SavedSearch
	key, ok := searchKey(id)
	if !ok {
		return ss, ErrNoSearch
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketSearches).Get(key)
		if v == nil {
			return ErrNoSearch
		}
		return json.Unmarshal(v, &ss)
	})
	return ss, err
}

// Searches returns every saved search, oldest first.
func (s *Store) Searches() ([]newsfind.SavedSearch, error) {
	var out []newsfind.SavedSearch
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketSearches).ForEach(func(k, v []byte) error {
			var ss newsfind.SavedSearch
			if err := json.Unmarshal(v, &ss); err != nil {
				return fmt.Errorf("saved search %x: %w", k, err)
			}
			out = append(out, ss)
			return nil
		})
	})
	return out, err
}

// Hits returns at most limit of a search's hits after sequence number
// since, oldest first.
func (s *Store) Hits(id string, since uint64, limit int) ([]newsfind.SearchHit, error) {
	key, ok := searchKey(id)
	if !ok {
		return nil, ErrNoSearch
	}
	var out []newsfind.SearchHit
	err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketSearches).Get(key) == nil {
			return ErrNoSearch
		}
		hb := tx.Bucket(bucketHits).Bucket(key)
		if hb == nil {
			return nil
		}
		c := hb.Cursor()
		for k, v := c.Seek(binary.BigEndian.AppendUint64(nil, since+1)); k != nil && len(out) < limit; k, v = c.Next() {
			var h newsfind.SearchHit
			if err := json.Unmarshal(v, &h); err != nil {
				return err
			}
			out = append(out, h)
		}
		return nil
	})
	return out, err
}

// LatestHits returns at most limit of a search's newest hits, newest first.
func (s *Store) LatestHits(id string, limit int) ([]newsfind.SearchHit, error) {
	key, ok := searchKey(id)
	if !ok {
		return nil, ErrNoSearch
	}
	var out []newsfind.SearchHit
	err := s.db.View(func(tx *bolt.Tx) error {
		hb := tx.Bucket(bucketHits).Bucket(key)
		if hb == nil {
			return nil
		}
		c := hb.Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var h newsfind.SearchHit
			if err := json.Unmarshal(v, &h); err != nil {
				return err
			}
			out = append(out, h)
		}
		return nil
	})
	return out, err
}

func hitOfKey(article string, search []byte) []byte {
	k := make([]byte, 0, len(article)+1+len(search))
	k = append(k, article...)
	k = append(k, 0)
	return append(k, search...)
}
