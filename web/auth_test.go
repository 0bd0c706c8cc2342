package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// TestPrivateServer: with Private set, every read route wants the token,
// by Bearer header or as a browser's Basic password, while probes, the
// styles and CORS preflights stay open.
func TestPrivateServer(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Seeds())
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(), Writer: eng, Intake: ingest.Intake{},
		Reindexer: engine.NewReindexer(context.Background(), eng), Token: testToken, Private: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	do := func(method, path string, auth func(*http.Request)) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, ts.URL+path, nil)
		if auth != nil {
			auth(req)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	bearer := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	}
	basic := func(tok string) func(*http.Request) {
		return func(r *http.Request) { r.SetBasicAuth("researcher", tok) }
	}
	reads := []string{"/api/search?q=tariffs", "/api/articles/" + trt, "/api/openapi.json", "/metrics",
		"/", "/search?q=tariffs", "/articles/" + trt, "/api/reindex"}
	for _, path := range reads {
		resp := do("GET", path, nil)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(strings.Join(resp.Header.Values("WWW-Authenticate"), ","), "Basic") {
			t.Errorf("GET %s without the token: %d %v; want 401 with a Basic challenge", path, resp.StatusCode, resp.Header.Values("WWW-Authenticate"))
		}
		if resp := do("GET", path, bearer("wrong")); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("GET %s with a wrong token: %d", path, resp.StatusCode)
		}
		if resp := do("GET", path, bearer(testToken)); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s with the Bearer token: %d", path, resp.StatusCode)
		}
		if resp := do("GET", path, basic(testToken)); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s with the token as Basic password: %d", path, resp.StatusCode)
		}
	}
	for _, path := range []string{"/healthz", "/readyz", "/static/style.css"} {
		if resp := do("GET", path, nil); resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s on a private server: %d; probes and styles stay open", path, resp.StatusCode)
		}
	}
	if resp := do("OPTIONS", "/api/search", nil); resp.StatusCode != http.StatusNoContent || !strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("preflight: %d %v", resp.StatusCode, resp.Header)
	}
}

// TestWritesTakeOnlyBearer: a browser sends remembered Basic credentials
// with any request, a cross-site form post included, so the write and
// admin routes must not take them.
func TestWritesTakeOnlyBearer(t *testing.T) {
	s := newWriteServer(t, 0)
	for _, path := range []string{"/api/articles", "/api/reindex"} {
		req, _ := http.NewRequest("POST", s.URL+path, strings.NewReader(`[{"id":"evil","title":"Injected","body":"planted text","url":"https://x.example/e"}]`))
		req.Header.Set("Content-Type", "text/plain")
		req.Header.Set("Origin", "https://attacker.example")
		req.SetBasicAuth("researcher", testToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST %s with the token as Basic password: %d, want 401", path, resp.StatusCode)
		}
	}
	if st, r := get(t, s.Server, "/api/search?q=planted"); st != 200 || r.TotalArticles != 0 {
		t.Errorf("the cross-site post was stored: %d %d", st, r.TotalArticles)
	}
}
