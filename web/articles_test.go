package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/web"
)

const testToken = "test-token-0123456789"

type writeServer struct {
	*httptest.Server
	eng *engine.Engine
	rx  *engine.Reindexer
}

func newWriteServer(t *testing.T, maxBody int64) *writeServer {
	t.Helper()
	eng := enginetest.Open(t, enginetest.Seeds())
	rx := engine.NewReindexer(context.Background(), eng)
	t.Cleanup(rx.Wait)
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(),
		Writer: eng, Intake: ingest.Intake{}, Token: testToken, Reindexer: rx, MaxBody: maxBody})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &writeServer{Server: ts, eng: eng, rx: rx}
}

type addAnswer struct {
	Results []struct {
		Index  int    `json:"index"`
		ID     string `json:"id"`
		Status string `json:"status"`
		Error  string `json:"error"`
	} `json:"results"`
	Created, Updated, Unchanged, Errors int
	Error                               struct{ Code, Message string }
}

func (s *writeServer) post(t *testing.T, path, token, contentType string, body io.Reader) (int, addAnswer) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	var a addAnswer
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("POST %s: %d %s", path, resp.StatusCode, b)
	}
	return resp.StatusCode, a
}

func (s *writeServer) search(t *testing.T, q string) apiResult {
	t.Helper()
	resp, err := http.Get(s.URL + "/api/search?q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r apiResult
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("search %q: %d %s", q, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

const article1 = `{"url":"https://example.com/news/cobalt?utm_source=x","title":"Cobalt exports resume","source":"Example Wire","published":"2025-11-06","body":"Congo resumed cobalt exports on Monday after a quota dispute.\n\nTraders said prices of the battery metal fell by a tenth."}`

func TestAddNeedsToken(t *testing.T) {
	s := newWriteServer(t, 0)
	for _, tok := range []string{"", "wrong", testToken + "x"} {
		code, a := s.post(t, "/api/articles", tok, "application/json", strings.NewReader(article1))
		if code != http.StatusUnauthorized || a.Error.Code != "unauthorized" || !strings.Contains(a.Error.Message, "Bearer") {
			t.Errorf("token %q: %d %+v", tok, code, a.Error)
		}
	}
	if r := s.search(t, "cobalt quota"); r.TotalArticles != 0 {
		t.Errorf("an unauthorized article was stored")
	}
	code, a := s.post(t, "/api/reindex", "", "", nil)
	if code != http.StatusUnauthorized {
		t.Errorf("POST /api/reindex without token: %d %+v", code, a)
	}
}

func TestAddFormatsAndUpdates(t *testing.T) {
	s := newWriteServer(t, 0)
	code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(article1))
	if code != 200 || a.Created != 1 || a.Results[0].Status != "created" || !strings.HasPrefix(a.Results[0].ID, "u-") {
		t.Fatalf("create: %d %+v", code, a)
	}
	id := a.Results[0].ID
	// Searchable at once: Add returns after the index has the article.
	if r := s.search(t, "cobalt quota"); r.TotalArticles != 1 || r.Hits[0].ID != id || r.Hits[0].Published == nil {
		t.Fatalf("search after create: %+v", r)
	}
	// The same article again, its URL with other tracking parameters: a no-op.
	again := strings.Replace(article1, "utm_source=x", "utm_campaign=y", 1)
	if code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(again)); code != 200 || a.Unchanged != 1 || a.Results[0].ID != id {
		t.Fatalf("same again: %d %+v", code, a)
	}
	// A changed body is an update: the old passage is gone, not duplicated.
	changed := strings.Replace(article1, "Traders said prices of the battery metal fell by a tenth.", "Smelters welcomed the news.", 1)
	if code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(changed)); code != 200 || a.Updated != 1 {
		t.Fatalf("update: %d %+v", code, a)
	}
	if r := s.search(t, "battery metal"); r.TotalArticles != 0 {
		t.Errorf("old passage still found after update: %+v", r)
	}
	if r := s.search(t, "smelters"); r.TotalArticles != 1 || r.TotalPassages != 1 {
		t.Errorf("updated passage: %+v", r)
	}
	if r := s.search(t, "cobalt"); r.TotalArticles != 1 || r.TotalPassages != 2 {
		t.Errorf("title + first paragraph, once each: %+v", r)
	}

	// NDJSON, an array, Markdown, a feed, an HTML page.
	ndjson := `{"id":"nd-1","title":"Lithium","source":"S","body":"Chile lithium output rose."}
{"id":"nd-2","title":"Nickel","source":"S","body":"Indonesia nickel output rose."}`
	array := `[{"id":"ar-1","source":"S","body":"Namibian uranium sales soared."}]`
	md := "---\nid: md-1\ntitle: Gallium curbs\nsource: S\npublished: 2025-10-01\n---\nChina tightened gallium export curbs.\n"
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example</link>
<item><title>Antimony shortage</title><link>/a/antimony</link><pubDate>Mon, 03 Nov 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;Antimony smelters in &lt;b&gt;Tajikistan&lt;/b&gt; ran short.&lt;/p&gt;</description></item></channel></rss>`
	page := "<html><head><title>Tungsten</title><link rel=canonical href=https://news.example/tungsten></head><body><nav>Home | World</nav><article><h1>Tungsten prices jump</h1>" +
		strings.Repeat("<p>Tungsten prices jumped after Vietnam halted shipments from its largest mine, traders in Rotterdam said on Tuesday. </p>", 4) + "</article></body></html>"
	for _, c := range []struct{ name, ct, body, query string }{
		{"ndjson", "application/x-ndjson", ndjson, "nickel"},
		{"array", "application/json", array, "soared"},
		{"markdown", "text/markdown", md, "gallium"},
		{"feed", "application/rss+xml", rss, "antimony"},
		{"html", "text/html", page, "tungsten"},
	} {
		code, a := s.post(t, "/api/articles", testToken, c.ct, strings.NewReader(c.body))
		if code != 200 || a.Errors != 0 || a.Created == 0 {
			t.Errorf("%s: %d %+v", c.name, code, a)
			continue
		}
		if r := s.search(t, c.query); r.TotalArticles != 1 {
			t.Errorf("%s: search %q found %d articles", c.name, c.query, r.TotalArticles)
		}
	}
}

// TestAddBadInput: each bad input gets a clear error, and nothing already
// stored changes.
func TestAddBadInput(t *testing.T) {
	s := newWriteServer(t, 0)
	if code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(article1)); code != 200 {
		t.Fatalf("seed article: %d %+v", code, a)
	}
	before := snapshot(t, s)
	laughs := `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title><link>https://x.example/1</link><description>&lol9;</description></item></channel></rss>`
	noArticle := `<html><head><title>Sign in</title></head><body><nav><a href="/">Home</a></nav><form>Password <input type=password></form></body></html>`
	cases := []struct {
		name, ct, body string
		status         int
		want           string // in the error message
	}{
		{"invalid JSON", "application/json", `{"title": "x", "body": `, 400, "invalid JSON"},
		{"missing body", "application/json", `{"url":"https://example.com/a","title":"t","source":"s"}`, 400, "body is missing"},
		{"bad date", "application/json", `{"url":"https://example.com/b","body":"text","published":"last Tuesday"}`, 400, `"last Tuesday" is not a date`},
		// By default an unknown field is a warning (TestDatasetFieldsShown);
		// ?strict=1 refuses it.
		{"unknown field, strict", "application/json", `{"url":"https://example.com/c","body":"text","pubished":"2025-01-01"}`, 400, `unknown field "pubished"`},
		{"wrong type", "application/json", `{"url":"https://example.com/d","body":"text","countries":"KZ"}`, 400, `"countries" must be an array`},
		{"bad url", "application/json", `{"url":"ftp://example.com/e","body":"text"}`, 400, "not an http or https URL"},
		{"unknown format", "", `just some words`, 400, "cannot tell the format"},
		{"billion laughs", "application/rss+xml", laughs, 400, "DTD"},
		{"no article", "text/html", noArticle, 400, "no article found"},
		{"malformed feed", "application/rss+xml", `<rss version="2.0"><channel><item><title>x</title>`, 400, "not a readable RSS or Atom feed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := "/api/articles"
			if strings.HasSuffix(c.name, ", strict") {
				path += "?strict=1"
			}
			code, a := s.post(t, path, testToken, c.ct, strings.NewReader(c.body))
			msg := a.Error.Message
			if len(a.Results) > 0 {
				msg = a.Results[0].Error
			}
			if code != c.status || !strings.Contains(msg, c.want) {
				t.Errorf("%d %q, want %d and %q", code, msg, c.status, c.want)
			}
			if a.Created+a.Updated > 0 {
				t.Errorf("something was stored: %+v", a)
			}
		})
	}
	t.Run("100 MB body", func(t *testing.T) {
		// A body over the cap is cut off at the cap, not read to the end.
		big := io.MultiReader(strings.NewReader(`[`+article1+`,{"url":"https://example.com/big","body":"`), &zeros{n: 100 << 20}, strings.NewReader(`"}]`))
		code, a := s.post(t, "/api/articles", testToken, "application/json", big)
		if code != http.StatusRequestEntityTooLarge || a.Error.Code != "too_large" || !strings.Contains(a.Error.Message, "32 MB") {
			t.Errorf("%d %+v", code, a.Error)
		}
	})
	if after := snapshot(t, s); after != before {
		t.Errorf("bad input changed what is stored:\nbefore %s\nafter  %s", before, after)
	}

	// Valid items in a request with invalid ones are still stored, and
	// the answer says which is which.
	mixed := `[{"url":"https://example.com/ok","title":"Zinc","body":"Peru zinc mines reopened."},{"url":"https://example.com/bad","body":""}]`
	code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader(mixed))
	if code != 400 || a.Created != 1 || a.Errors != 1 || a.Results[0].Status != "created" || a.Results[1].Status != "error" || a.Results[1].Index != 1 {
		t.Errorf("mixed: %d %+v", code, a)
	}
	if r := s.search(t, "zinc"); r.TotalArticles != 1 {
		t.Errorf("the valid item of a mixed request was not stored")
	}
}

// zeros is n bytes of "0".
type zeros struct{ n int }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n == 0 {
		return 0, io.EOF
	}
	n := min(len(p), z.n)
	for i := range n {
		p[i] = '0'
	}
	z.n -= n
	return n, nil
}

// snapshot describes what is stored: the counts and every article's JSON.
func snapshot(t *testing.T, s *writeServer) string {
	t.Helper()
	c, err := s.eng.Counts()
	if err != nil {
		t.Fatal(err)
	}
	r := s.search(t, "")
	var b strings.Builder
	fmt.Fprintf(&b, "%+v total=%d", c, r.TotalArticles)
	for _, h := range r.Hits {
		resp, err := http.Get(s.URL + "/api/articles/" + h.ID)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		b.Write(body)
	}
	return b.String()
}

func TestReindexRoutes(t *testing.T) {
	s := newWriteServer(t, 0)
	before := s.search(t, "")
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/api/reindex", nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/reindex: %d", resp.StatusCode)
	}
	deadline := time.Now().Add(30 * time.Second)
	var st newsfind.ReindexStatus
	for {
		resp, err := http.Get(s.URL + "/api/reindex")
		if err != nil {
			t.Fatal(err)
		}
		json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if !st.Running || time.Now().After(deadline) {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st.Running || st.Error != "" || st.Finished.IsZero() || st.Done != st.Total || st.Total != before.TotalArticles {
		t.Fatalf("status after the rebuild: %+v", st)
	}
	if after := s.search(t, ""); after.TotalArticles != before.TotalArticles {
		t.Errorf("articles before %d, after %d", before.TotalArticles, after.TotalArticles)
	}
	if r := s.search(t, "fentanyl tariff"); r.TotalArticles != 1 {
		t.Errorf("seed not found after the rebuild")
	}
}

// TestAddReutersAPI posts a part of Reuters-21578 (the first 3,000
// stories, in NDJSON requests of 500, as the CLI sends them; the CLI test
// ingests the whole corpus) and checks that the store, the index and the
// search totals agree.
func TestAddReutersAPI(t *testing.T) {
	corpus.Long(t)
	data := corpus.Read(t, "reuters21578.jsonl.gz")
	s := newWriteServer(t, 0)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 4<<20)
	const want, batch = 3000, 500
	var buf bytes.Buffer
	sent, created, failed := 0, 0, 0
	start := time.Now()
	flush := func() {
		code, a := s.post(t, "/api/articles", testToken, "application/x-ndjson", bytes.NewReader(buf.Bytes()))
		if code != 200 && code != 400 {
			t.Fatalf("batch: %d %+v", code, a.Error)
		}
		created += a.Created
		failed += a.Errors
		buf.Reset()
	}
	for sent < want && sc.Scan() {
		buf.Write(sc.Bytes())
		buf.WriteByte('\n')
		if sent++; sent%batch == 0 {
			flush()
		}
	}
	if buf.Len() > 0 {
		flush()
	}
	took := time.Since(start)
	t.Logf("Reuters via the API: %d articles in %v (%.0f articles/s), %d refused", sent, took.Round(time.Millisecond), float64(sent)/took.Seconds(), failed)
	if created+failed != want {
		t.Errorf("created %d + failed %d != sent %d", created, failed, want)
	}
	c, err := s.eng.Counts()
	if err != nil {
		t.Fatal(err)
	}
	seedsN := len(mustSeeds(t))
	if c.Stored != created+seedsN || c.Catalog != c.Stored || c.Passages != c.WantPassages {
		t.Errorf("counts disagree: %+v, created %d + %d seeds", c, created, seedsN)
	}
	if r := s.search(t, ""); r.TotalArticles != c.Stored {
		t.Errorf("search total %d, stored %d", r.TotalArticles, c.Stored)
	}
	if r := s.search(t, "cocoa Bahia"); r.TotalArticles == 0 {
		t.Errorf("reuters-1 not found")
	}
}

func mustSeeds(t *testing.T) []string {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(arts))
	for i := range arts {
		ids[i] = arts[i].ID
	}
	return ids
}

// TestBylineShown: a byline sent with an article is stored and shown by
// the API and on the article page.
func TestBylineShown(t *testing.T) {
	s := newWriteServer(t, 0)
	code, a := s.post(t, "/api/articles", testToken, "application/json",
		strings.NewReader(`{"id":"by-1","title":"Lithium","source":"Wire","byline":"Jane Doe & Li Wei","body":"Chile's lithium output rose."}`))
	if code != 200 || a.Created != 1 {
		t.Fatalf("post: %d %+v", code, a)
	}
	resp, err := http.Get(s.URL + "/api/articles/by-1")
	if err != nil {
		t.Fatal(err)
	}
	var got struct{ Byline string }
	json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if got.Byline != "Jane Doe & Li Wei" {
		t.Errorf("API byline %q", got.Byline)
	}
	resp, err = http.Get(s.URL + "/articles/by-1")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `<span class="byline">Jane Doe &amp; Li Wei</span>`) {
		t.Errorf("article page lacks the byline")
	}
	// And the hit in a result list, in the API and on the search page.
	resp, err = http.Get(s.URL + "/api/search?q=lithium")
	if err != nil {
		t.Fatal(err)
	}
	var res struct{ Hits []struct{ Byline string } }
	json.NewDecoder(resp.Body).Decode(&res)
	resp.Body.Close()
	if len(res.Hits) != 1 || res.Hits[0].Byline != "Jane Doe & Li Wei" {
		t.Errorf("search hit: %+v", res.Hits)
	}
	resp, err = http.Get(s.URL + "/search?q=lithium")
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `<span class="byline">Jane Doe &amp; Li Wei</span>`) {
		t.Errorf("search page lacks the byline")
	}
}
