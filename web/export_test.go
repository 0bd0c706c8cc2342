package web_test

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/web"
	"github.com/newsfind/newsfind/wire"
)

func newExportServer(t *testing.T, eng *engine.Engine) *httptest.Server {
	t.Helper()
	ex, _ := eng.Searcher().(newsfind.Exporter)
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Exporter: ex, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// fetchExport GETs path with or without gzip asked for, and returns the
// response with its body read (and decompressed when it says gzip).
func fetchExport(t *testing.T, ts *httptest.Server, path string, gz bool) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	if gz {
		req.Header.Set("Accept-Encoding", "gzip")
	}
	// No transparent decompression: the test checks what was sent.
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r io.Reader = resp.Body
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		r = zr
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp, b
}

func ndjsonIDs(t *testing.T, body []byte) []string {
	t.Helper()
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var a wire.ExportArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("line %d: %v: %s", len(out)+1, err, sc.Bytes())
		}
		if a.ID == "" || a.Source == "" || a.Copies < 1 || a.Countries == nil || a.AboutCommodities == nil {
			t.Fatalf("line %d lacks fields: %s", len(out)+1, sc.Bytes())
		}
		out = append(out, a.ID)
	}
	return out
}

// exportArticles are 230 articles, more than two pages of 100: oil in
// most, wheat in some, several countries, dated and not, a title with a
// comma and a quote for the CSV to quote.
func exportArticles() []newsfind.Article {
	countries := [][]string{{"KZ", "RU"}, {"US"}, {"SA", "IR", "IQ"}, nil}
	var arts []newsfind.Article
	for i := range 230 {
		body := fmt.Sprintf("Report %d from the desk. ", i)
		if i%5 != 0 {
			body += strings.Repeat("Oil prices moved again. ", 1+i%4)
		}
		if i%3 == 0 {
			body += "Wheat harvests were strong. "
		}
		a := newsfind.Article{ID: fmt.Sprintf("x%03d", i), URL: fmt.Sprintf("https://example.com/%d", i),
			Title: fmt.Sprintf("Markets, \"day\" %d", i), Source: []string{"Alpha", "Beta"}[i%2], Body: body + "The end of the report.",
			Countries: countries[i%4]}
		if i%7 != 0 {
			a.Published = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%50)
		}
		arts = append(arts, a)
	}
	return arts
}

// TestExportMatchesPaging: an export has exactly the articles paging
// through the search gives, in the same order, as NDJSON and as CSV.
func TestExportMatchesPaging(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(exportArticles())))
	g := func(p string) (int, apiResult) { return get(t, ts, p) }
	for _, params := range []string{"q=oil", "q=", "q=oil&sort=date", "q=oil+OR+wheat&sort=date", "country=RU&q=wheat", "q=oil&distinct=story&sort=date"} {
		want := walk(t, g, params+"&size=100")
		if len(want) == 0 {
			t.Fatalf("%s: nothing matched; pick a query the seeds match", params)
		}
		resp, body := fetchExport(t, ts, "/api/export?"+params, false)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d: %s", params, resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/x-ndjson" {
			t.Errorf("%s: Content-Type %q", params, ct)
		}
		disp, dp, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" || !strings.HasSuffix(dp["filename"], ".ndjson") || strings.ContainsAny(dp["filename"], " /\\\"") {
			t.Errorf("%s: Content-Disposition %q", params, resp.Header.Get("Content-Disposition"))
		}
		if got := ndjsonIDs(t, body); !slices.Equal(got, want) {
			t.Errorf("%s: export\n %v\nwant paging's\n %v", params, got, want)
		}

		resp, body = fetchExport(t, ts, "/api/export?format=csv&"+params, false)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s csv: status %d, %q", params, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil {
			t.Fatalf("%s csv does not parse: %v", params, err)
		}
		if len(recs) != len(want)+1 || !slices.Equal(recs[0], wire.ExportColumns) {
			t.Fatalf("%s csv: %d records, header %v; want %d + header %v", params, len(recs), recs[0], len(want), wire.ExportColumns)
		}
		for i, rec := range recs[1:] {
			if rec[0] != want[i] {
				t.Fatalf("%s csv row %d: id %s, want %s", params, i+1, rec[0], want[i])
			}
		}
	}
}

// TestExportCSVLists: tags are joined with ";" in one field.
func TestExportCSVLists(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(exportArticles())))
	_, body := fetchExport(t, ts, "/api/export?format=csv&q=oil", false)
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(wire.ExportColumns, "countries")
	multi := false
	for _, r := range recs[1:] {
		if strings.Contains(r[col], ";") {
			multi = true
		}
		if strings.Contains(r[col], ",") || strings.Contains(r[col], "[") {
			t.Errorf("countries field %q: want codes joined with ;", r[col])
		}
	}
	if !multi {
		t.Errorf("no oil article mentions two countries; the ; join is untested")
	}
}

// TestExportGzip: a client that accepts gzip gets the same rows gzipped.
func TestExportGzip(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(exportArticles())))
	_, plain := fetchExport(t, ts, "/api/export?q=oil", false)
	resp, unzipped := fetchExport(t, ts, "/api/export?q=oil", true)
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Accept-Encoding: gzip answered with Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	if !bytes.Equal(plain, unzipped) || len(plain) == 0 {
		t.Errorf("gzip export differs from the plain one (%d vs %d bytes)", len(unzipped), len(plain))
	}
}

// TestExportBadInput: a bad parameter is a 400 that names it, before
// anything is streamed.
func TestExportBadInput(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(exportArticles())))
	for path, name := range map[string]string{
		"/api/export?q=oil&format=xlsx":  "format",
		"/api/export?q=oil&unit=words":   "unit",
		"/api/export?q=oil&contry=KZ":    "contry",
		"/api/export?q=oil&from=2025-13": "from",
		"/api/export?q=%22oil":           "",
	} {
		status, r := get(t, ts, path)
		if status != http.StatusBadRequest || r.Error == nil || !strings.Contains(r.Error.Message, name) {
			t.Errorf("%s: status %d, error %+v; want 400 naming %q", path, status, r.Error, name)
		}
	}
}

// TestExportReuters exports every oil article of Reuters-21578: as many
// as the search counts, from one walk of the index where paging by 100
// walks it once a page.
func TestExportReuters(t *testing.T) {
	corpus.Long(t)
	data := corpus.Read(t, "reuters21578.jsonl.gz")
	items, err := ingest.ParseJSON(data, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var arts []newsfind.Article
	for _, it := range items {
		if it.Err == nil {
			arts = append(arts, it.Article)
		}
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	svc := eng.Searcher().(*search.Service)
	ts := newExportServer(t, eng)
	_, r := get(t, ts, "/api/search?q=oil&size=0")
	if r.TotalArticles < 500 {
		t.Fatalf("oil: %d articles", r.TotalArticles)
	}
	before := svc.Walks()
	_, one := get(t, ts, "/api/search?q=oil&size=1")
	perMatch := svc.Walks() - before
	if len(one.Hits) != 1 || perMatch == 0 {
		t.Fatalf("a search walked %d times", perMatch)
	}
	before = svc.Walks()
	resp, body := fetchExport(t, ts, "/api/export?q=oil&format=csv", true)
	walks := svc.Walks() - before
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != r.TotalArticles {
		t.Errorf("export has %d rows, search counts %d", len(recs)-1, r.TotalArticles)
	}
	if walks != perMatch {
		t.Errorf("export walked %d times; one match step walks %d", walks, perMatch)
	}

	// The same ids as paging through the search, in its order.
	g := func(p string) (int, apiResult) { return get(t, ts, p) }
	for _, params := range []string{"q=oil", "q=oil&sort=date"} {
		_, body := fetchExport(t, ts, "/api/export?"+params, true)
		if got, want := ndjsonIDs(t, body), walk(t, g, params+"&size=100"); !slices.Equal(got, want) {
			t.Errorf("%s: export has %d ids, paging %d, or their order differs", params, len(got), len(want))
		}
	}
	// As many NDJSON lines as the search counts, each an article.
	_, body = fetchExport(t, ts, "/api/export?q=oil&format=ndjson", false)
	if n := bytes.Count(body, []byte("\n")); n != r.TotalArticles || len(ndjsonIDs(t, body)) != n {
		t.Errorf("q=oil: %d lines, search counts %d", n, r.TotalArticles)
	}
	// Everything: a header and every article, which Python reads (csv,
	// and pandas when installed) as Go does.
	_, all := get(t, ts, "/api/search?size=0")
	_, body = fetchExport(t, ts, "/api/export?q=&format=csv", true)
	recs, err = csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(recs)-1 != all.TotalArticles || all.TotalArticles != reutersStories {
		t.Errorf("export of everything: %d rows (%v), search counts %d; Reuters has %d", len(recs)-1, err, all.TotalArticles, reutersStories)
	}
	path := filepath.Join(t.TempDir(), "all.csv")
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
	rows, pandas, ids := pythonReads(t, path)
	if rows != reutersStories || (pandas >= 0 && pandas != reutersStories) {
		t.Errorf("python read %d rows, pandas %d; want %d", rows, pandas, reutersStories)
	}
	for i, rec := range recs[1:] {
		if i < len(ids) && ids[i] != rec[0] {
			t.Fatalf("row %d: python reads id %q, Go %q", i+1, ids[i], rec[0])
		}
	}
}

// reutersStories is how many of Reuters-21578's 21,578 stories are
// articles: one has neither headline nor body.
const reutersStories = 21577

// TestExportLink: the results page links a CSV of every match, and the
// link gives as many rows as it says.
func TestExportLink(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(exportArticles())))
	resp, page := fetchExport(t, ts, "/search?q=oil&sort=date", false)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	m := regexp.MustCompile(`<a href="(/api/export\?[^"]+)" download>Download all \((\d+)\) as CSV</a>`).FindStringSubmatch(string(page))
	if m == nil {
		t.Fatalf("no Download all link on the results page")
	}
	_, r := get(t, ts, "/api/search?q=oil&size=0")
	if m[2] != fmt.Sprint(r.TotalArticles) {
		t.Errorf("the link says %s, the search counts %d", m[2], r.TotalArticles)
	}
	_, body := fetchExport(t, ts, html.UnescapeString(m[1]), false)
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil || len(recs)-1 != r.TotalArticles {
		t.Errorf("the link's CSV: %d rows, %v; want %d", len(recs)-1, err, r.TotalArticles)
	}
	if !strings.Contains(html.UnescapeString(m[1]), "sort=date") {
		t.Errorf("the link %s drops the page's sort", m[1])
	}
	// A server that cannot export offers no link.
	plain := newSeedServer(t)
	if _, page := fetchExport(t, plain, "/search?q=tariffs", false); strings.Contains(string(page), "Download all") {
		t.Errorf("a server without an exporter links an export")
	}
}
