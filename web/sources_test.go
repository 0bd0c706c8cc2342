package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSourceNamesOneSource: "The Guardian" (as its feed names it) and "the
// Guardian" (as its pages do) are one source: one facet value, shown one
// way, and a filter on it, typed any way, finds both articles, before and
// after a re-index.
func TestSourceNamesOneSource(t *testing.T) {
	s := newWriteServer(t, 0)
	arts := `[{"id":"g-feed","title":"Whales","source":"The Guardian","body":"Whales stranded on a New Zealand beach."},
		{"id":"g-page","title":"Whale rescue","source":"the Guardian","body":"Volunteers refloated whales in New Zealand."},
		{"id":"r-1","title":"Whale meat","source":"Reuters","body":"Whale meat exports fell, New Zealand said."}]`
	if code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(arts)); code != 200 || a.Created != 3 {
		t.Fatalf("POST: %d %+v", code, a)
	}
	check := func(when string) {
		t.Helper()
		var r struct {
			Facets struct {
				Source []struct {
					Value string
					Count int
				}
			}
		}
		get := func(params string) int {
			resp, err := http.Get(s.URL + "/api/search?q=whales&" + params)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var res struct {
				TotalArticles int `json:"total_articles"`
			}
			if params == "" {
				json.NewDecoder(resp.Body).Decode(&r)
				return 0
			}
			json.NewDecoder(resp.Body).Decode(&res)
			return res.TotalArticles
		}
		get("")
		guardians := 0
		for _, f := range r.Facets.Source {
			if strings.Contains(strings.ToLower(f.Value), "guardian") {
				guardians++
				if f.Value != "The Guardian" || f.Count != 2 {
					t.Errorf("%s: facet value %q counts %d, want \"The Guardian\" 2", when, f.Value, f.Count)
				}
			}
		}
		if guardians != 1 {
			t.Errorf("%s: %d Guardian facet values, want 1: %+v", when, guardians, r.Facets.Source)
		}
		for _, typed := range []string{"The Guardian", "the Guardian", "THE GUARDIAN", "guardian", " the  guardian "} {
			if n := get("source=" + url.QueryEscape(typed)); n != 2 {
				t.Errorf("%s: source=%q finds %d, want 2", when, typed, n)
			}
		}
		if r := s.search(t, `whales source:"the guardian"`); r.TotalArticles != 2 {
			t.Errorf("%s: source:\"the guardian\" finds %d, want 2", when, r.TotalArticles)
		}
		if n := get("source=Reuters"); n != 1 {
			t.Errorf("%s: source=Reuters finds %d, want 1", when, n)
		}
	}
	check("as ingested")

	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/reindex", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/reindex: %v %v", resp, err)
	}
	resp.Body.Close()
	for deadline := time.Now().Add(30 * time.Second); ; {
		var st struct{ Running bool }
		resp, _ := http.Get(s.URL + "/api/reindex")
		json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if !st.Running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("re-index still running")
		}
		time.Sleep(20 * time.Millisecond)
	}
	check("after a re-index")
}
