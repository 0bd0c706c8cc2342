package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/wire"
)

// stallWriter blocks writes until released, or fails them with err.
type stallWriter struct {
	entered, release chan struct{}
	err              error
}

func (s *stallWriter) Add(ctx context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	if s.err != nil {
		return nil, s.err
	}
	select {
	case s.entered <- struct{}{}:
		<-s.release
	case <-s.release:
	}
	outs := make([]newsfind.Outcome, len(arts))
	for i, a := range arts {
		outs[i] = newsfind.Outcome{Index: i, ID: a.ID, Status: newsfind.StatusCreated}
	}
	return outs, nil
}

func postArticle(srv http.Handler, id string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/api/articles", strings.NewReader(`{"id":"`+id+`","title":"t","body":"b","url":"https://example.com/`+id+`"}`))
	req.Header.Set("Authorization", "Bearer tok")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, req)
	return rec
}

func errorOf(t *testing.T, rec *httptest.ResponseRecorder) wire.ErrorBody {
	t.Helper()
	var b wire.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("%d %s: %v", rec.Code, rec.Body, err)
	}
	return b
}

// TestWriteAdmission fills the write slots and the queue: the next write
// is refused at once, one in the queue past its wait is refused after it,
// both with 503, Retry-After and the limit named; the writes admitted
// still succeed.
func TestWriteAdmission(t *testing.T) {
	w := &stallWriter{entered: make(chan struct{}), release: make(chan struct{})}
	srv, err := NewServer(Options{Logger: zerolog.Nop(), Writer: w, Intake: ingest.Intake{}, Token: "tok",
		MaxWrites: 2, WriteQueueWait: 300 * time.Millisecond, MaxWriteQueue: 1})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	codes := make(chan int, 2)
	for i := range 2 {
		wg.Go(func() { codes <- postArticle(srv, "in-"+string(rune('a'+i))).Code })
		<-w.entered
	}
	queued := make(chan *httptest.ResponseRecorder)
	start := time.Now()
	go func() { queued <- postArticle(srv, "queued") }()
	time.Sleep(50 * time.Millisecond) // let it take the one queue place

	rec := postArticle(srv, "over")
	if took := time.Since(start); rec.Code != http.StatusServiceUnavailable || took > 200*time.Millisecond {
		t.Errorf("write with the queue full: %d after %v, want 503 at once", rec.Code, took)
	}
	rec = <-queued
	if took := time.Since(start); rec.Code != http.StatusServiceUnavailable || took < 300*time.Millisecond || took > 2*time.Second {
		t.Errorf("queued write: %d after %v, want 503 after the 300ms wait", rec.Code, took)
	}
	b := errorOf(t, rec)
	if rec.Header().Get("Retry-After") != "1" || b.Error.Limit != "max_concurrent_writes" || b.Error.Code != newsfind.EUNAVAILABLE ||
		!strings.Contains(b.Error.Message, "max_concurrent_writes: 2 in flight") {
		t.Errorf("refused write: Retry-After %q, %s", rec.Header().Get("Retry-After"), rec.Body)
	}
	close(w.release)
	wg.Wait()
	close(codes)
	for c := range codes {
		if c != http.StatusOK {
			t.Errorf("admitted write: %d", c)
		}
	}
	if rec := postArticle(srv, "after"); rec.Code != http.StatusOK {
		t.Errorf("write once the slots are free: %d %s", rec.Code, rec.Body)
	}
}

// TestDiskFull: a write failing with ENOSPACE is a 507 with Retry-After
// and the engine's message, and a storm of them logs one warning per
// interval, not one line per request.
func TestDiskFull(t *testing.T) {
	var logs bytes.Buffer
	full := newsfind.Errorf(newsfind.ENOSPACE, "the disk holding the data directory is full: free space, then retry")
	srv, err := NewServer(Options{Logger: zerolog.New(&logs), Writer: &stallWriter{err: full}, Intake: ingest.Intake{}, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	srv.errLog.now = func() time.Time { return now }
	for i := range 1000 {
		rec := postArticle(srv, "full")
		if i == 0 {
			b := errorOf(t, rec)
			if rec.Code != http.StatusInsufficientStorage || rec.Header().Get("Retry-After") != "5" ||
				b.Error.Code != "insufficient_storage" || b.Error.Message != full.Message {
				t.Errorf("write on a full disk: %d, Retry-After %q, %s", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
			}
		}
		now = now.Add(time.Millisecond) // 1000 writes a second, for a second
	}
	now = now.Add(5 * time.Second)
	postArticle(srv, "full")
	var warnings []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		json.Unmarshal([]byte(line), &m)
		if m["message"] != "request" {
			warnings = append(warnings, m)
		}
	}
	if len(warnings) != 2 || warnings[0]["level"] != "warn" || warnings[1]["held_back"] != float64(999) || warnings[0]["stack"] != nil {
		t.Errorf("1001 writes on a full disk over 6 s logged %d lines besides the access log, want 2 warnings (the second holding back 999):\n%v", len(warnings), warnings)
	}
}

func TestLogLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLogLimiter(func() time.Time { return now })
	tests := []struct {
		at   time.Duration
		code string
		ok   bool
		held int
	}{
		{0, "a", true, 0},
		{10 * time.Millisecond, "a", false, 0},
		{20 * time.Millisecond, "b", true, 0}, // codes are limited apart
		{30 * time.Millisecond, "a", false, 0},
		{time.Second, "a", true, 2},
		{time.Second, "a", false, 0},
	}
	for _, tt := range tests {
		now = time.Unix(0, 0).Add(tt.at)
		if ok, held := l.allow(tt.code, time.Second); ok != tt.ok || held != tt.held {
			t.Errorf("at %v %s: %v %d, want %v %d", tt.at, tt.code, ok, held, tt.ok, tt.held)
		}
	}
}
