package engine_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// TestWriteDeadline: writers with short deadlines are either committed
// (and searchable) or withdrawn unstored with a 503-kind error naming
// max_write_wait — never half of one, never an internal error.
func TestWriteDeadline(t *testing.T) {
	e := open(t, t.TempDir())
	// Closed before the temporary folder is removed: Bleve may still be
	// merging segments of the last batch.
	t.Cleanup(func() { e.Close() })
	type result struct {
		id  string
		err error
	}
	var mu sync.Mutex
	var results []result
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Go(func() {
			for i := range 10 {
				id := fmt.Sprintf("dl-%d-%d", w, i)
				ctx, cancel := context.WithTimeout(context.Background(), time.Duration(1+i)*time.Millisecond)
				_, err := e.Add(ctx, []newsfind.Article{{ID: id, Title: "Deadline", Body: "Zebulondeadline copper output rose."}})
				cancel()
				mu.Lock()
				results = append(results, result{id, err})
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	committed, withdrawn := 0, 0
	for _, r := range results {
		_, err := e.Searcher().Document(context.Background(), r.id)
		switch {
		case r.err == nil:
			committed++
			if err != nil {
				t.Errorf("%s was acknowledged but is not there: %v", r.id, err)
			}
		case newsfind.ErrorLimit(r.err) == "max_write_wait":
			withdrawn++
			if err == nil {
				t.Errorf("%s was withdrawn but is stored", r.id)
			}
		default:
			t.Errorf("%s: %v (code %s)", r.id, r.err, newsfind.ErrorCode(r.err))
		}
	}
	if got := search(t, e, "zebulondeadline").TotalArticles; got != committed {
		t.Errorf("%d committed, %d searchable", committed, got)
	}
	t.Logf("%d committed, %d withdrawn", committed, withdrawn)
}
