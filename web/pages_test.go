package web

import (
	"context"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/internal/enginetest"
)

const hostile = `<script>alert(1)</script> <img src=x onerror=alert(1)>`

// newEngineServer serves the seeds over a real engine in a temp dir.
func newEngineServer(t testing.TB) (*httptest.Server, *engine.Engine) {
	t.Helper()
	eng := enginetest.Open(t, enginetest.Seeds())
	return newTestServer(t, eng.Searcher()), eng
}

func newTestServer(t testing.TB, s newsfind.Searcher) *httptest.Server {
	t.Helper()
	srv, err := NewServer(Options{Searcher: s, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// get fetches path as a browser would and returns status, headers, body.
func get(t testing.TB, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

var (
	scriptTag = regexp.MustCompile(`(?i)<script[^>]*>`)
	hrefAttr  = regexp.MustCompile(`(?i)\bhref\s*=\s*"([^"]*)"`)
)

// assertSafe checks a page for anything an article could have smuggled in.
func assertSafe(t *testing.T, page string) {
	t.Helper()
	for _, s := range scriptTag.FindAllString(page, -1) {
		if s != `<script src="/static/app.js" defer>` {
			t.Errorf("page has a script tag that is not ours: %s", s)
		}
	}
	if i := strings.Index(strings.ToLower(page), "<img"); i >= 0 {
		t.Errorf("page has an <img: %q", page[max(0, i-80):min(len(page), i+80)])
	}
	if strings.Contains(strings.ToLower(page), "onerror=") && !strings.Contains(page, "onerror=alert(1)&gt;") {
		t.Errorf("page has an unescaped onerror attribute")
	}
	for _, m := range hrefAttr.FindAllStringSubmatch(page, -1) {
		h := strings.ToLower(strings.TrimSpace(m[1]))
		if strings.HasPrefix(h, "javascript:") || strings.HasPrefix(h, "data:") || strings.HasPrefix(h, "vbscript:") {
			t.Errorf("page links to %q", m[1])
		}
		if strings.HasPrefix(h, "//") || (strings.Contains(h, ":") && !strings.HasPrefix(h, "http://") && !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "/") && !strings.HasPrefix(h, "#")) {
			t.Errorf("page has an unexpected link %q", m[1])
		}
	}
}

func TestPagesEscapeArticleContent(t *testing.T) {
	ts, eng := newEngineServer(t)
	ctx := context.Background()
	outs, err := eng.Add(ctx, []newsfind.Article{
		{
			ID: "evil-1", URL: "https://evil.example/x?a=1", Source: "Evil <b>Press</b>",
			Title:    "Zebrafish " + hostile,
			Body:     "Zebrafish farming " + hostile + " expands.\n\nA second paragraph about zebrafish and \"quotes\" & ampersands.",
			DateNote: "sometime " + hostile,
		},
		{ID: "evil-2", URL: "javascript:alert(1)", Title: "Zebrafish", Body: "Zebrafish " + hostile},
	})
	if err != nil {
		t.Fatal(err)
	}
	if outs[0].Status != newsfind.StatusCreated {
		t.Fatalf("hostile article not indexed: %+v", outs[0])
	}
	if outs[1].Status != newsfind.StatusError {
		t.Errorf("article with a javascript: URL was accepted: %+v", outs[1])
	}

	for _, path := range []string{
		"/search?q=zebrafish",
		"/search?q=" + url.QueryEscape("alert onerror"),
		"/search?q=zebrafish&source=" + url.QueryEscape("Evil <b>Press</b>"),
		"/articles/evil-1?q=zebrafish",
		"/articles/evil-1",
		"/search?q=" + url.QueryEscape(`"`+hostile),
		"/search?q=" + url.QueryEscape(hostile),
	} {
		t.Run(path, func(t *testing.T) {
			st, h, page := get(t, ts, path)
			if st != http.StatusOK && st != http.StatusBadRequest {
				t.Fatalf("status %d", st)
			}
			assertSafe(t, page)
			if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
				t.Errorf("Content-Security-Policy = %q", csp)
			}
			if h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", h.Get("X-Content-Type-Options"))
			}
		})
	}

	_, _, page := get(t, ts, "/search?q=zebrafish")
	for _, want := range []string{
		`&lt;script&gt;alert(1)&lt;/script&gt;`,
		`&lt;img src=x onerror=alert(1)&gt;`,
		`Evil &lt;b&gt;Press&lt;/b&gt;`,
		`<mark>Zebrafish</mark>`,
		`href="/articles/evil-1?q=zebrafish"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	_, _, page = get(t, ts, "/articles/evil-1?q=zebrafish")
	for _, want := range []string{`id="p1"`, `<mark>`, `&amp; ampersands`, `href="https://evil.example/x?a=1"`, `sometime &lt;script&gt;`} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %s", want)
		}
	}
}

func TestPageStatuses(t *testing.T) {
	ts, _ := newEngineServer(t)
	for _, c := range []struct {
		path   string
		status int
		want   string
	}{
		{"/", 200, `autofocus`},
		{"/", 200, `class="example" href="/search?q=rare&#43;earths"`}, // drawn from the seeds
		{"/search?q=rare+earth", 200, `3 articles`},
		{"/search?q=rare+earth&country=KZ", 200, `Country: Kazakhstan`},
		{"/search", 200, `3 articles`},
		{"/search?q=zzzqqqxxx", 200, `No articles match`},
		{"/search?q=" + url.QueryEscape(`"rare earth`), 400, `syntax error`},
		{"/search?q=rare+OR", 400, `OR needs a term`},
		{"/search?q=rare&from=yesterday", 400, `is not a date`},
		{"/search?q=rare&sort=sideways", 400, `unknown sort`},
		{"/articles/000_a9e5019015f98715?q=rare+earth", 200, `<mark>`},
		{"/articles/000_a9e5019015f98715", 200, `id="p1"`},
		{"/articles/000_a9e5019015f98715", 200, `title="All articles on this country">Kazakhstan</a>`},
		{"/search?q=%22rare&country=KZ", 400, `<input type="hidden" name="country" value="KZ">`},
		{"/articles/no-such-article", 404, `Not found`},
		{"/articles/" + url.PathEscape("../etc/passwd"), 404, ``},
		{"/no/such/page", 404, `Not found`},
		{"/static/style.css", 200, `--accent`},
		{"/static/app.js", 200, `data-autosubmit`},
		{"/static/", 404, ``},
	} {
		st, h, body := get(t, ts, c.path)
		if st != c.status {
			t.Errorf("GET %s: status %d, want %d", c.path, st, c.status)
		}
		if !strings.Contains(body, c.want) {
			t.Errorf("GET %s: body lacks %q", c.path, c.want)
		}
		if strings.HasPrefix(c.path, "/static/") || c.status == 404 && c.want == "" {
			continue
		}
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("GET %s: Content-Type %q", c.path, ct)
		}
	}

	// The JSON API keeps answering JSON errors.
	res, err := http.Get(ts.URL + "/api/search?q=" + url.QueryEscape(`"rare`))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 400 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") || !strings.Contains(string(b), `"code": "invalid"`) {
		t.Errorf("/api/search error: %d %s %s", res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	res, err = http.Get(ts.URL + "/api/articles/nope")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Errorf("/api/articles/nope: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func TestSearchPagePermalinks(t *testing.T) {
	ts, _ := newEngineServer(t)
	_, _, page := get(t, ts, "/search?q=rare+earth&country=KZ&sort=date")
	page = html.UnescapeString(page)
	for _, want := range []string{
		// the KZ box is ticked and the chip removes only KZ
		`name="country" value="KZ" form="sf" data-autosubmit checked`,
		`href="/search?q=rare+earth&sort=date" aria-label="Remove filter Country: Kazakhstan"`,
		// results carry the whole search to the article page
		`href="/articles/000_a9e5019015f98715?country=KZ&q=rare+earth&sort=date"`,
		`<option value="date" selected>`,
		`passages in`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}
}

// fakeSearcher answers with whatever a test puts in it, hostile or not.
type fakeSearcher struct {
	res  newsfind.Result
	doc  newsfind.Document
	hits []newsfind.PassageHit
}

func (f *fakeSearcher) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	r := f.res
	return &r, nil
}

func (f *fakeSearcher) Document(ctx context.Context, id string) (*newsfind.Document, error) {
	if id != f.doc.ID {
		return nil, newsfind.Errorf(newsfind.ENOTFOUND, "no article %q", id)
	}
	return &f.doc, nil
}

func (f *fakeSearcher) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	return f.hits, nil
}

// TestPagesDistrustTheSearcher feeds the pages what no real searcher
// should produce: tags in passages, marks that do not fit, highlights
// that are scripts (pages render marks, never a highlight), script URLs,
// hostile labels.
func TestPagesDistrustTheSearcher(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(newsfind.DateLayout, s); return d }
	f := &fakeSearcher{
		res: newsfind.Result{
			TotalArticles: 25, TotalPassages: 40, Took: 1500 * time.Microsecond,
			Hits: []newsfind.Hit{{
				Summary: newsfind.Summary{ID: "a1", Title: hostile, URL: "javascript:alert(1)", Source: hostile, DateNote: hostile,
					Countries: []string{`"><script>alert(1)</script>`}, Commodities: []string{"uranium"}},
				Passages: []newsfind.PassageHit{
					{Index: 1, Text: `ok hit <script>alert(1)</script><img src=x onerror=alert(1)> <b> &`,
						Marks: [][2]int{{3, 6}, {32, 60}}, Highlight: hostile},
					{Index: 2, Text: `x"y`, Marks: [][2]int{{9, 12}, {2, 1}}, Highlight: `<mark onclick="alert(1)">x</mark>`},
				},
				MatchedPassages: 5,
			}},
			Facets: newsfind.Facets{
				Country: []newsfind.FacetValue{{Value: `KZ"><img src=x>`, Label: hostile, Count: 2}},
				Source:  []newsfind.FacetValue{{Value: "javascript:alert(1)", Label: "javascript:alert(1)", Count: 1}},
				Date: newsfind.DateFacet{Interval: "month", Undated: 4, Buckets: []newsfind.DateBucket{
					{Value: "2025-10", From: day("2025-10-01"), To: day("2025-10-31"), Count: 3},
					{Value: "2025-11", From: day("2025-11-01"), To: day("2025-11-30"), Count: 0},
					{Value: "2025-12", From: day("2025-12-01"), To: day("2025-12-31"), Count: 9},
				}},
			},
		},
		doc: newsfind.Document{Article: newsfind.Article{ID: "a1", Title: hostile, URL: "javascript:alert(1)", Source: hostile}},
		hits: []newsfind.PassageHit{
			{Index: 0, Text: hostile, Highlight: hostile},
			{Index: 3, Text: "x<script>alert(1)</script>", Marks: [][2]int{{0, 1}}, Highlight: hostile},
		},
	}
	ts := newTestServer(t, f)

	st, _, page := get(t, ts, "/search?q=x&page=2")
	if st != 200 {
		t.Fatalf("status %d", st)
	}
	assertSafe(t, page)
	for _, want := range []string{
		`ok <mark>hit</mark> &lt;script&gt;alert(1)&lt;/script&gt;<mark>&lt;img src=x onerror=alert(1)&gt;</mark> &lt;b&gt; &amp;`,
		`#p2">x&#34;y</a>`,
		`3 more passages in this article`,
		`href="/articles/a1?page=2&amp;q=x#p1"`,
		`4 undated`,
		// bars link to their month; the empty month has no link
		`<a href="/search?from=2025-10-01&amp;q=x&amp;to=2025-10-31" aria-label="2025-10: 3 articles">`,
		`<a href="/search?from=2025-12-01&amp;q=x&amp;to=2025-12-31" aria-label="2025-12: 9 articles">`,
		`rel="prev" href="/search?q=x"`,
		`rel="next" href="/search?page=3&amp;q=x"`,
		`<span class="current" aria-current="page">2</span>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("search page lacks %s", want)
		}
	}
	if strings.Contains(page, "2025-11-01") {
		t.Errorf("an empty month is linked")
	}
	if strings.Contains(page, `class="orig"`) {
		t.Errorf("a javascript: URL is linked as the original")
	}

	st, _, page = get(t, ts, "/articles/a1?q=x")
	if st != 200 {
		t.Fatalf("article status %d", st)
	}
	assertSafe(t, page)
	if !strings.Contains(page, `<p id="p3" class="para marked"><mark>x</mark>&lt;script&gt;`) {
		t.Errorf("article passage not marked and escaped:\n%s", page)
	}
	if strings.Contains(page, "Read the original") {
		t.Errorf("a javascript: URL is linked as the original")
	}
}

func TestSafeURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://a.example/x":  "https://a.example/x",
		"HTTP://a.example":     "http://a.example",
		"javascript:alert(1)":  "",
		" JavaScript:alert(1)": "",
		"data:text/html,x":     "",
		"//evil.example/":      "",
		"/relative":            "",
		"":                     "",
	} {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSearchPageShowsExpanded: a query widened by synonyms says what was
// searched; one searched as typed says nothing.
func TestSearchPageShowsExpanded(t *testing.T) {
	ts, _ := newEngineServer(t)
	_, _, page := get(t, ts, "/search?q=REE")
	page = html.UnescapeString(page)
	if want := `Searched: <code>REE OR "rare earth elements" OR "rare earths" OR "rare earth metals"</code>`; !strings.Contains(page, want) {
		t.Errorf("page lacks %s", want)
	}
	if !strings.Contains(page, "000_a9e5019015f98715") {
		t.Error("REE: the rare-earth seed 000 is not on the page")
	}
	_, _, page = get(t, ts, "/search?q=tariffs")
	if strings.Contains(page, "Searched:") {
		t.Error("tariffs: the page says Searched: though nothing was widened")
	}
}
