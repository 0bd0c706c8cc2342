package engine_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

// TestReindexWhileSearching rebuilds while searches run without pause and
// articles keep arriving: no search fails or comes back empty, articles
// accepted during the rebuild are in the new index, and the counts agree
// afterwards (also after a restart, from the new pointer).
func TestReindexWhileSearching(t *testing.T) {
	dir := t.TempDir()
	e := open(t, dir)
	add(t, e, articles("base", 3000)...)
	before := checkCounts(t, e)
	oldDir := readCurrent(t, dir)

	ctx, cancel := context.WithCancel(context.Background())
	var searches, failures, empty atomic.Int64
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				r, err := e.Searcher().Search(context.Background(), newsfind.Query{Text: "barley prices"})
				searches.Add(1)
				if err != nil {
					failures.Add(1)
					t.Errorf("search during re-index: %v", err)
				} else if r.TotalArticles < 3000 {
					empty.Add(1)
				}
			}
		})
	}
	// Writes during the rebuild: new articles and updates of old ones.
	var written atomic.Int64
	wg.Go(func() {
		for i := 0; ctx.Err() == nil && i < 200; i++ {
			a := articles("during", i+1)[i]
			u := articles("base", i+1)[i]
			u.Body += "\n\nUpdated during the rebuild with the word zygote."
			if _, err := e.Add(context.Background(), []newsfind.Article{a, u}); err != nil {
				t.Errorf("add during re-index: %v", err)
				return
			}
			written.Add(1)
			time.Sleep(2 * time.Millisecond)
		}
	})

	rx := engine.NewReindexer(context.Background(), e)
	var calls atomic.Int64
	start := time.Now()
	if err := rx.Run(context.Background(), func(done, total int) { calls.Add(1) }); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	time.Sleep(50 * time.Millisecond) // a few searches on the new index
	cancel()
	wg.Wait()
	t.Logf("re-index of %d articles took %v; %d searches meanwhile, %d writes", before.Stored, took, searches.Load(), written.Load())
	if failures.Load() != 0 || empty.Load() != 0 {
		t.Errorf("%d failed and %d short searches of %d", failures.Load(), empty.Load(), searches.Load())
	}
	if searches.Load() == 0 || calls.Load() == 0 {
		t.Errorf("searches %d, progress calls %d", searches.Load(), calls.Load())
	}
	st := rx.ReindexStatus()
	if st.Running || st.Error != "" || st.Done != st.Total || st.Finished.IsZero() {
		t.Errorf("status: %+v", st)
	}
	n := int(written.Load())
	c := checkCounts(t, e)
	if c.Stored != before.Stored+n {
		t.Errorf("stored %d, want %d", c.Stored, before.Stored+n)
	}
	if r := search(t, e, "zygote"); r.TotalArticles != n {
		t.Errorf("updates during the rebuild: %d found, want %d", r.TotalArticles, n)
	}
	if r := search(t, e, "wheat"); r.TotalArticles != before.Stored-3+n { // the seeds are not about wheat
		t.Errorf("wheat: %d, want %d", r.TotalArticles, before.Stored-3+n)
	}
	newDir := readCurrent(t, dir)
	if newDir == oldDir {
		t.Errorf("pointer still names %s", oldDir)
	}
	if _, err := os.Stat(filepath.Join(dir, oldDir)); !os.IsNotExist(err) {
		t.Errorf("old index %s not removed: %v", oldDir, err)
	}
	e.Close()
	e = open(t, dir)
	defer e.Close()
	if c2 := checkCounts(t, e); c2 != c {
		t.Errorf("after restart %+v, before %+v", c2, c)
	}
	if r := search(t, e, "zygote"); r.TotalArticles != n {
		t.Errorf("after restart: zygote %d, want %d", r.TotalArticles, n)
	}
}

// TestReindexOneAtATime: a second rebuild is refused while one runs.
func TestReindexOneAtATime(t *testing.T) {
	e := open(t, t.TempDir())
	defer e.Close()
	add(t, e, articles("x", 500)...)
	rx := engine.NewReindexer(context.Background(), e)
	if _, ok := rx.StartReindex(); !ok {
		t.Fatal("first start refused")
	}
	if _, ok := rx.StartReindex(); ok {
		t.Error("second start accepted while the first runs")
	}
	rx.Wait()
	if st := rx.ReindexStatus(); st.Error != "" || st.Running {
		t.Errorf("status %+v", st)
	}
	checkCounts(t, e)
}

// TestReindexCancelled: a cancelled rebuild leaves the old index in use
// and no half-built folder behind.
func TestReindexCancelled(t *testing.T) {
	dir := t.TempDir()
	e := open(t, dir)
	defer e.Close()
	add(t, e, articles("c", 2000)...)
	old := readCurrent(t, dir)
	ctx, cancel := context.WithCancel(context.Background())
	err := engine.NewReindexer(context.Background(), e).Run(ctx, func(done, total int) {
		if done > 0 {
			cancel()
		}
	})
	if err == nil {
		t.Fatal("cancelled rebuild reported success")
	}
	if readCurrent(t, dir) != old {
		t.Error("pointer changed")
	}
	dirs, _ := filepath.Glob(filepath.Join(dir, "index-*"))
	if len(dirs) != 1 {
		t.Errorf("index folders %v, want only %s", dirs, old)
	}
	if r := search(t, e, "wheat"); r.TotalArticles != 2000 {
		t.Errorf("after a cancelled rebuild: %d", r.TotalArticles)
	}
}

func readCurrent(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b[:len(b)-1])
}
