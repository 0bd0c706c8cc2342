package web_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestUnknownParameter: a parameter the API does not know is refused by
// name, on the API and on the pages, rather than ignored.
func TestUnknownParameter(t *testing.T) {
	ts := newSeedServer(t)
	for _, path := range []string{
		"/api/search?q=tariffs&colour=red",
		"/api/search?format=csv",
		"/search?q=tariffs&colour=red",
		"/articles/" + iais + "?q=tariffs&colour=red",
	} {
		res, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		name := "colour"
		if strings.Contains(path, "format") {
			name = "format"
		}
		if res.StatusCode != 400 || !strings.Contains(string(body), `unknown parameter `) || !strings.Contains(string(body), name) {
			t.Errorf("GET %s = %d %.200s, want 400 naming %s", path, res.StatusCode, body, name)
		}
	}
	status, r := get(t, ts, "/api/search?colour=red&language=de")
	if status != 400 || r.Error == nil || !strings.Contains(r.Error.Message, `unknown parameters "colour", "language"`) {
		t.Errorf("two unknown parameters: %d %+v", status, r.Error)
	}
	// Every parameter the API documents is known.
	all := "/api/search?q=tariffs&country=US&commodity=oil&source=Reuters&lang=en&from=2025-01-01&to=2025-12-31&sort=date&scope=passage&page=1&size=5&facet_size=3"
	if status, r := get(t, ts, all); status != 200 {
		t.Errorf("GET %s = %d %+v", all, status, r.Error)
	}
}

// TestPageLinksKnown: every link and form the search and article pages
// send is a request the server takes, so the strict parameters never
// break the UI.
func TestPageLinksKnown(t *testing.T) {
	ts := newSeedServer(t)
	href := regexp.MustCompile(`href="(/[^"]*)"`)
	seen := map[string]bool{}
	pages := []string{"/search?q=tariffs&country=US&sort=date&scope=passage", "/search?q=uranium&from=2025-01-01&size=2", "/articles/" + iais + "?q=tariffs"}
	for len(pages) > 0 && len(seen) < 200 {
		p := pages[0]
		pages = pages[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		res, err := http.Get(ts.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("GET %s = %d %.300s", p, res.StatusCode, body)
			continue
		}
		for _, m := range href.FindAllStringSubmatch(string(body), -1) {
			u := html.UnescapeString(m[1])
			if (strings.HasPrefix(u, "/search?") || strings.HasPrefix(u, "/articles/")) && !seen[u] {
				pages = append(pages, u)
			}
		}
	}
	if len(seen) < 10 {
		t.Errorf("followed only %d links", len(seen))
	}
}

// TestWarningsInAnswer: the answer always carries warnings, [] when the
// query was searched as typed, and the page shows them above the results.
func TestWarningsInAnswer(t *testing.T) {
	ts := newSeedServer(t)
	for _, tt := range []struct{ q, want string }{
		{"tariffs", ""},
		{"the", `\"the\" not searched`},
		{"the tariffs", `\"the\" not searched`},
	} {
		res, err := http.Get(ts.URL + "/api/search?q=" + strings.ReplaceAll(tt.q, " ", "+"))
		if err != nil {
			t.Fatal(err)
		}
		var r struct {
			Warnings *[]string `json:"warnings"`
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if err := json.Unmarshal(body, &r); err != nil || res.StatusCode != 200 || r.Warnings == nil {
			t.Errorf("q=%s: %d %.200s", tt.q, res.StatusCode, body)
			continue
		}
		if got := strings.Join(*r.Warnings, "\n"); tt.want == "" && got != "" || !strings.Contains(string(body), tt.want) {
			t.Errorf("q=%s: warnings %q, want %s", tt.q, *r.Warnings, tt.want)
		}
		if tt.want == "" && !regexp.MustCompile(`"warnings": ?\[\]`).Match(body) {
			t.Errorf("q=%s: %.300s, want \"warnings\":[]", tt.q, body)
		}
	}
	res, err := http.Get(ts.URL + "/search?q=the")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !regexp.MustCompile(`(?s)<ul class="warnings"[^>]*>\s*<li>&#34;the&#34; not searched`).Match(body) {
		t.Errorf("the page for q=the shows no warning: %.2000s", body)
	}
}
