package arrive_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/arrive"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
)

func openEngine(t *testing.T) *engine.Engine {
	t.Helper()
	return enginetest.Open(t)
}

func count(t *testing.T, e *engine.Engine, q string) int {
	t.Helper()
	r, err := e.Searcher().Search(context.Background(), newsfind.Query{Text: q})
	if err != nil {
		t.Fatal(err)
	}
	return r.TotalArticles
}

// feedServer serves the sample feeds with ETag / Last-Modified and answers
// 304 to a matching conditional GET. Its content can be swapped to simulate
// a feed that changes or breaks.
type feedServer struct {
	mu      sync.Mutex
	body    map[string][]byte
	etag    map[string]string
	gets    atomic.Int64
	answers []int
}

func (s *feedServer) set(path string, body []byte, etag string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.body[path], s.etag[path] = body, etag
}

func (s *feedServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.gets.Add(1)
	s.mu.Lock()
	body, ok := s.body[r.URL.Path]
	etag := s.etag[r.URL.Path]
	s.mu.Unlock()
	code := http.StatusOK
	defer func() {
		s.mu.Lock()
		s.answers = append(s.answers, code)
		s.mu.Unlock()
	}()
	if !ok {
		code = http.StatusNotFound
		http.NotFound(w, r)
		return
	}
	if etag != "" && r.Header.Get("If-None-Match") == etag {
		code = http.StatusNotModified
		w.WriteHeader(code)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", "Wed, 31 Jan 2018 10:00:00 GMT")
	w.Header().Set("Content-Type", "application/rss+xml")
	w.Write(body)
}

func TestPollFeeds(t *testing.T) {
	guardian, err := os.ReadFile(corpus.Path(t, "feeds/rss2_guardian.rss"))
	if err != nil {
		t.Fatal(err)
	}
	heise, err := os.ReadFile(corpus.Path(t, "feeds/atom_heise.atom"))
	if err != nil {
		t.Fatal(err)
	}
	fs := &feedServer{body: map[string][]byte{}, etag: map[string]string{}}
	fs.set("/guardian.rss", guardian, `"g1"`)
	fs.set("/heise.atom", heise, `"h1"`)
	ts := httptest.NewServer(fs)
	defer ts.Close()

	e := openEngine(t)
	p := arrive.NewPoller(arrive.PollerOptions{URLs: []string{ts.URL + "/guardian.rss", ts.URL + "/heise.atom", ts.URL + "/missing.rss"},
		Writer: e, Timeout: 5 * time.Second, Logger: zerolog.Nop()})
	res := p.PollOnce(context.Background())
	if res[0].Err != nil || res[0].Created != 55 || res[1].Err != nil || res[1].Created != 15 {
		t.Fatalf("first poll: %+v", res)
	}
	if res[2].Err == nil || !strings.Contains(res[2].Err.Error(), "404") {
		t.Errorf("missing feed: %v", res[2].Err)
	}
	if n := count(t, e, "State of the Union"); n == 0 {
		t.Error("guardian items not searchable")
	}
	stored := count(t, e, "")

	// Unchanged: a conditional GET, answered 304; nothing written.
	res = p.PollOnce(context.Background())
	if !res[0].NotModified || !res[1].NotModified || res[0].Created+res[0].Unchanged != 0 {
		t.Errorf("second poll: %+v", res)
	}
	st := p.Status()
	if st[0].ETag != `"g1"` || st[0].LastModified == "" || st[0].Created != 55 || st[2].LastError == "" {
		t.Errorf("status: %+v", st)
	}

	// Malformed: a clear error, nothing stored changes, and the validators
	// stay, so the next poll fetches again.
	fs.set("/guardian.rss", guardian[:len(guardian)/2], `"g2"`)
	res = p.PollOnce(context.Background())
	if res[0].Err == nil || !strings.Contains(res[0].Err.Error(), "not a readable RSS or Atom feed") {
		t.Errorf("malformed: %v", res[0].Err)
	}
	if n := count(t, e, ""); n != stored {
		t.Errorf("malformed feed changed the store: %d, was %d", n, stored)
	}
	if st := p.Status(); st[0].ETag != `"g1"` || st[0].LastError == "" {
		t.Errorf("validators after a failed poll: %+v", st[0])
	}

	// Fixed, with one new item: nothing lost, the old items unchanged.
	fixed := strings.Replace(string(guardian), "<item>", `<item><title>Zeolite mine opens</title><link>https://www.theguardian.com/zeolite</link><description>A zeolite mine opened in Chile.</description></item><item>`, 1)
	fs.set("/guardian.rss", []byte(fixed), `"g3"`)
	res = p.PollOnce(context.Background())
	if res[0].Err != nil || res[0].Created != 1 || res[0].Unchanged != 55 {
		t.Errorf("after the fix: %+v", res[0])
	}
	if count(t, e, "zeolite") != 1 || count(t, e, "") != stored+1 {
		t.Errorf("new item not stored")
	}
}

func TestFetchLimits(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-time.After(2 * time.Second):
			case <-r.Context().Done():
			}
		}
		w.Write([]byte(strings.Repeat("x", 2048)))
	}))
	defer ts.Close()
	if _, err := arrive.Fetch(context.Background(), ts.Client(), ts.URL+"/big", "", "", 1024); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("over the cap: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if _, err := arrive.Fetch(ctx, ts.Client(), ts.URL+"/slow", "", "", 1<<20); err == nil {
		t.Error("slow server: no timeout")
	}
}

func TestWatchFolder(t *testing.T) {
	e := openEngine(t)
	dir := t.TempDir()
	w, err := arrive.NewWatcher(arrive.WatcherOptions{Dir: dir, Writer: e, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("good.md", "---\ntitle: Boron find\nurl: https://x.example/boron\nsource: X\n---\nTurkey reported a large boron find.\n")
	write("mixed.json", `[{"id":"ok-1","body":"Bolivia lithium brine output rose."},{"id":"bad","body":""}]`)
	write("bad.json", `{"id":`)
	write(".partial.json", `{"id":"p","body":"not finished"}`)
	scan := func() int {
		n, err := w.Scan(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The first scan only notes the files: one still being written must
	// not be read half-way.
	if n := scan(); n != 0 {
		t.Errorf("first scan moved %d files", n)
	}
	if n := scan(); n != 3 {
		t.Errorf("second scan moved %d files, want 3", n)
	}
	if count(t, e, "boron") != 1 || count(t, e, "lithium brine") != 1 {
		t.Error("dropped articles not searchable")
	}
	for _, p := range []string{"done/good.md", "failed/mixed.json", "failed/mixed.json.error", "failed/bad.json", "failed/bad.json.error", ".partial.json"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	msg, _ := os.ReadFile(filepath.Join(dir, "failed/mixed.json.error"))
	if !strings.Contains(string(msg), "item 1: body is missing") || !strings.Contains(string(msg), "the other 1 articles of the file were stored") {
		t.Errorf("mixed.json.error: %q", msg)
	}
	msg, _ = os.ReadFile(filepath.Join(dir, "failed/bad.json.error"))
	if !strings.Contains(string(msg), "invalid JSON") {
		t.Errorf("bad.json.error: %q", msg)
	}
	// Run: a file dropped while it runs is searchable within a second.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go w.Run(ctx)
	start := time.Now()
	write("late.md", "---\ntitle: Late\nurl: https://x.example/late\nsource: X\n---\nMongolia tungsten exports doubled.\n")
	for count(t, e, "tungsten Mongolia") == 0 {
		if time.Since(start) > 5*time.Second {
			t.Fatal("dropped file not searchable after 5 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("dropped file searchable after %v", time.Since(start).Round(time.Millisecond))
}

// TestFeedCredentialsStayPrivate polls a feed through a URL with a user
// name and password: the password must not reach a stored article's URL
// (items link relative to the feed), the feed status, or an error.
func TestFeedCredentialsStayPrivate(t *testing.T) {
	const password = "s3cret-feed-pw"
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pass, ok := r.BasicAuth(); !ok || pass != password {
			http.Error(w, "who are you", http.StatusUnauthorized)
			return
		}
		if r.URL.Path == "/broken.rss" {
			w.Write([]byte("not a feed at all"))
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Gallium curbs</title><link>/story/1</link><description>China curbed gallium exports.</description></item>
</channel></rss>`))
	}))
	defer ts.Close()
	e := openEngine(t)
	withPassword := strings.Replace(ts.URL, "http://", "http://reader:"+password+"@", 1)
	p := arrive.NewPoller(arrive.PollerOptions{URLs: []string{withPassword + "/feed.rss", withPassword + "/broken.rss"}, Writer: e, Logger: zerolog.Nop()})
	res := p.PollOnce(context.Background())
	if res[0].Err != nil || res[0].Created != 1 {
		t.Fatalf("poll: %+v", res[0])
	}
	r, err := e.Searcher().Search(context.Background(), newsfind.Query{Text: "gallium"})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("search: %v %+v", err, r)
	}
	if got, want := r.Hits[0].URL, ts.URL+"/story/1"; got != want {
		t.Errorf("stored URL %q, want %q", got, want)
	}
	if res[1].Err == nil {
		t.Errorf("the broken feed polled fine")
	}
	seen := fmt.Sprintf("%+v %+v %v", p.Status(), res, res[1].Err)
	if strings.Contains(seen, password) {
		t.Errorf("the password shows in the status or an error: %s", seen)
	}
}
