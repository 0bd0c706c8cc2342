package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestDatasetFieldsShown: an item of a dataset (HuffPost's authors and
// category, and a field newsfind does not know) is stored, not refused:
// the unknown field comes back as a warning in its result, authors as the
// byline and category as the section, in the API and on the pages.
func TestDatasetFieldsShown(t *testing.T) {
	s := newWriteServer(t, 0)
	item := `{"id":"hp-1","title":"Cobalt miners strike","source":"HuffPost","authors":"Ann Lee, AP","category":"WORLD NEWS","mood":"grim","body":"Miners in Katanga stopped work over cobalt prices."}`
	resp, err := http.Post(s.URL+"/api/articles", "application/json", strings.NewReader(item))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close() // no token: refused
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/articles", strings.NewReader(item))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var added struct {
		Results []struct {
			Status   string   `json:"status"`
			Warnings []string `json:"warnings"`
		} `json:"results"`
	}
	json.NewDecoder(resp.Body).Decode(&added)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(added.Results) != 1 || added.Results[0].Status != "created" ||
		strings.Join(added.Results[0].Warnings, ";") != `unknown field "mood" left out` {
		t.Fatalf("POST: %d %+v", resp.StatusCode, added)
	}
	// ?strict=1 refuses it, as before this default.
	req, _ = http.NewRequest(http.MethodPost, s.URL+"/api/articles?strict=1", strings.NewReader(item))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if resp, err = http.DefaultClient.Do(req); err != nil || resp.StatusCode != 400 {
		t.Errorf("strict: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()

	var art struct{ Byline, Section string }
	resp, _ = http.Get(s.URL + "/api/articles/hp-1")
	json.NewDecoder(resp.Body).Decode(&art)
	resp.Body.Close()
	if art.Byline != "Ann Lee, AP" || art.Section != "WORLD NEWS" {
		t.Errorf("API article: %+v", art)
	}
	var res struct {
		Hits []struct{ Byline, Section string }
	}
	resp, _ = http.Get(s.URL + "/api/search?q=cobalt+miners")
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if len(res.Hits) != 1 || res.Hits[0].Section != "WORLD NEWS" || res.Hits[0].Byline != "Ann Lee, AP" {
		t.Errorf("API hit: %+v", res.Hits)
	}
	for _, path := range []string{"/articles/hp-1", "/search?q=cobalt+miners"} {
		resp, _ = http.Get(s.URL + path)
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(page), `<span class="section">WORLD NEWS</span>`) || !strings.Contains(string(page), `<span class="byline">Ann Lee, AP</span>`) {
			t.Errorf("%s lacks the section or the byline", path)
		}
	}
}
