package web_test

import (
	"encoding/csv"
	"html"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func getText(t *testing.T, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

var (
	csvLink  = regexp.MustCompile(`href="(/timeline\.csv\?[^"]+)"`)
	barLink  = regexp.MustCompile(`<a href="(/search\?[^"]+)" aria-label="([^"]+)"><title>`)
	shareTog = regexp.MustCompile(`<a href="([^"]+)">share of all articles</a>`)
)

// TestResultsTimelineChoices: the results page's timeline redraws by share
// and by interval through plain links, its bars still link to their
// buckets, its CSV is the timeline's buckets, and a bad choice is a 400
// naming it.
func TestResultsTimelineChoices(t *testing.T) {
	ts := newSeedServer(t)
	code, page, _ := getText(t, ts.URL+"/search?q=rare+earth")
	m := shareTog.FindStringSubmatch(page)
	if code != http.StatusOK || m == nil {
		t.Fatalf("status %d; no share link on the results page", code)
	}
	share := html.UnescapeString(m[1])
	if !strings.Contains(share, "measure=share") || !strings.Contains(share, "q=rare+earth") {
		t.Errorf("share link %s", share)
	}
	code, page, _ = getText(t, ts.URL+"/search?q=rare+earth&measure=share&interval=year")
	if code != http.StatusOK || !strings.Contains(page, "% of all articles") {
		t.Fatalf("share by year: status %d, no share axis", code)
	}
	bars := barLink.FindAllStringSubmatch(page, -1)
	if len(bars) == 0 {
		t.Fatal("share by year: no bar links to its bucket")
	}
	for _, b := range bars {
		href, label := html.UnescapeString(b[1]), html.UnescapeString(b[2])
		if !strings.Contains(href, "from=2025-01-01") || !strings.Contains(href, "to=2025-12-31") || !strings.Contains(label, "%") {
			t.Errorf("bar %s (%s): want the year 2025 and its share", href, label)
		}
	}
	c := csvLink.FindStringSubmatch(page)
	if c == nil {
		t.Fatal("no CSV link under the timeline")
	}
	code, body, h := getText(t, ts.URL+html.UnescapeString(c[1]))
	if code != http.StatusOK || !strings.HasPrefix(h.Get("Content-Type"), "text/csv") || !strings.Contains(h.Get("Content-Disposition"), "timeline-rare-earth.csv") {
		t.Fatalf("CSV: status %d, %v", code, h)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var tl timelineAnswer
	fetchJSON(t, ts.URL+"/api/timeline?q=rare+earth&interval=year", &tl)
	if len(rows) != len(tl.Buckets)+1 || strings.Join(rows[0], ",") != "start,count,total,share" {
		t.Fatalf("CSV %v; the timeline has %d buckets", rows, len(tl.Buckets))
	}
	for i, b := range tl.Buckets {
		if r := rows[i+1]; r[0] != b.Start || r[1] != strconv.Itoa(b.Count) || r[2] != strconv.Itoa(b.Total) {
			t.Errorf("CSV row %v, the timeline's %+v", r, b)
		}
	}
	for p, name := range map[string]string{"interval=fortnight": "interval", "measure=colour": "measure"} {
		code, page, _ := getText(t, ts.URL+"/search?q=rare+earth&"+p)
		if code != http.StatusBadRequest || !strings.Contains(page, name+"=") {
			t.Errorf("%s: status %d; want a 400 page naming %s", p, code, name)
		}
	}
	code, body, _ = getText(t, ts.URL+"/timeline.csv?q=oil&interval=fortnight")
	if code != http.StatusBadRequest || !strings.Contains(body, "interval") {
		t.Errorf("timeline.csv interval=fortnight: %d %s", code, body)
	}
	code, _, _ = getText(t, ts.URL+"/compare.csv?q=oil")
	if code != http.StatusBadRequest {
		t.Errorf("compare.csv with one q: %d", code)
	}
}
