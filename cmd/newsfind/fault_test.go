package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// The fault tests damage a real data directory, or fill its disk, under
// the real binary, and check what a user would: the server never says
// ready while an article is unsearchable, and it heals by itself.
// Run them with `go test ./cmd/newsfind -run Fault`.

const faultToken = "fault-test-token"

// faultServer is a running server whose log lines are kept with the time
// each arrived.
type faultServer struct {
	*server
	mu    sync.Mutex
	lines []logLine
}

type logLine struct {
	at   time.Time
	text string
}

func startFaultServer(t *testing.T, data string, extra ...string) *faultServer {
	t.Helper()
	args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--token", faultToken, "--log", "json"}, extra...)
	cmd := exec.Command(newsfindBinary(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fs := &faultServer{server: &server{cmd: cmd}}
	go func() {
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			fs.mu.Lock()
			fs.lines = append(fs.lines, logLine{time.Now(), sc.Text()})
			fs.mu.Unlock()
		}
	}()
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "newsfind: serving "); ok {
				urls <- strings.Fields(u)[0]
			}
		}
	}()
	select {
	case fs.url = <-urls:
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("server did not start in 60 s; log:\n%s", fs.log())
	}
	t.Cleanup(func() { fs.stop() })
	return fs
}

func (s *faultServer) stop() {
	if s.cmd.ProcessState == nil {
		s.cmd.Process.Signal(syscall.SIGTERM)
		s.cmd.Wait()
	}
}

func (s *faultServer) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	for _, l := range s.lines {
		b.WriteString(l.text + "\n")
	}
	return b.String()
}

// maxLinesPerSecond is the most log lines of any one second since from,
// not counting the access log's line per request.
func (s *faultServer) maxLinesPerSecond(from time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	per := map[int64]int{}
	most := 0
	for _, l := range s.lines {
		if l.at.Before(from) || strings.Contains(l.text, `"message":"request"`) {
			continue
		}
		k := l.at.Unix()
		per[k]++
		most = max(most, per[k])
	}
	return most
}

func (s *faultServer) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(s.url + path)
	if err != nil {
		t.Fatalf("GET %s: %v\nlog:\n%s", path, err, s.log())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func (s *faultServer) post(t *testing.T, body []byte) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", s.url+"/api/articles", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+faultToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST: %v\nlog:\n%s", err, s.log())
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// searchable counts the articles a search for the marker word finds; ok is
// false when the search was refused (503 while the index is rebuilt).
func (s *faultServer) searchable(t *testing.T) (n int, ok bool) {
	t.Helper()
	code, body := s.get(t, "/api/search?q=zebulonfault&size=1")
	if code != http.StatusOK {
		return 0, false
	}
	var r struct {
		Total int `json:"total_articles"`
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("search answer: %v: %s", err, body)
	}
	return r.Total, true
}

// faultBatch is n articles numbered from first, each with the marker word.
func faultBatch(first, n int) []byte {
	type art struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		Body  string `json:"body"`
	}
	arts := make([]art, n)
	for i := range arts {
		k := first + i
		arts[i] = art{ID: fmt.Sprintf("fault-%06d", k), Title: fmt.Sprintf("Copper report %d", k),
			Body: fmt.Sprintf("Zebulonfault copper output rose %d tonnes in Chile.\n\nThe mine at site %d reported a strike by workers; prices for cobalt and lithium moved.\n\nAnalysts in Santiago expect exports to recover by %d.", k, k, 1990+k%30)}
	}
	b, _ := json.Marshal(arts)
	return b
}

// waitReady polls /readyz until 200, checking on the way that no search
// answers with fewer than want articles and that every 503 says why. It
// returns what the 503s said.
func (s *faultServer) waitReady(t *testing.T, want int, within time.Duration) []string {
	t.Helper()
	var reasons []string
	deadline := time.Now().Add(within)
	for {
		code, body := s.get(t, "/readyz")
		n, ok := s.searchable(t)
		if ok && n != want {
			t.Fatalf("a search found %d of %d articles (readyz %d: %s)", n, want, code, body)
		}
		if code == http.StatusOK {
			if !ok {
				t.Fatalf("/readyz is 200 but a search is refused")
			}
			return reasons
		}
		if code != http.StatusServiceUnavailable || !strings.Contains(body, "not ready") {
			t.Fatalf("/readyz: %d %s", code, body)
		}
		if len(reasons) == 0 || reasons[len(reasons)-1] != body {
			reasons = append(reasons, body)
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready after %s: %s\nlog:\n%s", within, body, s.log())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// faultCorpus builds a data directory holding the seeds and n articles in
// several segments, once per test run; each case works on a copy.
var faultCorpus struct {
	once sync.Once
	dir  string
	n    int
}

func copyFaultCorpus(t *testing.T) (dir string, want int) {
	t.Helper()
	faultCorpus.once.Do(func() {
		d, err := os.MkdirTemp("", "newsfind-fault-")
		if err != nil {
			t.Fatal(err)
		}
		s := startFaultServer(t, d)
		for i := 0; i < 2000; i += 100 {
			if resp, body := s.post(t, faultBatch(i, 100)); resp.StatusCode != 200 {
				t.Fatalf("POST: %d %s", resp.StatusCode, body)
			}
		}
		s.stop()
		faultCorpus.dir, faultCorpus.n = d, 2000
	})
	dst := filepath.Join(t.TempDir(), "data")
	if out, err := exec.Command("cp", "-a", faultCorpus.dir, dst).CombinedOutput(); err != nil {
		t.Fatalf("cp: %v %s", err, out)
	}
	return dst, faultCorpus.n
}

func indexDir(t *testing.T, data string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(data, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(data, strings.TrimSpace(string(b)))
}

// newestSegment is the index's newest .zap file.
func newestSegment(t *testing.T, data string) string {
	t.Helper()
	zaps, _ := filepath.Glob(filepath.Join(indexDir(t, data), "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatal("no segment files")
	}
	sort.Strings(zaps) // named by epoch in hex, zero-padded
	return zaps[len(zaps)-1]
}

// TestFaultDamagedIndex damages the index of a stopped server in each way
// an operator or a disk could, restarts it, and requires that /readyz is
// never 200 while a search finds fewer than all articles, and that the
// server heals by itself.
func TestFaultDamagedIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	cases := []struct {
		name   string
		damage func(t *testing.T, data string)
	}{
		{"deleted index folder", func(t *testing.T, data string) {
			os.RemoveAll(indexDir(t, data))
		}},
		{"truncated segment", func(t *testing.T, data string) {
			seg := newestSegment(t, data)
			st, _ := os.Stat(seg)
			if err := os.Truncate(seg, st.Size()/2); err != nil {
				t.Fatal(err)
			}
		}},
		{"missing segment", func(t *testing.T, data string) {
			os.Remove(newestSegment(t, data))
		}},
		{"garbage root.bolt", func(t *testing.T, data string) {
			f, err := os.OpenFile(filepath.Join(indexDir(t, data), "store", "root.bolt"), os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteAt(bytes.Repeat([]byte("garbage!"), 4096), 0) // both of bbolt's meta pages
			f.Close()
		}},
		{"missing index_meta.json", func(t *testing.T, data string) {
			os.Remove(filepath.Join(indexDir(t, data), "index_meta.json"))
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, n := copyFaultCorpus(t)
			c.damage(t, data)
			orphan := filepath.Join(data, "index-19990101T000000000000000")
			os.MkdirAll(orphan, 0o755)
			s := startFaultServer(t, data)
			reasons := s.waitReady(t, n, 3*time.Minute)
			if len(reasons) == 0 {
				t.Errorf("/readyz was never 503 after the damage")
			} else if !strings.Contains(reasons[0], "rebuilt from the store") {
				t.Errorf("/readyz does not say why: %s", reasons[0])
			}
			if _, err := os.Stat(orphan); err == nil {
				t.Errorf("the orphan index folder is still there")
			}
			for _, l := range strings.Split(s.log(), "\n") {
				if l != "" && !strings.HasPrefix(l, "{") {
					t.Errorf("a log line is not JSON: %q", l)
				}
			}
			// A write after healing is searchable at once.
			if resp, body := s.post(t, faultBatch(n, 1)); resp.StatusCode != 200 {
				t.Fatalf("POST after healing: %d %s", resp.StatusCode, body)
			}
			if got, _ := s.searchable(t); got != n+1 {
				t.Errorf("after one more article: %d searchable, want %d", got, n+1)
			}
		})
	}
}

// TestFaultReindexDamaged: `newsfind reindex --data` rebuilds a damaged
// index without a server, and the server then starts ready and whole.
func TestFaultReindexDamaged(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	data, n := copyFaultCorpus(t)
	os.Remove(filepath.Join(indexDir(t, data), "index_meta.json"))
	code, out, errOut := runCLI(t, "reindex", "--data", data)
	if code != 0 {
		t.Fatalf("reindex on a damaged index: exit %d\n%s\n%s", code, out, errOut)
	}
	s := startFaultServer(t, data)
	if reasons := s.waitReady(t, n, 30*time.Second); len(reasons) > 0 {
		t.Errorf("not ready at once after the offline rebuild: %v", reasons)
	}
}

// mountTmpfs mounts a tmpfs of size bytes at dir, or skips: it needs root
// (or CAP_SYS_ADMIN), which a developer's machine may not give a test.
func mountTmpfs(t *testing.T, dir string, size int64) {
	t.Helper()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d", size), "tmpfs", dir).CombinedOutput(); err != nil {
		skipOrFail(t, "cannot mount a tmpfs to fill (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
}

// TestFaultDiskFull fills the disk under a running server while a client
// keeps writing, then frees it: writes are answered 507 with Retry-After
// (never an opaque 500), the log stays quiet, /readyz is red while full and
// green by itself once space is back, and no article acknowledged or
// retried until acknowledged is lost or unsearchable.
func TestFaultDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	disk := filepath.Join(t.TempDir(), "disk")
	os.MkdirAll(disk, 0o755)
	mountTmpfs(t, disk, 64<<20)
	data := filepath.Join(disk, "data")
	s := startFaultServer(t, data)
	s.waitReady(t, 0, 30*time.Second)

	// Leave about 3 MB free.
	var st syscall.Statfs_t
	if err := syscall.Statfs(disk, &st); err != nil {
		t.Fatal(err)
	}
	ballast := filepath.Join(disk, "ballast")
	if err := os.WriteFile(ballast, make([]byte, int64(st.Bavail)*st.Bsize-3<<20), 0o644); err != nil {
		t.Fatal(err)
	}

	next, acked := 0, 0
	var refused [][2]int // batches answered 507, to send again
	var fullSince time.Time
	sawRed := false
	for deadline := time.Now().Add(60 * time.Second); ; {
		if time.Now().After(deadline) {
			t.Fatalf("the disk never filled: %d articles acknowledged", acked)
		}
		resp, body := s.post(t, faultBatch(next, 50))
		switch resp.StatusCode {
		case http.StatusOK:
			acked += 50
		case http.StatusInsufficientStorage:
			if resp.Header.Get("Retry-After") == "" || !strings.Contains(body, `"insufficient_storage"`) || !strings.Contains(body, "disk is full") {
				t.Fatalf("507 without Retry-After or a clear error: %v %s", resp.Header, body)
			}
			refused = append(refused, [2]int{next, 50})
			if fullSince.IsZero() {
				fullSince = time.Now()
			}
		default:
			t.Fatalf("a write while the disk fills: %d %s", resp.StatusCode, body)
		}
		next += 50
		if !fullSince.IsZero() {
			if code, _ := s.get(t, "/readyz"); code == http.StatusServiceUnavailable {
				sawRed = true
			}
			if time.Since(fullSince) > 3*time.Second {
				break
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !sawRed {
		t.Errorf("/readyz stayed 200 while the disk was full")
	}
	if n := s.maxLinesPerSecond(fullSince); n >= 10 {
		t.Errorf("%d log lines in one second while the disk was full", n)
	}

	os.Remove(ballast)
	for _, b := range refused {
		for try := 0; ; try++ {
			resp, body := s.post(t, faultBatch(b[0], b[1]))
			if resp.StatusCode == http.StatusOK {
				acked += b[1]
				break
			}
			if try == 100 {
				t.Fatalf("a write after space was freed: %d %s", resp.StatusCode, body)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	s.waitReady(t, acked, 30*time.Second)
	if got, _ := s.searchable(t); got != acked {
		t.Errorf("%d of %d acknowledged articles searchable", got, acked)
	}
	t.Logf("%d articles acknowledged, %d batches refused while full; at most %d log lines/s while full",
		acked, len(refused), s.maxLinesPerSecond(fullSince))
}

// TestFaultManyLines: an article of 100,000 short lines (each looks like a
// heading) is refused at once (it was one passage, split again in 21 s of
// CPU on every read); one at the paragraph cap is split in linear time and
// read in bounded time (API and page).
func TestFaultManyLines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	s := startFaultServer(t, t.TempDir())
	lines := func(n int) []byte {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "Zebulonfault line %d\n", i)
		}
		body, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("lines-%d", n), "title": "Many lines", "body": b.String()})
		return body
	}
	start := time.Now()
	resp, body := s.post(t, lines(100000))
	if took := time.Since(start); resp.StatusCode != http.StatusRequestEntityTooLarge && resp.StatusCode != http.StatusBadRequest || took > time.Second {
		t.Fatalf("100,000 lines: %d in %v: %s", resp.StatusCode, took, body)
	}
	if !strings.Contains(body, "max_paragraphs") && !strings.Contains(body, "max_article_body_bytes") {
		t.Errorf("100,000 lines: the refusal does not name the limit: %.600s", body)
	}
	start = time.Now()
	if resp, body := s.post(t, lines(20000)); resp.StatusCode != http.StatusOK {
		t.Fatalf("20,000 lines: %d %s", resp.StatusCode, body)
	}
	// Linear, so well under a second on a quiet machine; the bound leaves
	// room for a CI machine running other packages' tests at once.
	took := time.Since(start)
	if took > 5*time.Second {
		t.Errorf("20,000 lines took %v to ingest", took)
	}
	t.Logf("20,000 lines ingested in %v", took.Round(time.Millisecond))
	for _, path := range []string{"/api/articles/lines-20000", "/articles/lines-20000", "/api/search?q=zebulonfault", "/articles/lines-20000?q=zebulonfault"} {
		for i := range 3 { // the first read splits; later ones may be cached
			start := time.Now()
			code, body := s.get(t, path)
			took := time.Since(start)
			if code != http.StatusOK {
				t.Fatalf("GET %s: %d %.200s", path, code, body)
			}
			// Bounded, not instant: the article has the most paragraphs
			// allowed, about 500 passages to show and mark.
			if took > 3*time.Second {
				t.Errorf("GET %s (read %d) took %v", path, i+1, took)
			}
			t.Logf("GET %s (read %d): %v, %d bytes", path, i+1, took.Round(time.Millisecond), len(body))
			if len(body) > 8<<20 {
				t.Errorf("GET %s: %d bytes", path, len(body))
			}
		}
	}
}

// TestFaultHostileInputs sends the real server what issue 10 found it
// unbounded against: a feed of a million empty items with dates of year 0
// and 9999 among real ones, a 10 MB title, a year-9999 article, a 70 KB URL,
// a token in the query string, a 5,000-byte id. Each is refused or cut to
// size, clearly, and nothing costs more than its bound.
func TestFaultHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	var feed strings.Builder
	feed.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title><link>http://example.com/</link>`)
	for i, date := range []string{"Fri, 31 Dec 9999 00:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Tue, 03 Mar 1987 10:00:00 GMT"} {
		fmt.Fprintf(&feed, `<item><title>Zebulonfault item %d</title><link>http://example.com/%d</link><pubDate>%s</pubDate><description>Zebulonfault copper output rose in Chile.</description></item>`, i, i, date)
	}
	for range 1000000 {
		feed.WriteString("<item></item>")
	}
	feed.WriteString("</channel></rss>")
	body := feed.String()
	fs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		io.WriteString(w, body)
	}))
	defer fs.Close()

	s := startFaultServer(t, t.TempDir(), "--feed", fs.URL+"/feed.xml", "--every", "1h")
	deadline := time.Now().Add(60 * time.Second)
	for {
		_, st := s.get(t, "/api/feeds")
		if strings.Contains(st, `"last_poll"`) && !strings.Contains(st, `"last_poll": null`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed was not polled in 60 s: %s", st)
		}
		time.Sleep(100 * time.Millisecond)
	}
	hwm := vmHWM(t, s.cmd.Process.Pid)
	if hwm > 300<<20 {
		t.Errorf("peak RSS %d MB after polling a million-item feed", hwm>>20)
	}
	// The poll's state is public a moment before its log line is written.
	polled := 0
	for wait := time.Now().Add(5 * time.Second); polled == 0 && time.Now().Before(wait); time.Sleep(50 * time.Millisecond) {
		polled = 0
		for _, l := range strings.Split(s.log(), "\n") {
			if strings.Contains(l, "feed polled") {
				polled++
			}
		}
	}
	if n := len(strings.Split(s.log(), "\n")); polled != 1 || n > 50 {
		t.Errorf("%d 'feed polled' lines and %d log lines for one poll", polled, n)
	}
	t.Logf("a %d MB feed of a million items: peak RSS %d MB, %d log lines", len(body)>>20, hwm>>20, len(strings.Split(s.log(), "\n")))
	// Three items stored; the out-of-window dates kept undated, saying why.
	code, res := s.get(t, "/api/search?q=zebulonfault")
	if code != 200 || !strings.Contains(res, `"total_articles": 3`) || !strings.Contains(res, "outside") {
		t.Errorf("the feed's items: %d %.500s", code, res)
	}
	if len(res) > 64<<10 {
		t.Errorf("a search over the feed's items is %d bytes", len(res))
	}

	post := func(art map[string]string) (int, string) {
		b, _ := json.Marshal([]map[string]string{art})
		resp, body := s.post(t, b)
		return resp.StatusCode, body
	}
	if code, body := post(map[string]string{"id": "year-9999", "title": "T", "body": "Text.", "published": "9999-12-31"}); code != 400 || !strings.Contains(body, "outside") {
		t.Errorf("a year-9999 article: %d %.300s", code, body)
	}
	start := time.Now()
	if code, body := post(map[string]string{"id": "big-title", "title": strings.Repeat("T", 10<<20), "body": "Text."}); code != 400 || !strings.Contains(body, "max_title_bytes") || len(body) > 4096 {
		t.Errorf("a 10 MB title: %d %.300s (%d bytes)", code, body, len(body))
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("refusing a 10 MB title took %v", took)
	}

	for _, c := range []struct {
		path, want string
		code       int
	}{
		{"/api/search?q=" + strings.Repeat("a", 70<<10), "max_url_bytes", 414},
		{"/api/search?q=oil&token=sekrit-4711", "Authorization", 400},
		{"/api/articles/" + strings.Repeat("y", 5000), "no article", 404},
	} {
		resp, err := http.Get(s.url + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code || !strings.Contains(string(b), c.want) || len(b) > 1024 || !json.Valid(b) {
			t.Errorf("GET %.40s…: %d %.200s (%d bytes)", c.path, resp.StatusCode, b, len(b))
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %.40s…: no nosniff", c.path)
		}
	}
	if strings.Contains(s.log(), "sekrit-4711") {
		t.Errorf("the token from the query string is in the log")
	}
}
