package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// TestHostileInput sends what the open network sends: each request must
// get a 4xx quickly, and the server must go on answering.
func TestHostileInput(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Seeds())
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(), Writer: eng, Intake: ingest.Intake{}, Token: "right-token"})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv)
	ts.Config = web.NewHTTPServer(srv, web.Timeouts{ReadHeader: 300 * time.Millisecond, Read: time.Second, Write: 5 * time.Second, Idle: time.Second})
	ts.Start()
	defer ts.Close()

	q := func(s string) string { return "/api/search?q=" + url.QueryEscape(s) }
	ors := strings.TrimSuffix(strings.Repeat("w OR ", 10000), " OR ")
	tests := []struct {
		name, method, path, token string
		status                    int
		msg                       string
		limit                     string // the limit the error must name
		header                    int    // bytes of an X-Padding header to send
	}{
		{"100k nested parentheses", "GET", q(strings.Repeat("(", 100000) + "a" + strings.Repeat(")", 100000)), "", 431, "", "", 0},
		{"deep but short nesting", "GET", q(strings.Repeat("(", 200) + "a" + strings.Repeat(")", 200)), "", 400, "deeper than 20", "max_depth", 0},
		{"1 MB query", "GET", q(strings.Repeat("tariff ", 150000)), "", 431, "", "", 0},
		{"2 KB query", "GET", q(strings.Repeat("tariff ", 300)), "", 413, "the limit is 1024", "max_query_bytes", 0},
		{"regexp", "GET", q("/.*/"), "", 400, "wildcards are only allowed at the end", "leading_wildcard", 0},
		{"bare star", "GET", q("*"), "", 400, "a prefix needs at least 2 letters", "min_prefix_length", 0},
		{"leading star", "GET", q("*earth"), "", 400, "wildcards are only allowed at the end", "leading_wildcard", 0},
		{"fuzzy over 2", "GET", q("a~5"), "", 400, "fuzzy edit distance 5 is over the limit of 2", "max_fuzziness", 0},
		{"NEAR over 50", "GET", q("oil NEAR/51 price"), "", 400, "distance 51 is over the limit of 50 words", "max_near_distance", 0},
		{"slop over 50", "GET", q(`"oil price"~1000`), "", 400, "distance 1000 is over the limit of 50 words", "max_near_distance", 0},
		{"NEAR without a distance", "GET", q("oil NEAR price"), "", 400, "write a NEAR/n b", "", 0},
		{"10k ORed terms", "GET", q(ors), "", 413, "the limit is 1024", "max_query_bytes", 0},
		{"300 terms", "GET", q(strings.Repeat("w ", 300)), "", 413, "query has 300 terms; the limit is 256", "max_clauses", 0},
		{"page 1e9", "GET", "/api/search?q=a&page=1e9", "", 400, "whole number", "", 0},
		{"page past the window", "GET", "/api/search?q=a&page=1000000", "", 400, "past the first 10000 results", "max_result_window", 0},
		{"page that overflows page*size", "GET", "/api/search?q=a&page=9223372036854775807", "", 400, "past the first 10000 results", "max_result_window", 0},
		{"facet size too big", "GET", "/api/search?q=a&facet_size=100000", "", 400, "facet_size must be between 1 and 250", "max_facet_size", 0},
		{"many prefixes", "GET", q(strings.TrimSuffix(strings.Repeat("co* OR ", 20), " OR ")), "", 400, "query has 20 prefix or fuzzy words; the limit is 8", "max_expanding_words", 0},
		{"many filter values", "GET", "/api/search?q=a" + strings.Repeat("&country=KZ", 101), "", 400, "101 filter values; the limit is 100", "max_filter_values", 0},
		{"garbage cursor", "GET", "/api/search?q=a&after=%7B%7D", "", 400, "is not a cursor", "", 0},
		{"size 1e9", "GET", "/api/search?q=a&size=1e9", "", 400, "whole number", "", 0},
		{"size too big", "GET", "/api/search?q=a&size=1000000000", "", 400, "size must be between 1 and 100", "max_page_size", 0},
		{"unknown facet field", "GET", q("colour:red"), "", 400, `unknown field \"colour\"`, "", 0},
		{"unknown facet value", "GET", "/api/search?commodity=unobtainium", "", 400, `unknown commodity \"unobtainium\"`, "", 0},
		{"invalid UTF-8", "GET", "/api/search?q=%ff%fe", "", 400, "not valid UTF-8", "", 0},
		{"70 KB URL", "GET", q(strings.Repeat("a ", 35000)), "", 414, "the limit is 64 KB (max_url_bytes)", "max_url_bytes", 0},
		{"70 KB header", "GET", q("tariffs"), "", 431, "the limit is 64 KB (max_header_bytes)", "max_header_bytes", 70 << 10},
		{"token in the query", "GET", "/api/search?q=a&token=right-token", "", 400, `send it as the header \"Authorization: Bearer <token>\"`, "", 0},
		{"escaped token in the query", "POST", "/api/articles?%74oken=right-token", "right-token", 400, "Authorization: Bearer", "", 0},
		{"5000-byte id", "GET", "/api/articles/" + strings.Repeat("x", 5000), "", 404, `no article with id \"` + strings.Repeat("x", 64) + `…\"`, "", 0},
		{"5000-byte path", "GET", "/" + strings.Repeat("y", 5000), "", 404, "no such page: /" + strings.Repeat("y", 63) + "…", "", 0},
		{"no token", "POST", "/api/articles", "", 401, "", "", 0},
		{"wrong token", "POST", "/api/articles", "wrong-token", 401, "", "", 0},
	}
	for _, tt := range tests {
		start := time.Now()
		req, _ := http.NewRequest(tt.method, ts.URL+tt.path, strings.NewReader(`{"title":"x","body":"y","url":"https://example.com/x"}`))
		if tt.token != "" {
			req.Header.Set("Authorization", "Bearer "+tt.token)
		}
		if tt.header > 0 {
			req.Header.Set("X-Padding", strings.Repeat("p", tt.header))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(start)
		if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.msg) {
			t.Errorf("%s: %d %.200s, want %d with %q", tt.name, resp.StatusCode, body, tt.status, tt.msg)
		}
		if tt.limit != "" && !strings.Contains(string(body), `"limit": "`+tt.limit+`"`) {
			t.Errorf("%s: the error does not name the limit %s: %.200s", tt.name, tt.limit, body)
		}
		if took > time.Second {
			t.Errorf("%s: took %v", tt.name, took)
		}
		// Past the server's head bound net/http answers alone, without
		// our headers; every other answer is ours.
		if plain := resp.StatusCode == 431 && tt.limit == ""; !plain && resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", tt.name)
		}
		if len(body) > 1024 {
			t.Errorf("%s: a %d-byte error body echoes the request", tt.name, len(body))
		}
	}

	// A client dripping its headers is cut off by ReadHeaderTimeout.
	conn, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	start := time.Now()
	io.WriteString(conn, "GET /api/search?q=a HTTP/1.1\r\nHost: x\r\n")
	for i := 0; i < 20; i++ {
		if _, err := io.WriteString(conn, "X-Drip: 1\r\n"); err != nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	line, _ := bufio.NewReader(conn).ReadString('\n')
	if strings.Contains(line, "200") || time.Since(start) > 3*time.Second {
		t.Errorf("slow-drip client was served (%q after %v)", line, time.Since(start))
	}

	// And the server still answers.
	resp, err := http.Get(ts.URL + "/api/search?q=tariffs")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("after hostile input: %v %v", err, resp)
	}
	resp.Body.Close()
}

func TestCORSOnReadRoutesOnly(t *testing.T) {
	_, ts := newFullServer(t)
	resp, err := http.Get(ts.URL + "/api/search?q=tariffs")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("GET /api/search lacks CORS")
	}
	req, _ := http.NewRequest(http.MethodOptions, ts.URL+"/api/articles", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("POST /api/articles preflight allowed cross-origin")
	}
}
