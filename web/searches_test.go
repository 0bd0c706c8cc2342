package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/web"
)

// newSavedServer starts an engine over a fresh data directory behind the
// real server, with the write routes and saved searches.
func newSavedServer(t *testing.T, ao engine.AlertOptions, private bool) (*httptest.Server, *engine.Engine) {
	t.Helper()
	eng, err := engine.Open(context.Background(), engine.Options{Dir: t.TempDir(), Logger: zerolog.Nop(), Alerts: ao})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(), Writer: eng, Intake: ingest.Intake{},
		Token: testToken, Private: private, Saved: eng})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts, eng
}

// call sends a request with the token (when given) and returns the status
// and body.
func call(t *testing.T, ts *httptest.Server, method, path, token, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

type savedAnswer struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Query   map[string]any `json:"query"`
	Secret  string         `json:"secret"`
	Webhook string         `json:"webhook"`
	Feed    string         `json:"feed"`
	New     string         `json:"new"`
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return v
}

// TestSavedSearchRoutes: saving needs the token and a query that runs;
// a saved search is listed, read, replaced and deleted; its feed is
// valid Atom (to gofeed and to the required elements) and shows an
// article that matches it within 2 s of the POST that added it, and its
// new list has the article once.
func TestSavedSearchRoutes(t *testing.T) {
	ts, _ := newSavedServer(t, engine.AlertOptions{}, false)
	body := `{"name":"Kazakh crude","q":"crude oil","country":["KZ"],"sort":"date"}`
	if st, b := call(t, ts, "POST", "/api/searches", "", body); st != http.StatusUnauthorized {
		t.Fatalf("POST without the token: %d %s", st, b)
	}
	for _, c := range []struct{ body, want string }{
		{`{"name":"broken","q":"\"unclosed"}`, "query"},
		{`{"name":"typo","q":"oil","contry":"KZ"}`, "contry"},
		{`{"name":"ftp","q":"oil","webhook":"ftp://example.com/hook"}`, "http"},
		{`{"name":"self","q":"oil","webhook":"http://127.0.0.1/hook"}`, "--webhook-hosts"},
		{`{"name":"paged","q":"oil","page":"2"}`, "page"},
		{`{"q":"oil"}`, "name"},
		{`[1,2]`, "JSON object"},
		{`{"name":"x","q":"oil","from":"yesterday"}`, "from"},
	} {
		st, b := call(t, ts, "POST", "/api/searches", testToken, c.body)
		if st != http.StatusBadRequest || !bytes.Contains(b, []byte(`"code": "invalid"`)) || !bytes.Contains(b, []byte(c.want)) {
			t.Errorf("POST %s: %d %s, want 400 naming %q", c.body, st, b, c.want)
		}
	}
	st, b := call(t, ts, "POST", "/api/searches", testToken, body)
	if st != http.StatusCreated {
		t.Fatalf("POST: %d %s", st, b)
	}
	ss := decode[savedAnswer](t, b)
	if ss.ID == "" || ss.Secret == "" || ss.Query["q"] != "crude oil" || ss.Feed != "/api/searches/"+ss.ID+"/feed.atom" {
		t.Fatalf("created %+v", ss)
	}
	if st, b := call(t, ts, "GET", "/api/searches", "", ""); st != http.StatusUnauthorized {
		t.Errorf("GET /api/searches without the token: %d %s", st, b)
	}
	st, b = call(t, ts, "GET", "/api/searches", testToken, "")
	if list := decode[struct{ Searches []savedAnswer }](t, b); st != 200 || len(list.Searches) != 1 || list.Searches[0].Name != "Kazakh crude" {
		t.Fatalf("list: %d %s", st, b)
	}
	st, b = call(t, ts, "PUT", "/api/searches/"+ss.ID, testToken, `{"name":"Crude","q":"crude oil"}`)
	if got := decode[savedAnswer](t, b); st != 200 || got.Name != "Crude" || got.Query["country"] != nil || got.Secret != ss.Secret {
		t.Fatalf("PUT: %d %s", st, b)
	}
	if st, b := call(t, ts, "PUT", "/api/searches/"+ss.ID, testToken, `{"name":"Crude","q":"(oil"}`); st != 400 {
		t.Errorf("PUT with a broken query: %d %s", st, b)
	}
	st, b = call(t, ts, "GET", "/api/searches/"+ss.ID, testToken, "")
	if got := decode[savedAnswer](t, b); st != 200 || got.Name != "Crude" {
		t.Fatalf("GET after PUT: %d %s", st, b)
	}

	// A matching article reaches the feed and the new list.
	start := time.Now()
	st, b = call(t, ts, "POST", "/api/articles", testToken,
		`{"id":"kz-1","title":"Crude oil output rises","url":"https://example.com/kz-1","source":"Wire","published":"2025-11-06","body":"Kazakhstan's crude oil output rose in October, the ministry said."}`)
	if st != 200 {
		t.Fatalf("POST article: %d %s", st, b)
	}
	var feed *gofeed.Feed
	var raw []byte
	for {
		st, raw = call(t, ts, "GET", ss.Feed, "", "")
		if st != 200 {
			t.Fatalf("feed: %d %s", st, raw)
		}
		var err error
		if feed, err = gofeed.NewParser().ParseString(string(raw)); err != nil {
			t.Fatalf("gofeed: %v\n%s", err, raw)
		}
		if len(feed.Items) > 0 || time.Since(start) > 2*time.Second {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if feed.FeedType != "atom" || len(feed.Items) != 1 {
		t.Fatalf("feed after 2 s: type %s, %d items\n%s", feed.FeedType, len(feed.Items), raw)
	}
	it := feed.Items[0]
	if it.GUID != "urn:newsfind:article:kz-1" || it.Title != "Crude oil output rises" || !strings.Contains(it.Description, "crude oil output rose") ||
		it.Link != ts.URL+"/articles/kz-1" || it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("entry %+v", it)
	}
	checkAtom(t, raw)
	if !bytes.Contains(raw, []byte(`rel="related" type="text/html" href="https://example.com/kz-1"`)) {
		t.Errorf("the entry does not link to the original:\n%s", raw)
	}
	var nm struct {
		Hits []struct {
			Seq            uint64
			Article, Title string
		}
		Next string
	}
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, b = call(t, ts, "GET", ss.New, "", "")
		nm = decode[struct {
			Hits []struct {
				Seq            uint64
				Article, Title string
			}
			Next string
		}](t, b)
		if len(nm.Hits) > 0 || time.Now().After(deadline) {
			break
		}
	}
	if len(nm.Hits) != 1 || nm.Hits[0].Article != "kz-1" || nm.Hits[0].Title != "Crude oil output rises" || nm.Next == "" {
		t.Fatalf("new: %s", b)
	}
	if _, b = call(t, ts, "GET", ss.New+"?since="+nm.Next, "", ""); !bytes.Contains(b, []byte(`"hits": []`)) {
		t.Errorf("new after the cursor: %s", b)
	}
	for _, p := range []string{ss.New + "?since=abc", ss.New + "?limit=0", ss.New + "?cursor=1", ss.Feed + "?q=x", "/api/feed.atom?page=2"} {
		if st, b := call(t, ts, "GET", p, "", ""); st != 400 {
			t.Errorf("GET %s: %d %s, want 400", p, st, b)
		}
	}

	// The ad-hoc feed.
	st, raw = call(t, ts, "GET", "/api/feed.atom?q=crude+oil&country=KZ", "", "")
	if st != 200 {
		t.Fatalf("ad-hoc feed: %d %s", st, raw)
	}
	if f, err := gofeed.NewParser().ParseString(string(raw)); err != nil || len(f.Items) != 1 || f.Items[0].GUID != it.GUID {
		t.Fatalf("ad-hoc feed: %v\n%s", err, raw)
	}
	checkAtom(t, raw)

	if st, b := call(t, ts, "DELETE", "/api/searches/"+ss.ID, testToken, ""); st != http.StatusNoContent {
		t.Fatalf("DELETE: %d %s", st, b)
	}
	for _, p := range []string{"/api/searches/" + ss.ID, "/api/searches/nope"} {
		if st, b := call(t, ts, "GET", p, testToken, ""); st != 404 {
			t.Errorf("GET %s after DELETE: %d %s", p, st, b)
		}
	}
	if st, b := call(t, ts, "GET", ss.Feed, "", ""); st != 404 {
		t.Errorf("feed after DELETE: %d %s", st, b)
	}
}

// checkAtom checks what RFC 4287 requires, with encoding/xml rather than
// a forgiving feed reader: the Atom namespace; a feed id, title, updated
// and author; an entry id, title, updated and alternate link; every
// date RFC 3339.
func checkAtom(t *testing.T, raw []byte) {
	t.Helper()
	type link struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	}
	var f struct {
		XMLName xml.Name
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Author  []struct {
			Name string `xml:"name"`
		} `xml:"author"`
		Links   []link `xml:"link"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Links   []link `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(raw, &f); err != nil {
		t.Fatalf("not XML: %v", err)
	}
	if f.XMLName.Space != "http://www.w3.org/2005/Atom" || f.XMLName.Local != "feed" {
		t.Errorf("root element %v", f.XMLName)
	}
	if f.ID == "" || f.Title == "" || len(f.Author) == 0 || f.Author[0].Name == "" {
		t.Errorf("feed id %q, title %q, author %v", f.ID, f.Title, f.Author)
	}
	if _, err := time.Parse(time.RFC3339, f.Updated); err != nil {
		t.Errorf("feed updated %q: %v", f.Updated, err)
	}
	for _, e := range f.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil || e.ID == "" || e.Title == "" {
			t.Errorf("entry %+v: %v", e, err)
		}
		alt := false
		for _, l := range e.Links {
			alt = alt || l.Rel == "alternate" && strings.HasPrefix(l.Href, "http")
		}
		if !alt {
			t.Errorf("entry %s has no absolute alternate link", e.ID)
		}
	}
}

// TestSavedSearchPrivate: on a --private server a saved search's feed and
// new list need the token (as a browser's Basic password too), as every
// read does; the bound on saved searches answers 400 naming it.
func TestSavedSearchPrivate(t *testing.T) {
	ts, _ := newSavedServer(t, engine.AlertOptions{MaxSearches: 1}, true)
	st, b := call(t, ts, "POST", "/api/searches", testToken, `{"name":"oil","q":"oil"}`)
	if st != http.StatusCreated {
		t.Fatalf("POST: %d %s", st, b)
	}
	ss := decode[savedAnswer](t, b)
	if st, b := call(t, ts, "POST", "/api/searches", testToken, `{"name":"gas","q":"gas"}`); st != 400 || !bytes.Contains(b, []byte("max_saved_searches")) {
		t.Errorf("a search over the bound: %d %s", st, b)
	}
	for _, p := range []string{ss.Feed, ss.New, "/api/feed.atom?q=oil"} {
		if st, b := call(t, ts, "GET", p, "", ""); st != http.StatusUnauthorized {
			t.Errorf("GET %s without the token: %d %s", p, st, b)
		}
		req, _ := http.NewRequest("GET", ts.URL+p, nil)
		req.SetBasicAuth("reader", testToken)
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s with the token: %d", p, resp.StatusCode)
		}
	}
}
