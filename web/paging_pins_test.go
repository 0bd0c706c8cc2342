package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/search"
)

// clock is a test's clock: it moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// TestCursorExpires: a cursor holds for the TTL after its last use, and
// past it, or once its pin was evicted for others, it is answered 410
// cursor_expired, telling the user to start again, never a silent gap.
func TestCursorExpires(t *testing.T) {
	clk := &clock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	eng := enginetest.Open(t, enginetest.Articles(copperCorpus()),
		enginetest.Cursors(search.CursorOptions{TTL: time.Minute, MaxPins: 3, Now: clk.Now}))
	ts := pagingServer(t, eng)
	page := func(params, after string) (int, pageAnswer) {
		t.Helper()
		if after != "" {
			params += "&after=" + url.QueryEscape(after)
		}
		return getPage(t, ts, params)
	}
	expired := func(label string, status int, a pageAnswer) {
		t.Helper()
		if status != http.StatusGone || a.Error == nil || a.Error.Code != "cursor_expired" ||
			!strings.Contains(a.Error.Message, "start again from the first page") {
			t.Errorf("%s: status %d, error %+v; want 410 cursor_expired saying to start again", label, status, a.Error)
		}
	}
	const q = "q=copper&size=3"
	_, a := page(q, "")
	// Each use keeps it another minute.
	for i := range 3 {
		clk.advance(50 * time.Second)
		status, b := page(q, a.Next)
		if status != http.StatusOK || len(b.Hits) != 3 || b.Next == "" {
			t.Fatalf("page %d, 50 s after the last: status %d %+v", i+2, status, b.Error)
		}
		a = b
	}
	clk.advance(61 * time.Second)
	status, b := page(q, a.Next)
	expired("a minute and a second after the last use", status, b)
	if status, b := page(q, ""); status != http.StatusOK || b.Next == "" {
		t.Errorf("the first page again: status %d %+v", status, b.Error)
	}

	// Three pins are kept: a fourth answer evicts the least recently used.
	_, first := page(q, "")
	_, other := page("q=copper+report&size=3", "")
	_, third := page(q+"&sort=date", "")
	if status, _ := page(q, first.Next); status != http.StatusOK { // used: now the most recent
		t.Fatalf("a kept cursor: status %d", status)
	}
	page("q=copper&size=3&distinct=story", "")
	status, b = page("q=copper+report&size=3", other.Next)
	expired("an evicted pin", status, b)
	if status, _ := page(q+"&sort=date", third.Next); status != http.StatusOK {
		t.Errorf("a pin more recently used than the evicted one: status %d", status)
	}
	// A cursor belongs to its query.
	if status, b := page("q=wheat&size=3", first.Next); status != http.StatusBadRequest || b.Error == nil ||
		!strings.Contains(b.Error.Message, "is not a cursor of this query") {
		t.Errorf("a cursor of q=copper with q=wheat: status %d %+v; want 400", status, b.Error)
	}
}

// TestCursorTooLargeToPin: an answer larger than a pin may be is paged
// by sort key as before, and every page says what that cannot promise.
func TestCursorTooLargeToPin(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Articles(copperCorpus()), enginetest.Cursors(search.CursorOptions{MaxBytes: 2048}))
	ts := pagingServer(t, eng)
	_, first := getPage(t, ts, "q=copper&size=5")
	var warned bool
	for _, w := range first.Warnings {
		warned = warned || strings.Contains(w, "too many to hold")
	}
	if !warned || first.Next == "" {
		t.Fatalf("80 matches over a 2 KB pin cache: next %q, warnings %q; want a cursor and a warning", first.Next, first.Warnings)
	}
	got := walkWriting(t, ts, "q=copper&size=5", func(int, []pageHit) {})
	if n := len(keys(got, func(h pageHit) string { return h.ID })); n != first.TotalArticles {
		t.Errorf("the walk read %d of %d", n, first.TotalArticles)
	}
	checkOnce(t, "unpinned", keys(got, func(h pageHit) string { return h.ID }), keys(got, func(h pageHit) string { return h.ID }), nil)
}
