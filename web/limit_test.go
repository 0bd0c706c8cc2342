package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
)

// stallSearcher blocks searches until released, or panics: faults that
// the real engine cannot be made to produce on demand.
type stallSearcher struct {
	newsfind.Searcher
	entered, release chan struct{}
	panics           bool
}

func (s *stallSearcher) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	if s.panics {
		panic("boom")
	}
	s.entered <- struct{}{}
	<-s.release
	return &newsfind.Result{Hits: []newsfind.Hit{}}, nil
}

func TestBusyAndPanic(t *testing.T) {
	stall := &stallSearcher{entered: make(chan struct{}), release: make(chan struct{})}
	srv, err := NewServer(Options{Searcher: stall, Logger: zerolog.Nop(), MaxSearches: 1, SearchQueueWait: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan int)
	go func() {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=a", nil))
		done <- rec.Code
	}()
	<-stall.entered
	rec := httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=b", nil))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" {
		t.Errorf("second search while full: %d, Retry-After %q", rec.Code, rec.Header().Get("Retry-After"))
	}
	close(stall.release)
	if code := <-done; code != http.StatusOK {
		t.Errorf("first search: %d", code)
	}

	stall.panics = true
	rec = httptest.NewRecorder()
	srv.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=c", nil))
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 500 || body.Error.Code != newsfind.EINTERNAL || body.Error.Message != "internal error" {
		t.Errorf("panic: %d %s", rec.Code, rec.Body)
	}
}

func TestMetricsAndReady(t *testing.T) {
	notReady := true
	srv, err := NewServer(Options{
		Searcher: &stallSearcher{panics: true}, Logger: zerolog.Nop(),
		Ready: func() error {
			if notReady {
				return context.DeadlineExceeded
			}
			return nil
		},
		Metrics: []Metric{
			{Name: "newsfind_articles", Help: "h", Value: func() float64 { return 3 }},
			{Name: "newsfind_ingested_articles_total", Help: "h", Counter: true, Labels: map[string]string{"result": "created"}, Value: func() float64 { return 5 }},
			{Name: "newsfind_ingested_articles_total", Help: "h", Counter: true, Labels: map[string]string{"result": "refused"}, Value: func() float64 { return 1 }},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		return rec
	}
	if rec := get("/readyz"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/readyz while not ready: %d", rec.Code)
	}
	if rec := get("/healthz"); rec.Code != http.StatusOK {
		t.Errorf("/healthz: %d", rec.Code)
	}
	notReady = false
	if rec := get("/readyz"); rec.Code != http.StatusOK {
		t.Errorf("/readyz when ready: %d", rec.Code)
	}
	get("/api/search?q=(")
	body := get("/metrics").Body.String()
	for _, want := range []string{
		`newsfind_http_requests_total{method="GET",route="/api/search",status="500"} 1`,
		`newsfind_articles 3`,
		`newsfind_ingested_articles_total{result="created"} 5`,
		`newsfind_ingested_articles_total{result="refused"} 1`,
		`newsfind_searches_total{result="internal"} 1`,
		`newsfind_http_request_duration_seconds_bucket{route="/readyz"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s\n%s", want, body)
		}
	}
}
