package store

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// TestSearchBound: the store keeps newsfind.MaxSavedSearches saved
// searches and refuses the next; one deleted makes room again; the
// searches are there after reopening.
func TestSearchBound(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 saved searches: not with -short")
	}
	path := filepath.Join(t.TempDir(), "articles.db")
	s, err := Open(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	s.db.NoSync = true // 10,000 transactions: what is tested is the bound, not fsync
	for i := range newsfind.MaxSavedSearches {
		ss := newsfind.SavedSearch{Name: "s", Query: newsfind.Query{Text: "oil"}}
		if err := s.CreateSearch(&ss, newsfind.MaxSavedSearches); err != nil {
			t.Fatalf("search %d: %v", i+1, err)
		}
	}
	ss := newsfind.SavedSearch{Name: "one too many"}
	if err := s.CreateSearch(&ss, newsfind.MaxSavedSearches); !errors.Is(err, ErrTooManySearches) {
		t.Fatalf("search %d: %v, want ErrTooManySearches", newsfind.MaxSavedSearches+1, err)
	}
	if err := s.DeleteSearch("17"); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSearch(&ss, newsfind.MaxSavedSearches); err != nil || ss.ID != "10001" {
		t.Fatalf("after a delete: id %q, %v", ss.ID, err)
	}
	s.db.NoSync = false
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(path, time.Second); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Searches()
	if err != nil || len(list) != newsfind.MaxSavedSearches || list[len(list)-1].Name != "one too many" {
		t.Fatalf("after reopening: %d searches, %v", len(list), err)
	}
}

// TestMarksOnlyWithSearches: a write is marked for percolation only once a
// saved search exists, so a bulk load with none pays nothing for alerts;
// a write after the first search is saved is marked.
func TestMarksOnlyWithSearches(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "articles.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	put := func(id string) {
		t.Helper()
		if _, _, err := s.Put([]Record{{Article: newsfind.Article{ID: id, Title: "T", Body: "Text."}, Passages: 1}}); err != nil {
			t.Fatal(err)
		}
	}
	put("before")
	if _, err := s.Delete([]string{"before"}); err != nil {
		t.Fatal(err)
	}
	if marks, err := s.Unpercolated(10); err != nil || len(marks) != 0 {
		t.Fatalf("no saved search: marks %v, %v; want none", marks, err)
	}
	ss := newsfind.SavedSearch{Name: "s", Query: newsfind.Query{Text: "text"}}
	if err := s.CreateSearch(&ss, newsfind.MaxSavedSearches); err != nil {
		t.Fatal(err)
	}
	put("after")
	if marks, err := s.Unpercolated(10); err != nil || len(marks) != 1 || marks[0].ID != "after" {
		t.Fatalf("with a saved search: marks %v, %v; want after", marks, err)
	}
}
