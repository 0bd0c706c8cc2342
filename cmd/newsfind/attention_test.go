package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/wire"
)

func parseCSV(t *testing.T, s string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v\n%s", err, s)
	}
	return recs
}

// TestTimelineCommand: the table, --csv and --json of a data directory's
// seeds agree with one another and with search; bad flags are named.
func TestTimelineCommand(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "timeline", "--data", data, "--json", "--interval", "year", "rare", "earth")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a wire.TimelineAnswer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	sum := a.Undated
	for _, b := range a.Buckets {
		sum += b.Count
	}
	if a.Interval != "year" || a.TotalArticles != 3 || sum != 3 || len(a.Buckets) == 0 {
		t.Errorf("--json: %+v; want 3 articles by year, buckets and undated adding up", a)
	}
	code, out, _ = runCLI(t, "timeline", "--data", data, "--csv", "--interval", "year", "rare", "earth")
	recs := parseCSV(t, out)
	if code != 0 || len(recs) != len(a.Buckets)+1 || strings.Join(recs[0], ",") != "start,count,total,share" || recs[1][0] != a.Buckets[0].Start {
		t.Errorf("--csv: exit %d, %v", code, recs)
	}
	code, out, _ = runCLI(t, "timeline", "--data", data, "--interval", "year", "rare", "earth")
	if code != 0 || !strings.HasPrefix(out, "rare earth: 3 articles by year, 2 undated\n") || !strings.Contains(out, a.Buckets[0].Start) {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "timeline", "--data", data, "--by", "source", "--top", "2", "--csv", "--interval", "year")
	if recs := parseCSV(t, out); code != 0 || len(recs[0]) != 4 || recs[0][3] != "Other" {
		t.Errorf("--by source --top 2 --csv: exit %d, %v; want start, two sources and Other", code, recs)
	}
	for _, bad := range [][]string{{"--interval", "fortnight"}, {"--by", "colour"}, {"--top", "500", "--by", "source"}} {
		code, _, errOut := runCLI(t, append([]string{"timeline", "--data", data}, append(bad, "oil")...)...)
		if code != 1 || !strings.Contains(errOut, bad[0]) {
			t.Errorf("%v: exit %d, stderr %q; want 1 naming %s", bad, code, errOut, bad[0])
		}
	}
}

// TestCompareCommand: compare's totals are each query's search total, its
// CSV a row per bucket and a column per query, and a data directory and
// the server holding it answer alike.
func TestCompareCommand(t *testing.T) {
	data := t.TempDir()
	code, out, errOut := runCLI(t, "compare", "--data", data, "--json", "--label", "REE", "rare earth", "tariffs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var a wire.CompareAnswer
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	if len(a.Queries) != 2 || a.Queries[0].Label != "REE" || a.Queries[1].Label != "tariffs" {
		t.Fatalf("--json: %+v", a)
	}
	for _, q := range a.Queries {
		code, out, _ := runCLI(t, "search", "--data", data, "--json", "--size", "1", q.Q)
		var s struct {
			TotalArticles int `json:"total_articles"`
		}
		if json.Unmarshal([]byte(out), &s); code != 0 || s.TotalArticles != q.TotalArticles {
			t.Errorf("%s: compare counts %d, search %d", q.Q, q.TotalArticles, s.TotalArticles)
		}
	}
	code, localCSV, _ := runCLI(t, "compare", "--data", data, "--csv", "--label", "REE", "rare earth", "tariffs")
	recs := parseCSV(t, localCSV)
	if code != 0 || strings.Join(recs[0], ",") != "start,REE,tariffs" || len(recs) != len(a.Queries[0].Buckets)+1 {
		t.Errorf("--csv: exit %d, %v", code, recs)
	}
	code, out, _ = runCLI(t, "compare", "--data", data, "rare earth", "tariffs")
	if code != 0 || !strings.Contains(out, "2 queries among 3 articles") || !strings.Contains(out, "rare earth") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	for _, bad := range [][]string{
		{"oil"},
		{"a", "b", "c", "d", "e", "f", "g", "h", "i"},
		{"--interval", "fortnight", "oil", "gas"},
		{"--label", "x", "--label", "y", "--label", "z", "oil", "gas"},
	} {
		code, _, errOut := runCLI(t, append([]string{"compare", "--data", data}, bad...)...)
		want := "queries"
		if strings.HasPrefix(bad[0], "--") {
			want = bad[0][2:]
		}
		if code != 1 || !strings.Contains(errOut, want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 naming %s", bad, code, errOut, want)
		}
	}

	if testing.Short() {
		return
	}
	s := startServer(t, data, "compare-test-token")
	t.Cleanup(func() { s.cmd.Process.Kill(); s.cmd.Wait() })
	code, remote, errOut := runCLI(t, "compare", "--server", s.url, "--csv", "--label", "REE", "rare earth", "tariffs")
	if code != 0 || remote != localCSV {
		t.Errorf("from the server: exit %d, %s\n%s\nthe data directory's:\n%s", code, errOut, remote, localCSV)
	}
}
