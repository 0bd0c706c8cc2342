package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/newsfind/newsfind"
)

var (
	// bucketPercolate marks the articles written (created, updated or
	// deleted) and not yet matched against the saved searches, each with
	// the id of the transaction that wrote it. The mark is set in the
	// write's own transaction, so a crash before the match is recorded
	// leaves the mark, and the next start percolates the article.
	bucketPercolate = []byte("percolate")
	// bucketOutbox holds the webhook deliveries not yet made, by
	// sequence number.
	bucketOutbox = []byte("outbox")
)

// markPercolate marks an article written in tx for percolation. Without
// a saved search there is nothing to match and no hit to drop, so nothing
// is marked: a bulk load pays for alerts only once someone has asked for
// one. Saving a search is a transaction of this database too, so a write
// is marked exactly when it commits after a search exists.
//
// The mark holds the write's log entry (logSeq) in a cluster, else the
// transaction's id: either tells one write of the article from a later
// one, and the log entry, the same on every node, numbers its hits.
func markPercolate(tx *bolt.Tx, key []byte, logSeq uint64) error {
	if k, _ := tx.Bucket(bucketSearches).Cursor().First(); k == nil {
		return nil
	}
	n := uint64(tx.ID())
	if logSeq > 0 {
		n = logSeq
	}
	return tx.Bucket(bucketPercolate).Put(key, binary.AppendUvarint(nil, n))
}

// A Mark is an article written and not yet percolated: Tx tells one
// write of it from a later one (in a cluster, it is the write's log
// entry).
type Mark struct {
	ID string
	Tx uint64
}

// Unpercolated returns at most limit marked articles, in id order.
func (s *Store) Unpercolated(limit int) ([]Mark, error) {
	var out []Mark
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketPercolate).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			n, _ := binary.Uvarint(v)
			out = append(out, Mark{ID: string(k), Tx: n})
		}
		return nil
	})
	return out, err
}

// MarksOf returns the marks of those of ids that are marked, in the
// order of ids: the articles whose committed documents the percolator
// holds are matched first, saving their preparation again.
func (s *Store) MarksOf(ids []string) ([]Mark, error) {
	var out []Mark
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPercolate)
		for _, id := range ids {
			if v := b.Get([]byte(id)); v != nil {
				n, _ := binary.Uvarint(v)
				out = append(out, Mark{ID: id, Tx: n})
			}
		}
		return nil
	})
	return out, err
}

// Delivery is a webhook POST waiting in the outbox.
type Delivery struct {
	Seq      uint64    `json:"-"`
	Search   string    `json:"search"`
	Hit      uint64    `json:"hit"`
	Article  string    `json:"article"`
	At       time.Time `json:"at"` // when the match was recorded
	Attempts int       `json:"attempts"`
	Next     time.Time `json:"next"` // not before
}

// A Percolation is what a percolation pass found, to be recorded: its
// marks, what each article matches (article id → search ids; an article
// absent was deleted or matches none), and the searches with a webhook.
type Percolation struct {
	Marks   []Mark
	Matches map[string][]string
	Hooked  map[string]bool
	Now     time.Time // when the matches are recorded
}

// Percolated records a percolation in a transaction of its own (record);
// it returns the hits added.
func (s *Store) Percolated(p Percolation) (int, error) {
	added := 0
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		added, err = p.record(tx)
		return err
	})
	return added, err
}

// MarkIndexedAnd is MarkIndexed, recording p (when not nil) in the same
// transaction: a write's transaction carries the percolation that ran
// beside it, rather than the write waiting for the percolation's own.
func (s *Store) MarkIndexedAnd(ids []string, p *Percolation) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if p != nil {
			if _, err := p.record(tx); err != nil {
				return err
			}
		}
		return markIndexed(tx, ids)
	})
}

// record writes what a percolation found, all of it in tx: each
// article's earlier hits go, a hit is added to each search it matches
// now, a delivery is queued for each search with a webhook, and the
// marks are cleared unless a later write set them again. It returns the
// hits added.
//
// In a cluster's store (one that applied a log entry) a hit is numbered
// by the log entry that wrote its article, not by the search's next
// number: every node then numbers its hits alike, whenever and in what
// runs it percolates, so that ?since= means the same on every node; and
// percolating the same marks twice writes the same hits again.
func (p *Percolation) record(tx *bolt.Tx) (int, error) {
	added := 0
	searches, hits, of := tx.Bucket(bucketSearches), tx.Bucket(bucketHits), tx.Bucket(bucketHitsOf)
	perc, out := tx.Bucket(bucketPercolate), tx.Bucket(bucketOutbox)
	logged := appliedOf(tx.Bucket(bucketLog)) > 0
	now := p.Now
	for _, m := range p.Marks {
		if err := dropHits(hits, of, m.ID); err != nil {
			return added, err
		}
		for _, id := range p.Matches[m.ID] {
			key, ok := searchKey(id)
			if !ok || searches.Get(key) == nil {
				continue // deleted while the article was matched
			}
			hb, err := hits.CreateBucketIfNotExists(key)
			if err != nil {
				return added, err
			}
			seq, err := hitSeq(hb, m, logged)
			if err != nil {
				return added, err
			}
			v, err := json.Marshal(newsfind.SearchHit{Seq: seq, Article: m.ID, At: now})
			if err != nil {
				return added, err
			}
			seqKey := binary.BigEndian.AppendUint64(nil, seq)
			if err := hb.Put(seqKey, v); err != nil {
				return added, err
			}
			if err := of.Put(hitOfKey(m.ID, key), seqKey); err != nil {
				return added, err
			}
			added++
			if p.Hooked[id] {
				if err := enqueue(out, Delivery{Search: id, Hit: seq, Article: m.ID, At: now, Next: now}); err != nil {
					return added, err
				}
			}
		}
		if v := perc.Get([]byte(m.ID)); v != nil {
			if n, _ := binary.Uvarint(v); n == m.Tx {
				if err := perc.Delete([]byte(m.ID)); err != nil {
					return added, err
				}
			}
		}
	}
	return added, nil
}

// hitSeq numbers a new hit of search bucket hb: by the write's log entry
// in a cluster's store, else the search's next number.
func hitSeq(hb *bolt.Bucket, m Mark, logged bool) (uint64, error) {
	if !logged {
		return hb.NextSequence()
	}
	if hb.Sequence() < m.Tx {
		if err := hb.SetSequence(m.Tx); err != nil {
			return 0, err
		}
	}
	return m.Tx, nil
}

// dropHits removes every hit of an article.
func dropHits(hits, of *bolt.Bucket, article string) error {
	prefix := append([]byte(article), 0)
	c := of.Cursor()
	var keys [][]byte
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if hb := hits.Bucket(k[len(prefix):]); hb != nil {
			if err := hb.Delete(v); err != nil {
				return err
			}
		}
		keys = append(keys, bytes.Clone(k))
	}
	for _, k := range keys {
		if err := of.Delete(k); err != nil {
			return err
		}
	}
	return nil
}

func enqueue(out *bolt.Bucket, d Delivery) error {
	seq, err := out.NextSequence()
	if err != nil {
		return err
	}
	v, err := json.Marshal(d)
	if err != nil {
		return err
	}
	return out.Put(binary.BigEndian.AppendUint64(nil, seq), v)
}

// Outbox returns at most limit deliveries, in the order they were queued.
func (s *Store) Outbox(limit int) ([]Delivery, error) {
	var out []Delivery
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketOutbox).Cursor()
		for k, v := c.First(); k != nil && len(out) < limit; k, v = c.Next() {
			var d Delivery
			if err := json.Unmarshal(v, &d); err != nil {
				return err
			}
			d.Seq = binary.BigEndian.Uint64(k)
			out = append(out, d)
		}
		return nil
	})
	return out, err
}

// Delivered removes a delivery from the outbox: it was made, or given up.
func (s *Store) Delivered(seq uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketOutbox).Delete(binary.BigEndian.AppendUint64(nil, seq))
	})
}

// Retry keeps a failed delivery for another attempt at d.Next.
func (s *Store) Retry(d Delivery) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		out := tx.Bucket(bucketOutbox)
		key := binary.BigEndian.AppendUint64(nil, d.Seq)
		if out.Get(key) == nil {
			return nil
		}
		v, err := json.Marshal(d)
		if err != nil {
			return err
		}
		return out.Put(key, v)
	})
}
