package web_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
)

func postEncoded(t *testing.T, s *writeServer, auth, encoding string, body []byte) (int, addAnswer, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/articles", bytes.NewReader(body))
	req.Header.Set("Authorization", auth)
	req.Header.Set("Content-Type", "application/json")
	if encoding != "" {
		req.Header.Set("Content-Encoding", encoding)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var a addAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatalf("%d %s", resp.StatusCode, raw)
	}
	return resp.StatusCode, a, string(raw)
}

func gzipped(t *testing.T, b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	zw.Close()
	return out.Bytes()
}

// TestGzipBody: a gzip-encoded article is stored; a gzip bomb (a small
// body that inflates past max_body_bytes) is refused with 413 naming the
// limit, without the server holding the inflated bytes; an encoding the
// server cannot decode is a 415 naming it; a body marked gzip that is not
// is a 400.
func TestGzipBody(t *testing.T) {
	const max = 1 << 20
	s := newWriteServer(t, max)
	code, a, raw := postEncoded(t, s, "Bearer "+testToken, "gzip", gzipped(t, []byte(article1)))
	if code != 200 || a.Created != 1 {
		t.Fatalf("gzip article: %d %s", code, raw)
	}
	if r := s.search(t, "cobalt quota"); r.TotalArticles != 1 {
		t.Errorf("the gzip article is not searchable")
	}

	// 256 MB of spaces in a JSON array compress to about 250 KB.
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write([]byte("["))
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for range 256 {
		zw.Write(chunk)
	}
	zw.Write([]byte(article1 + "]"))
	zw.Close()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	code, a, raw = postEncoded(t, s, "Bearer "+testToken, "gzip", bomb.Bytes())
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(raw, `"limit": "max_body_bytes"`) || !strings.Contains(raw, "decompressed") {
		t.Errorf("gzip bomb of %d bytes: %d %s", bomb.Len(), code, raw)
	}
	// The server is in this process: what it allocated for the request
	// is bounded by max_body_bytes, not by the 256 MB inflated.
	if got := after.TotalAlloc - before.TotalAlloc; got > 32<<20 {
		t.Errorf("the bomb cost %d MB of allocations", got>>20)
	}

	for _, enc := range []string{"br", "deflate", "gzip, br"} {
		code, _, raw := postEncoded(t, s, "Bearer "+testToken, enc, []byte(article1))
		if code != http.StatusUnsupportedMediaType || !strings.Contains(raw, "unsupported_media_type") || !strings.Contains(raw, enc) {
			t.Errorf("Content-Encoding %q: %d %s", enc, code, raw)
		}
	}
	code, _, raw = postEncoded(t, s, "Bearer "+testToken, "gzip", []byte(article1))
	if code != http.StatusBadRequest || !strings.Contains(raw, "not gzip") {
		t.Errorf("plain body marked gzip: %d %s", code, raw)
	}
}

// TestBearerAnyCase: the auth scheme is case-insensitive (RFC 7235).
func TestBearerAnyCase(t *testing.T) {
	s := newWriteServer(t, 0)
	for i, auth := range []string{"bearer " + testToken, "BEARER " + testToken, "  Bearer   " + testToken} {
		body := strings.Replace(article1, "cobalt?", "cobalt"+string(rune('a'+i))+"?", 1)
		if code, a, raw := postEncoded(t, s, auth, "", []byte(body)); code != 200 || a.Created != 1 {
			t.Errorf("%q: %d %s", auth, code, raw)
		}
	}
	for _, auth := range []string{"bearer" + testToken, "Basic " + testToken, "bearer x" + testToken} {
		if code, _, raw := postEncoded(t, s, auth, "", []byte(article1)); code != http.StatusUnauthorized {
			t.Errorf("%q: %d %s", auth, code, raw)
		}
	}
}
