package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/wire"
)

// TestTermsAPI: /api/terms over the seeds answers its shape, leaves the
// query's words out, honours size, and refuses a size over the limit and
// an unknown parameter with a 400 that names them.
func TestTermsAPI(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Seeds())
	ts := newTestServer(t, eng.Searcher())
	var a wire.TermsAnswer
	if code := getJSON(t, ts.URL+"/api/terms?q=tariffs", &a); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	if a.Statistic != "G2" || a.Sample.Matched != 2 || a.Sample.Articles != 2 || a.Sample.Passages == 0 || a.Sample.CollectionPassages <= a.Sample.Passages {
		t.Errorf("statistic %q, sample %+v", a.Statistic, a.Sample)
	}
	if len(a.Terms) == 0 || len(a.Terms) > 25 {
		t.Fatalf("%d terms", len(a.Terms))
	}
	for i, term := range a.Terms {
		if strings.Contains(strings.ToLower(term.Term), "tariff") {
			t.Errorf("term %q is the query's word", term.Term)
		}
		if term.Score <= 0 || term.Count < 2 || term.Background < term.Count || term.Background > a.Sample.CollectionPassages {
			t.Errorf("%+v: counts out of order", term)
		}
		if i > 0 && term.Score > a.Terms[i-1].Score {
			t.Errorf("%q scores above %q", term.Term, a.Terms[i-1].Term)
		}
	}
	var three wire.TermsAnswer
	getJSON(t, ts.URL+"/api/terms?q=tariffs&size=3", &three)
	if len(three.Terms) != 3 || three.Terms[0] != a.Terms[0] {
		t.Errorf("size=3: %+v", three.Terms)
	}
	// Every article matched: nothing sets the matches apart.
	var all wire.TermsAnswer
	getJSON(t, ts.URL+"/api/terms", &all)
	if len(all.Terms) != 0 || all.Sample.Matched != 3 {
		t.Errorf("no query: %+v", all)
	}
	for param, name := range map[string]string{"size=500": "size=500", "size=0": "size=0", "q=tariffs&interval=week": "interval", "size=ten": "size=ten"} {
		resp, err := http.Get(ts.URL + "/api/terms?" + param)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"code": "invalid"`) || !strings.Contains(string(b), name) {
			t.Errorf("%s: %d %s", param, resp.StatusCode, b)
		}
	}
}

// TestStoryAPI: a story's articles in order with their sources and days,
// its first outlet and its outlets per day; an unknown story is a 404.
func TestStoryAPI(t *testing.T) {
	ts := storyServer(t)
	var doc struct {
		StoryID string `json:"story_id"`
	}
	getJSON(t, ts.URL+"/api/articles/copy-1", &doc)
	if doc.StoryID == "" {
		t.Fatal("copy-1 has no story")
	}
	var st wire.StoryAnswer
	if code := getJSON(t, ts.URL+"/api/stories/"+url.PathEscape(doc.StoryID), &st); code != http.StatusOK {
		t.Fatalf("status %d", code)
	}
	var ids, sources, days []string
	for _, a := range st.Articles {
		ids = append(ids, a.ID)
		sources = append(sources, a.Source)
		if a.Published != nil {
			days = append(days, *a.Published)
		}
	}
	if strings.Join(ids, ",") != "wire-1,copy-1,copy-2" || strings.Join(sources, ",") != "Reuters,Daily Courier,Metro Herald" ||
		strings.Join(days, ",") != "1987-03-15,1987-03-16,1987-03-17" {
		t.Errorf("articles %v from %v on %v", ids, sources, days)
	}
	if st.FirstOutlet != "Reuters" || st.Outlets != 3 || st.Days != 3 || len(st.Spread) != 3 {
		t.Errorf("first %q, %d outlets over %d days, spread %+v", st.FirstOutlet, st.Outlets, st.Days, st.Spread)
	}
	for i, d := range st.Spread {
		if d.Day != days[i] || d.Articles != 1 || d.Outlets != 1 || d.NewOutlets != 1 {
			t.Errorf("day %d: %+v", i, d)
		}
	}
	// The article page says so, and lists the story's articles in order.
	page := getPage(t, ts.URL+"/articles/copy-2")
	if !strings.Contains(page, "This story ran in 3 outlets over 3 days, first in Reuters") {
		t.Errorf("copy-2's page does not say how the story ran")
	}
	page = page[strings.Index(page, "This story ran in"):]
	w, c, h := strings.Index(page, "1987-03-15"), strings.Index(page, "1987-03-16"), strings.Index(page, "1987-03-17")
	if w < 0 || !(w < c && c < h) || !strings.Contains(page, "this article") {
		t.Errorf("copy-2's page lists the story's articles out of order (%d, %d, %d)", w, c, h)
	}
	if other := getPage(t, ts.URL+"/articles/other-1"); strings.Contains(other, "This story ran in") {
		t.Errorf("other-1, a story of its own, has a spread")
	}
	resp, err := http.Get(ts.URL + "/api/stories/no-such-story")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(string(b), `"code": "not_found"`) {
		t.Errorf("unknown story: %d %s", resp.StatusCode, b)
	}
}

func getPage(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", u, resp.StatusCode)
	}
	return string(b)
}
