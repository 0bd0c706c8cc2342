package store

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/newsfind/newsfind"
)

func TestPutChangesAndPending(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	rec := Record{Article: newsfind.Article{ID: "a1", Title: "T", Body: "Text."}, Passages: 2}
	changes, _, err := s.Put([]Record{rec})
	if err != nil || changes[0] != Created {
		t.Fatalf("first put: %v %v", changes, err)
	}
	// Not yet marked indexed: the same record again must be indexed again.
	if changes, prev, _ := s.Put([]Record{rec}); changes[0] != Pending || prev[0] != 2 {
		t.Errorf("same record again while pending: %v, stale passages %d", changes[0], prev[0])
	}
	if err := s.MarkIndexed([]string{"a1"}); err != nil {
		t.Fatal(err)
	}
	if changes, _, _ = s.Put([]Record{rec}); changes[0] != Unchanged {
		t.Errorf("same record again once indexed: %v", changes[0])
	}
	rec.Article.Body = "New text."
	rec.Passages = 3
	changes, prev, _ := s.Put([]Record{rec})
	if changes[0] != Updated || prev[0] != 2 {
		t.Errorf("changed record: %v, previous passages %d", changes[0], prev[0])
	}
	if ids, _ := s.Pending(); len(ids) != 1 || ids[0] != "a1" {
		t.Errorf("pending = %v", ids)
	}
	if err := s.MarkIndexed([]string{"a1"}); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.Pending(); len(ids) != 0 {
		t.Errorf("pending after MarkIndexed = %v", ids)
	}

	// A second opener gets ErrLocked, quickly, instead of waiting forever.
	start := time.Now()
	if _, err := Open(path, 200*time.Millisecond); !errors.Is(err, ErrLocked) || time.Since(start) > 2*time.Second {
		t.Errorf("second open: %v after %v", err, time.Since(start))
	}
	s.Close()

	// What was put survives a reopen.
	s, err = Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	got, ok, err := s.Get("a1")
	if err != nil || !ok || got.Article.Body != "New text." || got.Passages != 3 {
		t.Errorf("after reopen: %+v %v %v", got, ok, err)
	}
	if n, _ := s.Count(); n != 1 {
		t.Errorf("count = %d", n)
	}
}

func TestMetaWithoutText(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "articles.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := Record{Article: newsfind.Article{ID: "m1", Title: "T", Source: "S", Body: "Long text."}, Countries: []string{"KZ"}, Passages: 2}
	if _, _, err := s.Put([]Record{rec}); err != nil {
		t.Fatal(err)
	}
	var got []Meta
	s.ForEachMeta(func(m Meta) error { got = append(got, m); return nil })
	if len(got) != 1 || got[0].ID != "m1" || got[0].Source != "S" || got[0].Countries[0] != "KZ" || got[0].Passages != 2 {
		t.Errorf("meta = %+v", got)
	}
}

func TestPendingStaleKeepsTheMostPassages(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "articles.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(body string, passages int) {
		t.Helper()
		rec := Record{Article: newsfind.Article{ID: "p1", Body: body}, Passages: passages}
		if _, _, err := s.Put([]Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	// Two versions before the index confirms either: re-indexing must
	// delete up to the longer one's passages.
	put("long", 9)
	put("short", 2)
	if st, _ := s.PendingStale(); st["p1"] != 9 {
		t.Errorf("stale = %v, want p1: 9", st)
	}
	s.MarkIndexed([]string{"p1"})
	put("shorter", 1)
	if st, _ := s.PendingStale(); st["p1"] != 2 {
		t.Errorf("after indexing the short version: stale = %v, want p1: 2", st)
	}
}

// TestMetaBackfill opens a store written before the meta bucket existed:
// the catalog's view of every article appears, once.
func TestMetaBackfill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "articles.db")
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket(bucketArticles)
		if err != nil {
			return err
		}
		v, _ := json.Marshal(Record{Article: newsfind.Article{ID: "old-1", Title: "Old", Body: "Text."}, Countries: []string{"KZ"}, Passages: 2})
		return b.Put([]byte("old-1"), v)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		s, err := Open(path, time.Second)
		if err != nil {
			t.Fatal(err)
		}
		var metas []Meta
		s.ForEachMeta(func(m Meta) error { metas = append(metas, m); return nil })
		s.Close()
		if len(metas) != 1 || metas[0].ID != "old-1" || metas[0].Passages != 2 || metas[0].Countries[0] != "KZ" {
			t.Fatalf("meta after open: %+v", metas)
		}
	}
}
