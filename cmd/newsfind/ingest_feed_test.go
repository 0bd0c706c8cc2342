package main

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/arrive"
)

// TestIngestFeedFetchFailures: `newsfind ingest URL` says why a URL could
// not be fetched (it said "internal error"), goes on with the other
// inputs, and exits 1.
func TestIngestFeedFetchFailures(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed.rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Antimony curbs</title><link>https://x.example/antimony</link><description>China curbed antimony exports.</description></item>
</channel></rss>`))
		case "/busy.rss":
			http.Error(w, "busy", http.StatusServiceUnavailable)
		case "/huge.rss":
			w.Header().Set("Content-Length", strconv.Itoa(arrive.DefaultMaxBytes+1))
		default:
			http.NotFound(w, r)
		}
	}))
	defer ts.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	withPassword := strings.Replace(ts.URL, "http://", "http://reader:s3cret@", 1)

	code, out, errOut := runCLI(t, "ingest", "--data", t.TempDir(),
		ts.URL+"/missing.rss", ts.URL+"/busy.rss", ts.URL+"/huge.rss", closed.URL+"/feed.rss", withPassword+"/missing.rss", ts.URL+"/feed.rss")
	if code != 1 || !strings.Contains(out, "1 created") || !strings.Contains(out, "; 5 inputs could not be read") {
		t.Fatalf("exit %d\nstdout %s\nstderr %s", code, out, errOut)
	}
	for _, want := range []string{
		ts.URL + "/missing.rss: fetch failed: the server answered 404 Not Found\n",
		ts.URL + "/busy.rss: fetch failed: the server answered 503 Service Unavailable\n",
		ts.URL + "/huge.rss: fetch failed: the answer is 16777217 bytes, over the 16 MB limit for a feed\n",
		closed.URL + "/feed.rss: fetch failed: connection refused (nothing listens there)\n",
		strings.Replace(ts.URL, "http://", "http://reader:xxxxx@", 1) + "/missing.rss: fetch failed: the server answered 404 Not Found\n",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	for _, never := range []string{"internal error", "s3cret"} {
		if strings.Contains(errOut, never) {
			t.Errorf("stderr says %q:\n%s", never, errOut)
		}
	}
}
