package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
	"github.com/newsfind/newsfind/wire"
)

// storyArticles are exportArticles with one story carried by three
// outlets on three days: copies of one text.
func storyArticles() []newsfind.Article {
	arts := exportArticles()
	text := "OPEC ministers agreed in Vienna to cut oil output by half a million barrels a day from March, " +
		"the cartel said after two days of talks. Saudi Arabia will bear the largest share of the cut, " +
		"delegates said, and Iraq and Iran agreed to hold their output at January levels."
	for i, src := range []string{"Gamma", "Delta", "Alpha"} {
		arts = append(arts, newsfind.Article{ID: fmt.Sprintf("opec%d", i), URL: fmt.Sprintf("https://example.com/opec/%d", i),
			Title: "OPEC agrees to cut oil output", Source: src, Body: text,
			Published: time.Date(2024, 3, 3+i, 0, 0, 0, 0, time.UTC)})
	}
	return arts
}

func ndjsonLines[T any](t *testing.T, body []byte) []T {
	t.Helper()
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %d: %v: %s", len(out)+1, err, sc.Bytes())
		}
		out = append(out, v)
	}
	return out
}

// marked is the text of each mark of a passage, lower-cased.
func marked(text string, marks [][2]int) []string {
	rs := []rune(text)
	var out []string
	for _, m := range marks {
		out = append(out, strings.ToLower(string(rs[m[0]:m[1]])))
	}
	return out
}

// TestExportUnits: unit=articles rows carry their best passage with the
// query's words marked; unit=passages has every matching passage, as many
// as the search counts, grouped by article in the articles' order;
// unit=stories has every story once, as distinct=story pages them, with
// its canonical article, outlets and dates. NDJSON and CSV agree.
func TestExportUnits(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(storyArticles())))
	var count struct {
		TotalArticles int `json:"total_articles"`
		TotalPassages int `json:"total_passages"`
		TotalStories  int `json:"total_stories"`
	}
	_, body := fetchExport(t, ts, "/api/search?q=oil&size=0&distinct=story", false)
	if err := json.Unmarshal(body, &count); err != nil || count.TotalStories == 0 {
		t.Fatalf("count: %v %s", err, body)
	}

	_, body = fetchExport(t, ts, "/api/export?q=oil", false)
	arts := ndjsonLines[wire.ExportArticle](t, body)
	var order []string
	for _, a := range arts {
		if a.BestPassage == nil || len(a.BestPassage.Marks) == 0 || a.BestPassage.Marks == nil {
			t.Fatalf("%s: best passage %+v; want one with oil marked", a.ID, a.BestPassage)
		}
		for _, m := range marked(a.BestPassage.Text, a.BestPassage.Marks) {
			if m != "oil" {
				t.Fatalf("%s: %q marked in %q", a.ID, m, a.BestPassage.Text)
			}
		}
		order = append(order, a.ID)
	}
	if len(arts) != count.TotalArticles {
		t.Fatalf("%d article rows, search counts %d", len(arts), count.TotalArticles)
	}

	_, body = fetchExport(t, ts, "/api/export?q=oil&unit=passages", false)
	ps := ndjsonLines[wire.ExportPassage](t, body)
	if len(ps) != count.TotalPassages {
		t.Errorf("%d passage rows, search counts %d matching passages", len(ps), count.TotalPassages)
	}
	var byArticle []string
	last := map[string]int{}
	for _, p := range ps {
		if len(byArticle) == 0 || byArticle[len(byArticle)-1] != p.ArticleID {
			if _, seen := last[p.ArticleID]; seen {
				t.Fatalf("article %s's passages are not together", p.ArticleID)
			}
			byArticle = append(byArticle, p.ArticleID)
			last[p.ArticleID] = -1
		}
		if p.Index <= last[p.ArticleID] || !slices.Contains(marked(p.Text, p.Marks), "oil") {
			t.Fatalf("passage %s/%d %q %v: out of order or oil unmarked", p.ArticleID, p.Index, p.Text, p.Marks)
		}
		last[p.ArticleID] = p.Index
	}
	if !slices.Equal(byArticle, order) {
		t.Errorf("passages' articles are not in the articles' order")
	}

	_, body = fetchExport(t, ts, "/api/export?q=oil&unit=stories", false)
	stories := ndjsonLines[wire.ExportStory](t, body)
	g := func(p string) (int, apiResult) { return get(t, ts, p) }
	if got, want := len(stories), count.TotalStories; got != want {
		t.Errorf("%d story rows, search counts %d stories", got, want)
	}
	var best []string
	var opec *wire.ExportStory
	for i, s := range stories {
		best = append(best, s.BestID)
		if s.CanonicalID == "opec0" {
			opec = &stories[i]
		}
		if s.Articles < s.MatchedArticles || s.MatchedArticles < 1 || len(s.Outlets) == 0 {
			t.Errorf("story %+v: counts or outlets wrong", s)
		}
	}
	if want := walk(t, g, "q=oil&distinct=story&size=100"); !slices.Equal(best, want) {
		t.Errorf("stories' best articles\n %v\nwant paging's\n %v", best, want)
	}
	if opec == nil || opec.Articles != 3 || !slices.Equal(opec.Outlets, []string{"Alpha", "Delta", "Gamma"}) ||
		*opec.FirstPublished != "2024-03-03" || *opec.LastPublished != "2024-03-05" || opec.StoryID == "" {
		t.Errorf("the OPEC story: %+v; want 3 articles from Alpha, Delta, Gamma, 2024-03-03 to 2024-03-05", opec)
	}

	// CSV: the same rows under the unit's header.
	for unit, want := range map[string]struct {
		cols []string
		rows int
	}{"articles": {wire.ExportColumns, len(arts)}, "passages": {wire.PassageColumns, len(ps)}, "stories": {wire.StoryColumns, len(stories)}} {
		resp, body := fetchExport(t, ts, "/api/export?q=oil&format=csv&unit="+unit, false)
		if cd := resp.Header.Get("Content-Disposition"); unit != "articles" && !strings.Contains(cd, "oil-"+unit+".csv") {
			t.Errorf("unit=%s: Content-Disposition %q", unit, cd)
		}
		recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
		if err != nil || len(recs) != want.rows+1 || !slices.Equal(recs[0], want.cols) {
			t.Errorf("unit=%s csv: %v, %d records; want %d + header %v", unit, err, len(recs), want.rows, want.cols)
		}
	}
}

// TestExportBOM: bom=1 starts a CSV with the UTF-8 byte order mark and
// changes nothing else; an NDJSON export refuses it.
func TestExportBOM(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(exportArticles())))
	_, plain := fetchExport(t, ts, "/api/export?q=oil&format=csv", false)
	_, withBOM := fetchExport(t, ts, "/api/export?q=oil&format=csv&bom=1", true)
	if !bytes.Equal(withBOM, append([]byte("\xEF\xBB\xBF"), plain...)) {
		t.Errorf("bom=1: starts %q; want the BOM and then the same CSV", withBOM[:min(10, len(withBOM))])
	}
	if !bytes.HasSuffix(plain, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(plain, []byte("\r\n"), nil), []byte("\n")) {
		t.Errorf("CSV lines do not all end in CRLF")
	}
	for path, name := range map[string]string{"/api/export?q=oil&bom=1": "bom", "/api/export?q=oil&format=csv&bom=yes": "bom"} {
		status, r := get(t, ts, path)
		if status != http.StatusBadRequest || r.Error == nil || !strings.Contains(r.Error.Message, name) {
			t.Errorf("%s: status %d %+v; want 400 naming %s", path, status, r.Error, name)
		}
	}
}

// pythonWithPandas is the first Python 3 that has pandas, of the one on
// PATH and the system's (a pyenv or venv on PATH often lacks the Debian
// package), else the first found; "" when there is none.
func pythonWithPandas() string {
	var found []string
	for _, c := range []string{"python3", "/usr/bin/python3"} {
		if p, err := exec.LookPath(c); err == nil {
			found = append(found, p)
			if exec.Command(p, "-c", "import pandas").Run() == nil {
				return p
			}
		}
	}
	if len(found) == 0 {
		return ""
	}
	return found[0]
}

// pythonReads parses a CSV file with Python's csv module, and with pandas
// when it is installed, and returns the data rows each counted (-1: no
// pandas) and the first column of the csv module's rows.
func pythonReads(t *testing.T, path string) (csvRows, pandasRows int, ids []string) {
	t.Helper()
	py := pythonWithPandas()
	if py == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is not installed")
		}
		t.Skip("python3 is not installed")
	}
	script := `
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
out = {"header": rows[0], "ids": [r[0] for r in rows[1:]], "widths": sorted({len(r) for r in rows})}
try:
    import pandas
except ImportError:
    out["pandas"] = -1
else:
    df = pandas.read_csv(sys.argv[1], encoding="utf-8-sig", keep_default_na=False, dtype=str)
    assert list(df.columns) == rows[0], (list(df.columns), rows[0])
    assert list(df[rows[0][0]]) == out["ids"]
    out["pandas"] = len(df)
print(json.dumps(out))
`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python could not read %s: %v\n%s", path, err, out)
	}
	var r struct {
		Header []string
		IDs    []string
		Widths []int
		Pandas int
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(r.Widths) != 1 || r.Widths[0] != len(r.Header) {
		t.Errorf("python's csv module read rows of %v fields; want all %d", r.Widths, len(r.Header))
	}
	if r.Pandas < 0 {
		t.Logf("pandas is not installed: read with Python's csv module alone")
	}
	return len(r.IDs), r.Pandas, r.IDs
}

// TestExportCSVPython: the CSV reads in Python's csv module and in pandas
// as written, quotes, commas, BOM and all, as many rows as the search.
func TestExportCSVPython(t *testing.T) {
	ts := newExportServer(t, enginetest.Open(t, enginetest.Articles(storyArticles())))
	_, r := get(t, ts, "/api/search?q=oil&size=0")
	for _, params := range []string{"q=oil&format=csv&bom=1", "q=oil&format=csv&unit=passages", "q=oil&format=csv&unit=stories"} {
		_, body := fetchExport(t, ts, "/api/export?"+params, true)
		path := filepath.Join(t.TempDir(), "export.csv")
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		rows, pandas, ids := pythonReads(t, path)
		if params == "q=oil&format=csv&bom=1" && (rows != r.TotalArticles || ids[0] == "" || strings.HasPrefix(ids[0], "\uFEFF")) {
			t.Errorf("%s: python read %d rows (first id %q); want %d", params, rows, ids[0], r.TotalArticles)
		}
		if pandas >= 0 && pandas != rows {
			t.Errorf("%s: pandas read %d rows, csv %d", params, pandas, rows)
		}
	}
}

// slowExporter hands rows on slowly and says when its walk ended.
type slowExporter struct {
	newsfind.Exporter
	rows  atomic.Int64
	ended chan error
}

func (s *slowExporter) Export(ctx context.Context, q newsfind.Query, fn func(*newsfind.ExportRow) error) error {
	err := s.Exporter.Export(ctx, q, func(r *newsfind.ExportRow) error {
		s.rows.Add(1)
		time.Sleep(5 * time.Millisecond)
		return fn(r)
	})
	s.ended <- err
	return err
}

// TestExportDisconnect: a client that goes away stops the walk within a
// few rows, not at the end of the export.
func TestExportDisconnect(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Articles(exportArticles()))
	ex, _ := eng.Searcher().(newsfind.Exporter)
	slow := &slowExporter{Exporter: ex, ended: make(chan error, 1)}
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Exporter: slow, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+"/api/export", nil)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}()
	time.Sleep(150 * time.Millisecond)
	cancel()
	select {
	case err := <-slow.ended:
		if err == nil {
			t.Errorf("the walk ended without an error after the client left")
		}
	case <-time.After(3 * time.Second):
		t.Fatalf("the walk went on 3 s after the client left")
	}
	if n := slow.rows.Load(); n >= 230 {
		t.Errorf("the walk read all %d rows though the client left after ~30", n)
	}
}
