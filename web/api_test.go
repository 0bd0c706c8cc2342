package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

const (
	times = "000_a9e5019015f98715"
	iais  = "001_e5480f282a76346a"
	trt   = "003_dd54bef6c421656c"
)

// newSeedServer starts the real program's parts: an engine over a fresh
// data directory, which indexes the embedded seeds, behind the real server.
func newSeedServer(t *testing.T) *httptest.Server {
	t.Helper()
	eng := enginetest.Open(t, enginetest.Seeds())
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

type apiResult struct {
	TotalArticles int `json:"total_articles"`
	TotalPassages int `json:"total_passages"`
	Hits          []struct {
		ID          string   `json:"id"`
		Title       string   `json:"title"`
		Source      string   `json:"source"`
		Published   *string  `json:"published"`
		Countries   []string `json:"countries"`
		Commodities []string `json:"commodities"`
		Passages    []struct {
			Index     int      `json:"index"`
			Text      string   `json:"text"`
			Highlight string   `json:"highlight"`
			Marks     [][2]int `json:"marks"`
		} `json:"passages"`
	} `json:"hits"`
	Facets struct {
		Country []struct {
			Value, Label string
			Count        int
		} `json:"country"`
		Date struct {
			Interval string
			Buckets  []struct {
				Value string
				Count int
			}
			Undated int
		} `json:"date"`
	} `json:"facets"`
	Next  string                                 `json:"next"`
	Error *struct{ Code, Message, Limit string } `json:"error"`
}

func get(t *testing.T, ts *httptest.Server, path string) (int, apiResult) {
	t.Helper()
	resp, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r apiResult
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
	return resp.StatusCode, r
}

func ids(r apiResult) string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func TestSearchSeeds(t *testing.T) {
	ts := newSeedServer(t)
	tests := []struct {
		params string
		want   string // article ids, sorted
	}{
		{"q=tariffs", times + " " + iais},
		{"q=tariff", times + " " + iais},
		{"q=" + url.QueryEscape("C5+1"), times + " " + trt},
		{"country=KG", trt},
		{"country=kyrgyzstan", trt},
		{"commodity=uranium", trt},
		{"commodity=magnets", trt},
		{"q=rare+earth", times + " " + iais + " " + trt},
		{"q=rare-earth", times + " " + iais + " " + trt},
		{"q=" + url.QueryEscape(`"fentanyl tariff"`), iais},
		// Article scope, the default: an excluded word nowhere in the
		// article, the words anywhere in it; passage scope within one.
		{"q=Busan+-tariffs", ""},
		{"q=Busan+-tariffs&scope=passage", times + " " + iais},
		{"q=uranium+OR+fentanyl", iais + " " + trt},
		{"q=" + url.QueryEscape("U.S. partners"), times + " " + trt},
		// 003 says "The United States" beside its partners: a synonym.
		{"q=" + url.QueryEscape("U.S. partners") + "&scope=passage", times + " " + trt},
		{"q=" + url.QueryEscape(`"U.S." partners`) + "&scope=passage", times},
		{"q=country:KZ+summit", times + " " + trt},
		{"q=" + url.QueryEscape(`source:"TRT World"`), trt},
		{"source=trt+world", trt},
		{"q=tarif*", times + " " + iais},
		{"q=Japan", ""}, // only in 003's "Related" line, which is page furniture
		{"from=2025-11-01&to=2025-11-30", trt},
		{"country=RU", times + " " + trt},
		{"country=IN", trt},
		{"country=KR", times + " " + iais + " " + trt}, // 001 via Busan
	}
	for _, tt := range tests {
		status, r := get(t, ts, "/api/search?"+tt.params)
		if status != http.StatusOK {
			t.Errorf("%s: status %d (%+v)", tt.params, status, r.Error)
			continue
		}
		if got := ids(r); got != tt.want {
			t.Errorf("%s: got articles [%s], want [%s]", tt.params, got, tt.want)
		}
	}
}

func TestFentanylPassageMarked(t *testing.T) {
	ts := newSeedServer(t)
	_, r := get(t, ts, "/api/search?q=fentanyl+tariff")
	if len(r.Hits) != 1 || r.Hits[0].ID != iais {
		t.Fatalf("got %s, want only the IAIS article", ids(r))
	}
	h := r.Hits[0]
	if h.Published != nil {
		t.Errorf("IAIS article is undated, got published %q", *h.Published)
	}
	p := h.Passages[0]
	if !strings.Contains(p.Highlight, "<mark>fentanyl tariff</mark>") {
		t.Errorf("best passage highlight lacks the marked match: %s", p.Highlight)
	}
	if !strings.Contains(p.Text, "“fentanyl tariff” to 10%") {
		t.Errorf("best passage is not the fentanyl passage: %s", p.Text)
	}
	// Marks count code points: the curly quote before the match is one.
	cps := []rune(p.Text)
	if len(p.Marks) != 1 || p.Marks[0][1] > len(cps) || string(cps[p.Marks[0][0]:p.Marks[0][1]]) != "fentanyl tariff" {
		t.Errorf("marks %v do not cut “fentanyl tariff” out of the text", p.Marks)
	}
}

func TestFacetsCountArticles(t *testing.T) {
	ts := newSeedServer(t)
	_, r := get(t, ts, "/api/search?q=rare+earth")
	counts := map[string]int{}
	for _, f := range r.Facets.Country {
		counts[f.Value] = f.Count
		if f.Value == "KZ" && f.Label != "Kazakhstan" {
			t.Errorf("KZ label = %q", f.Label)
		}
	}
	if counts["KZ"] != 3 || counts["KG"] != 1 || counts["US"] != 3 || counts["CN"] != 3 {
		t.Errorf("country facet = %v, want KZ 3, KG 1, US 3, CN 3", counts)
	}
	if r.TotalArticles != 3 || r.TotalPassages <= 3 {
		t.Errorf("totals = %d articles, %d passages", r.TotalArticles, r.TotalPassages)
	}
	if r.Facets.Date.Undated != 2 || len(r.Facets.Date.Buckets) != 1 || r.Facets.Date.Buckets[0].Value != "2025-11-06" {
		t.Errorf("date facet = %+v, want one day bucket 2025-11-06 and 2 undated", r.Facets.Date)
	}
}

// TestSearchSizeZero: size=0 answers the totals and facets a page
// answers, with no hits and no next.
func TestSearchSizeZero(t *testing.T) {
	ts := newSeedServer(t)
	status, zero := get(t, ts, "/api/search?q=rare+earth&size=0")
	_, page := get(t, ts, "/api/search?q=rare+earth&size=1")
	if status != 200 || zero.Hits == nil || len(zero.Hits) != 0 || zero.Next != "" {
		t.Fatalf("size=0: %d, %d hits (nil %v), next %q; want 200, [] and no next", status, len(zero.Hits), zero.Hits == nil, zero.Next)
	}
	if page.TotalArticles != 3 || len(page.Hits) != 1 || page.Next == "" {
		t.Fatalf("size=1: %d articles, %d hits, next %q", page.TotalArticles, len(page.Hits), page.Next)
	}
	if zero.TotalArticles != page.TotalArticles || zero.TotalPassages != page.TotalPassages ||
		!reflect.DeepEqual(zero.Facets, page.Facets) {
		t.Errorf("size=0 totals %d/%d and facets %+v; a page's %d/%d and %+v",
			zero.TotalArticles, zero.TotalPassages, zero.Facets, page.TotalArticles, page.TotalPassages, page.Facets)
	}
	if _, def := get(t, ts, "/api/search?q=rare+earth"); len(def.Hits) != 3 {
		t.Errorf("no size: %d hits, want the default page (all 3)", len(def.Hits))
	}
}

func TestBadInput(t *testing.T) {
	ts := newSeedServer(t)
	tests := []struct {
		path, code, msg string
		status          int
	}{
		{"/api/search?q=(", "invalid", `syntax error at position 1: unbalanced "("`, 400},
		{"/api/search?from=yesterday", "invalid", `from="yesterday" is not a date`, 400},
		{"/api/search?sort=popular", "invalid", "unknown sort", 400},
		{"/api/search?size=101", "invalid", "size must be between 1 and 100", 400},
		{"/api/search?size=1e9", "invalid", "whole number", 400},
		{"/api/search?size=-1", "invalid", "whole number", 400},
		{"/api/search?size=0&page=2", "invalid", "size=0 answers the totals and facets alone", 400},
		{"/api/search?country=Atlantis", "invalid", `unknown country "Atlantis"`, 400},
		{"/api/articles/nope", "not_found", `no article with id "nope"`, 404},
		{"/nowhere", "not_found", "no such page", 404},
	}
	for _, tt := range tests {
		status, r := get(t, ts, tt.path)
		if status != tt.status || r.Error == nil || r.Error.Code != tt.code || !strings.Contains(r.Error.Message, tt.msg) {
			t.Errorf("GET %s = %d %+v, want %d %s %q", tt.path, status, r.Error, tt.status, tt.code, tt.msg)
		}
	}
	// The server keeps serving after bad input.
	if status, r := get(t, ts, "/api/search?q=tariffs"); status != 200 || r.TotalArticles != 2 {
		t.Errorf("after bad input: %d, %d articles", status, r.TotalArticles)
	}
}

func TestArticle(t *testing.T) {
	ts := newSeedServer(t)
	resp, err := http.Get(ts.URL + "/api/articles/" + trt)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		ID, Title, Source string
		Published         *string
		Countries         []string
		Passages          []struct {
			Index int
			Text  string
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	if a.Published == nil || *a.Published != "2025-11-06" || a.Source != "TRT World" {
		t.Errorf("article = %+v", a)
	}
	var all strings.Builder
	for i, p := range a.Passages {
		if p.Index != i {
			t.Errorf("passage %d has index %d", i, p.Index)
		}
		all.WriteString(p.Text + "\n")
	}
	text := all.String()
	for _, furniture := range []string{"4 min read", "RelatedTRT World", "SOURCE:", "/ Reuters"} {
		if strings.Contains(text, furniture) {
			t.Errorf("page furniture %q became a passage", furniture)
		}
	}
	for _, sentence := range []string{
		"US and China have agreed to pause their trade war and export restrictions on rare earths and semiconductors for one year.",
		"This marks the only other instance of a sitting president participating in a C5+1 summit.",
		"C5+1 summit\nSecretary of State Marco Rubio",
	} {
		if !strings.Contains(text, sentence) {
			t.Errorf("article text lost: %q", sentence)
		}
	}
}
