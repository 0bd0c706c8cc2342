package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// A data directory fed from a replicated log (cluster/) records the
// sequence number of the last log entry it applied in the same
// transaction as the entry's articles: after a crash the store holds
// either the entry and its number or neither, so the node resumes at the
// next entry, never applying one twice nor skipping one. The bucket is
// made by the first applied entry: a single-process store never has it.
var (
	bucketLog  = []byte("log")
	keyApplied = []byte("applied_seq")
)

// ErrApplied refuses a log entry at or before the one last applied.
var ErrApplied = errors.New("log entry already applied")

// putApplied records seq as the last applied entry; 0 records nothing.
func putApplied(tx *bolt.Tx, seq uint64) error {
	if seq == 0 {
		return nil
	}
	b, err := tx.CreateBucketIfNotExists(bucketLog)
	if err != nil {
		return err
	}
	if last := appliedOf(b); seq <= last {
		return fmt.Errorf("%w: entry %d, last applied %d", ErrApplied, seq, last)
	}
	return b.Put(keyApplied, binary.BigEndian.AppendUint64(nil, seq))
}

func appliedOf(b *bolt.Bucket) uint64 {
	if b == nil {
		return 0
	}
	v := b.Get(keyApplied)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// Applied returns the sequence number of the last log entry applied, 0
// when none was.
func (s *Store) Applied() (uint64, error) {
	var seq uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		seq = appliedOf(tx.Bucket(bucketLog))
		return nil
	})
	return seq, err
}

// SetApplied records an entry that changes no article (a delete of ids
// the store lacks, an entry no node can read) as applied.
func (s *Store) SetApplied(seq uint64) error {
	return s.db.Update(func(tx *bolt.Tx) error { return putApplied(tx, seq) })
}
