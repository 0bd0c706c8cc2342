package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"
)

// TestTokenInQueryNotLogged: a token in the query string, however spelt,
// is refused, and the access log line shows the request without it.
func TestTokenInQueryNotLogged(t *testing.T) {
	var logs bytes.Buffer
	srv, err := NewServer(Options{Logger: zerolog.New(&logs), Token: "the-secret"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{
		"/api/search?q=gold&token=the-secret",
		"/api/search?q=gold&%74oken=the-secret&size=5",
		"/search?ACCESS_TOKEN=the-secret",
	} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", path, rec.Code)
		}
	}
	out := logs.String()
	if strings.Contains(out, "the-secret") {
		t.Errorf("the access log shows the token:\n%s", out)
	}
	if !strings.Contains(out, `"url":"/api/search?q=gold&token=REDACTED&size=5"`) {
		t.Errorf("the access log lacks the redacted request:\n%s", out)
	}
}

func TestRedactQuery(t *testing.T) {
	tests := []struct {
		in, want string
		found    bool
	}{
		{"", "", false},
		{"q=token", "q=token", false},
		{"q=a&token=s", "q=a&token=REDACTED", true},
		{"token", "token=REDACTED", true},
		{"q=%zz&Token=s", "q=%zz&token=REDACTED", true},
		{"tokens=1", "tokens=1", false},
	}
	for _, tt := range tests {
		if got, found := redactQuery(tt.in); got != tt.want || found != tt.found {
			t.Errorf("redactQuery(%q) = %q %v, want %q %v", tt.in, got, found, tt.want, tt.found)
		}
	}
}

// TestNosniffEverywhere: pages, JSON, errors and probes all carry it.
func TestNosniffEverywhere(t *testing.T) {
	srv, err := NewServer(Options{Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/healthz", "/readyz", "/nope", "/api/openapi.json", "/static/style.css"} {
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s (%d): no nosniff", path, rec.Code)
		}
	}
}
