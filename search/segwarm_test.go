package search

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/tagger"
)

// TestWarmListsNewSegments: with Warm running, a quoted word's search
// walks no segment's forms dictionary, neither after the index opens nor
// after a batch adds a segment, and answers as before; cancelled, Warm
// returns.
func TestWarmListsNewSegments(t *testing.T) {
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	cat := catalog.NewCatalog()
	var mu sync.Mutex
	byID := map[string]newsfind.Article{}
	write := func(arts ...newsfind.Article) {
		t.Helper()
		docs := make([]newsfind.Document, len(arts))
		mu.Lock()
		for i, a := range arts {
			docs[i] = derive.Prepare(tg, a)
			byID[a.ID] = a
		}
		mu.Unlock()
		if err := x.Write(docs, nil); err != nil {
			t.Fatal(err)
		}
		for i := range docs {
			cat.Put(catalog.EntryOf(&docs[i]))
		}
	}
	write(article("oils", "Oil prices rose as the oil minister spoke of oils."),
		article("crude", "Prices of crude fell."))
	s, err := New(index.NewCurrent(x), cat, tg, func(id string) (newsfind.Article, bool, error) {
		mu.Lock()
		defer mu.Unlock()
		a, ok := byID[id]
		return a, ok, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Warm(ctx)
	}()
	t.Cleanup(func() { cancel(); <-done })

	check := func(q string, want ...string) {
		t.Helper()
		waitWarm(t, s)
		before := s.variants.searchLists.Load()
		if got := strings.Join(sorted(allIDs(t, s, q)), " "); got != strings.Join(want, " ") {
			t.Errorf("%s: found %q, want %q", q, got, want)
		}
		if n := s.variants.searchLists.Load() - before; n != 0 {
			t.Errorf("%s: the search listed %d segments' forms itself", q, n)
		}
	}
	check(`"oil"`, "oils")
	write(article("price", "The oil price was quoted."))
	check(`"price"`, "price")
	check(`"oil"`, "oils", "price")

	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Warm did not return when cancelled")
	}
}

// waitWarm waits, a while, until every segment of s's index is listed:
// a test that asks too early fails on what its search listed.
func waitWarm(t *testing.T, s *Service) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		all := true
		err := s.index.Use(func(x *index.Index) error {
			r, err := x.Reader()
			if err != nil {
				return err
			}
			defer r.Close()
			n := len(s.variants.foreignStems())
			for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
				all = all && s.variants.isListed(ss.Segment(), n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if all {
			return
		}
	}
}
