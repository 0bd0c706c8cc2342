package bench

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/query"
	"github.com/newsfind/newsfind/tagger"
)

func TestDefaultQueries(t *testing.T) {
	qs := DefaultQueries()
	if len(qs) < 100 {
		t.Errorf("%d default queries, want at least 100", len(qs))
	}
	classes := map[string]int{}
	for _, q := range qs {
		classes[q.Class]++
		if _, err := query.Parse(q.Text); err != nil {
			t.Errorf("%s %q: %v", q.Class, q.Text, err)
		}
	}
	for _, c := range []string{"term", "and", "phrase", "or", "filter", "broad", "prefix"} {
		if classes[c] == 0 {
			t.Errorf("no %s queries", c)
		}
	}
}

func TestParseQueries(t *testing.T) {
	qs, err := ParseQueries(strings.NewReader("# comment\n\nterm\toil\r\nphrase\t\"crude oil\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0] != (Query{"term", "oil"}) || qs[1] != (Query{"phrase", `"crude oil"`}) {
		t.Errorf("got %+v", qs)
	}
	for _, bad := range []string{"oil\n", "term\t\n", ""} {
		if _, err := ParseQueries(strings.NewReader(bad)); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestScaled(t *testing.T) {
	d := time.Date(1987, 3, 1, 12, 0, 0, 0, time.UTC)
	arts := []newsfind.Article{{ID: "a", Published: d}, {ID: "b", Published: d.AddDate(0, 0, 9)}, {ID: "c"}}
	p := Period(arts)
	if p != 10*24*time.Hour {
		t.Fatalf("period %v, want 10 days", p)
	}
	if got := Scaled(arts[0], 0, p); got.ID != "a" || !got.Published.Equal(d) {
		t.Errorf("copy 0 changed: %+v", got)
	}
	got := Scaled(arts[1], 2, p)
	if got.ID != "b-x2" || !got.Published.Equal(d.AddDate(0, 0, 29)) {
		t.Errorf("copy 2 = %s %v", got.ID, got.Published)
	}
	if got := Scaled(arts[2], 1, p); got.ID != "c-x1" || !got.Published.IsZero() {
		t.Errorf("undated copy = %s %v", got.ID, got.Published)
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	if p := percentile(ds, 50); p != 50 {
		t.Errorf("p50 = %v", p)
	}
	if p := percentile(ds, 99); p != 99 {
		t.Errorf("p99 = %v", p)
	}
	if p := percentile(nil, 99); p != 0 {
		t.Errorf("empty p99 = %v", p)
	}
}

// writeCorpus writes a small corpus in the Reuters schema, gzipped.
func writeCorpus(t *testing.T, n int) string {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	words := []string{"oil", "gold", "copper", "wheat", "prices", "said", "shares", "Japan", "trade"}
	for i := 0; i < n; i++ {
		body := fmt.Sprintf("The %s market said %s rose.\n\nTraders in Tokyo said %s and %s fell, Japan trade data showed.",
			words[i%len(words)], words[(i+1)%len(words)], words[(i+2)%len(words)], words[(i+3)%len(words)])
		rec := map[string]any{
			"id": fmt.Sprintf("reuters-%d", i+1), "title": fmt.Sprintf("%s UPDATE %d", strings.ToUpper(words[i%len(words)]), i),
			"body": body, "published": time.Date(1987, 3, 1+i%20, 10, 0, 0, 0, time.UTC).Format(time.RFC3339),
			"source": "Reuters", "places": []string{"japan"}, "dateline": "TOKYO, March 1",
		}
		if i == 3 {
			rec["body"] = "" // refused: no body
		}
		b, _ := json.Marshal(rec)
		gz.Write(append(b, '\n'))
	}
	gz.Close()
	p := filepath.Join(t.TempDir(), "corpus.jsonl.gz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadCorpus(t *testing.T) {
	arts, err := ReadCorpus(writeCorpus(t, 5))
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 5 || arts[0].ID != "reuters-1" || arts[0].Source != "Reuters" || arts[0].Published.IsZero() {
		t.Errorf("got %+v", arts[0])
	}
}

func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two indexes")
	}
	qs := []Query{{"term", "oil"}, {"and", "oil prices"}, {"phrase", `"japan trade"`}, {"filter", "country:JP gold"}, {"prefix", "shar*"}}
	rep, err := Run(context.Background(), Options{
		Corpus: writeCorpus(t, 40), Scale: 2, Queries: qs, Passes: 2,
		Concurrency: 2, Duration: 200 * time.Millisecond, LiveArticles: 10, LiveBatch: 3,
		Baseline: true, TempDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	x := rep.Ours.Index
	if x.Articles != 78 || x.Rejected != 2 || x.Passages < 3*78 || x.IndexBytes == 0 || x.TextBytes == 0 {
		t.Errorf("index stats %+v", x)
	}
	if len(rep.Ours.Classes) != 5 || rep.Ours.Classes[0].Searches != 2 {
		t.Errorf("classes %+v", rep.Ours.Classes)
	}
	for _, q := range rep.Ours.PerQuery {
		if q.Error != "" || (q.Query == "oil" && q.Articles == 0) {
			t.Errorf("query %+v", q)
		}
	}
	if rep.Ours.Concurrent == nil || rep.Ours.Concurrent.Searches == 0 {
		t.Errorf("concurrent %+v", rep.Ours.Concurrent)
	}
	if l := rep.Ours.Live; l == nil || l.Articles != 9 || l.Passages == 0 { // one of the ten has no body
		t.Errorf("live %+v", l)
	}
	if rep.Baseline == nil || rep.Baseline.Index.Passages != x.Passages {
		t.Fatalf("baseline %+v", rep.Baseline)
	}
	for _, q := range rep.Baseline.PerQuery {
		if q.Error != "" || (q.Query == "oil" && q.Passages == 0) {
			t.Errorf("baseline query %+v", q)
		}
	}
	var out bytes.Buffer
	if err := rep.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || back.Ours.Index.Passages != x.Passages {
		t.Errorf("JSON round trip: %v", err)
	}
	out.Reset()
	rep.WriteText(&out)
	for _, want := range []string{"indexing", "passages/s", "baseline", "p50/p95/p99", "live ingest"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, out.String())
		}
	}
}

// TestRunCountAndDelete: --count-only times each class again at size=0,
// finding the same articles; --delete removes every article the build
// created, in calls of the size asked, and times it beside the build.
func TestRunCountAndDelete(t *testing.T) {
	qs := []Query{{"term", "oil"}, {"and", "oil gold"}}
	rep, err := Run(context.Background(), Options{
		Corpus: writeCorpus(t, 40), Scale: 2, Queries: qs, Passes: 1,
		CountOnly: true, DeleteBatch: 25, TempDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	var classes []string
	for _, c := range rep.Ours.Classes {
		classes = append(classes, c.Class)
	}
	if strings.Join(classes, ",") != "term,and,term@count,and@count" {
		t.Errorf("classes %v", classes)
	}
	found := map[string]int{}
	for _, q := range rep.Ours.PerQuery {
		if q.Error != "" {
			t.Errorf("query %+v", q)
		}
		class, _, counted := strings.Cut(q.Class, "@")
		if !counted {
			found[class+q.Query] = q.Articles
		} else if want := found[class+q.Query]; q.Articles != want || want == 0 {
			t.Errorf("%s at size=0: %d articles, %d with a page", q.Query, q.Articles, want)
		}
	}
	d := rep.Ours.Delete
	if d == nil || d.Articles != rep.Ours.Index.Articles || d.BatchIDs != 25 || d.CreateSeconds != rep.Ours.Index.Seconds || d.ToCreate <= 0 {
		t.Fatalf("delete %+v, built %d", d, rep.Ours.Index.Articles)
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	if !strings.Contains(out.String(), "bulk delete: 78 articles") {
		t.Errorf("text report lacks the delete:\n%s", out.String())
	}
}

// TestBaselineCompilesEverySyntax: the baseline takes every query newsfind
// takes, so a query file with NEAR, slop or title: runs on both.
func TestBaselineCompilesEverySyntax(t *testing.T) {
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	c := &baselineCompiler{tagger: tg}
	for _, text := range []string{`oil NEAR/3 price`, `rare NEAR/0 earth NEAR/1 supply`, `"oil price"~3`, `title:cocoa`,
		`title:(summit OR tariffs) -china`, `bank* interventon~`, `country:KZ uranium`} {
		q, err := c.query(text)
		if err != nil || q == nil {
			t.Errorf("%s: %v", text, err)
		}
	}
}

// TestRunServingMemory: the serving memory is read after a collection,
// split into the heap and the mapped files, and the heap profile asked for
// is written at that point; the bench's own corpus is counted apart.
func TestRunServingMemory(t *testing.T) {
	var prof bytes.Buffer
	rep, err := Run(context.Background(), Options{
		Corpus: writeCorpus(t, 40), Scale: 2, Queries: []Query{{"term", "oil"}}, Passes: 1,
		MemProfile: &prof, TempDir: t.TempDir(),
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, m := range map[string]Resident{"built": rep.Ours.Built, "serving": rep.Ours.Serving} {
		if m.RSSBytes == 0 || m.IndexFileBytes == 0 || m.HeapLiveBytes == 0 || m.BenchHeapBytes == 0 || m.RSSBeforeGCBytes == 0 {
			t.Errorf("%s memory not read: %+v", name, m)
		}
		if m.HeapLiveBytes < m.BenchHeapBytes || m.AnonBytes+m.FileBytes > m.RSSBytes+1<<20 {
			t.Errorf("%s memory does not add up: %+v", name, m)
		}
	}
	// A heap profile is gzipped protobuf.
	if b := prof.Bytes(); len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
		t.Errorf("heap profile of %d bytes is not one", prof.Len())
	}
	var out bytes.Buffer
	rep.WriteText(&out)
	if !strings.Contains(out.String(), "serving, after the searches") {
		t.Errorf("text report lacks the serving memory:\n%s", out.String())
	}
}
