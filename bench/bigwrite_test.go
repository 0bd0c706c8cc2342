package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBigWrites measures what one big POST /api/articles costs the real
// server: it builds cmd/newsfind, starts `newsfind serve` on a fresh data
// directory, sends each body to the idle server and reads the server's
// peak resident set (VmHWM of /proc/PID/status, reset before each body).
// Every body must be answered within the server's write timeout (60 s)
// with all of it stored (200, every article listed) or none (413 naming
// the limit), and cost at most 1 GiB over the RSS before it.
//
//	go test ./bench -run TestBigWrites -v
//
// The figures are in docs/benchmarks.md ("Big write requests").
func TestBigWrites(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the server, and sends ~100 MB: not with -short")
	}
	srv := startServer(t)
	for _, c := range []struct {
		name  string
		body  []byte
		n     int
		limit string // "": all stored; else refused whole, naming this limit
	}{
		{"32 MB, 332k tiny articles", tinyArticles("t32", 332_000), 332_000, "max_articles_per_request"},
		{"10 MB, 100k tiny articles", tinyArticles("t10", 100_000), 100_000, "max_articles_per_request"},
		{"1 MB, 10k tiny articles (the cap)", tinyArticles("tcap", 10_000), 10_000, ""},
		{"5 MB, 10k articles of 500 B", newsArticles("n5", 10_000, 400), 10_000, ""},
		{"10 MB, 10k articles of 1 KB", newsArticles("n10", 10_000, 900), 10_000, "max_paragraphs_per_request"},
		{"32 MB, 10k articles of 3 KB", newsArticles("n32", 10_000, 3000), 10_000, "max_paragraphs_per_request"},
	} {
		if len(c.body) >= 32<<20 {
			t.Fatalf("%s: the body is %d bytes, over max_body_bytes", c.name, len(c.body))
		}
		srv.resetPeak(t)
		base := srv.status(t, "VmRSS")
		start := time.Now()
		code, ans := srv.post(t, c.body)
		took := time.Since(start)
		growth := srv.status(t, "VmHWM") - base
		t.Logf("%-42s %5.1f MB body: %d in %5.1fs, peak RSS +%4d MB (from %d MB)",
			c.name, float64(len(c.body))/(1<<20), code, took.Seconds(), growth>>20, base>>20)
		if took > 60*time.Second {
			t.Errorf("%s: answered after %v, past the write timeout", c.name, took)
		}
		if growth > 1<<30 {
			t.Errorf("%s: peak RSS grew %d MB", c.name, growth>>20)
		}
		if c.limit == "" {
			if code != 200 || ans.Created != c.n || len(ans.Results) != c.n {
				t.Errorf("%s: %d, created %d of %d, %d listed; error %+v", c.name, code, ans.Created, c.n, len(ans.Results), ans.Error)
			}
		} else if code != 413 || ans.Error.Limit != c.limit || len(ans.Results) != 0 {
			t.Errorf("%s: %d %+v, want 413 naming %s", c.name, code, ans.Error, c.limit)
		}
	}
}

// tinyArticles is n articles of about 100 bytes each, as a JSON array:
// 332,000 of them are just under max_body_bytes, as in issue 22.
func tinyArticles(prefix string, n int) []byte {
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"%s-%07d","source":"s","body":"tiny item %07d on barley and wheat trade, Rotterdam"}`, prefix, i, i)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// newsArticles is n articles whose bodies are about size bytes of
// paragraphs of news-like prose.
func newsArticles(prefix string, n, size int) []byte {
	para := "Wheat and barley exports from the Black Sea ports rose in March as traders in Rotterdam and Chicago bid up prices after the drought in Argentina. "
	var b bytes.Buffer
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		var body strings.Builder
		for p := 0; body.Len() < size; p++ {
			fmt.Fprintf(&body, "Paragraph %d of item %d. %s%s\n\n", p, i, para, para[:(i*7+p*13)%len(para)])
		}
		art, _ := json.Marshal(map[string]string{"id": fmt.Sprintf("%s-%06d", prefix, i), "title": fmt.Sprintf("Grain item %d", i),
			"source": fmt.Sprintf("Wire %d", i%40), "published": "2024-03-01", "body": body.String()})
		b.Write(art)
	}
	b.WriteByte(']')
	return b.Bytes()
}

type server struct {
	url, token string
	pid        int
}

// startServer builds the binary and starts it on a free port with a fresh
// data directory, stopping it when the test ends.
func startServer(t *testing.T) *server {
	t.Helper()
	dir := t.TempDir()
	return serveData(t, buildBinary(t, dir), filepath.Join(dir, "data"))
}

// buildBinary builds cmd/newsfind into dir.
func buildBinary(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "newsfind")
	build := exec.Command("go", "build", "-o", bin, "../cmd/newsfind")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serveData starts bin serving the data directory data.
func serveData(t *testing.T, bin, data string) *server {
	t.Helper()
	const token = "bigwrite-token-0123456789"
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", data, "--token", token)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := bufio.NewScanner(stdout)
	url := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if rest, ok := strings.CutPrefix(lines.Text(), "newsfind: serving "); ok {
				url <- strings.Fields(rest)[0]
			}
		}
	}()
	select {
	case u := <-url:
		return &server{url: u, token: token, pid: cmd.Process.Pid}
	case <-time.After(60 * time.Second):
		t.Fatal("the server did not start in 60 s")
	}
	return nil
}

type answer struct {
	Results []json.RawMessage `json:"results"`
	Created int               `json:"created"`
	Error   struct{ Code, Message, Limit string }
}

func (s *server) post(t *testing.T, body []byte) (int, answer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.url+"/api/articles", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer resp.Body.Close()
	var a answer
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("%d: %.200s", resp.StatusCode, raw)
	}
	return resp.StatusCode, a
}

// status reads a field of the server's /proc/PID/status, in bytes.
func (s *server) status(t *testing.T, field string) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.pid))
	if err != nil {
		t.Skipf("no /proc to read the server's memory from: %v", err)
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			n, _ := strconv.ParseInt(f[0], 10, 64)
			return n << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, s.pid)
	return 0
}

// resetPeak resets the server's VmHWM to its RSS now, after a pause for
// the previous request's garbage to be collected.
func (s *server) resetPeak(t *testing.T) {
	t.Helper()
	time.Sleep(2 * time.Second)
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.pid), []byte("5"), 0); err != nil {
		t.Skipf("cannot reset the server's peak RSS: %v", err)
	}
}
