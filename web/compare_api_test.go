package web_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

type compareAnswer struct {
	Interval   string `json:"interval"`
	Collection int    `json:"collection"`
	Queries    []struct {
		Q             string  `json:"q"`
		Label         string  `json:"label"`
		TotalArticles int     `json:"total_articles"`
		TotalStories  int     `json:"total_stories"`
		Undated       int     `json:"undated"`
		Share         float64 `json:"share"`
		Buckets       []struct {
			Start        string
			Count, Total int
			Share        float64
		} `json:"buckets"`
		TopSources []struct {
			Value, Label string
			Count        int
		} `json:"top_sources"`
	} `json:"queries"`
	Error *struct{ Code, Message string }
}

// checkCompare asks base for the comparison of params and checks it
// against /api/search and /api/timeline: each query's total is its own
// search's, the collection the filters' alone, every series has the same
// bucket starts, which follow one another, and each bucket's total is the
// one the query's own timeline gives it.
func checkCompare(t *testing.T, base string, params url.Values) compareAnswer {
	t.Helper()
	var c compareAnswer
	if code := fetchJSON(t, base+"/api/compare?"+params.Encode(), &c); code != http.StatusOK {
		t.Fatalf("%s: status %d %+v", params.Encode(), code, c.Error)
	}
	if len(c.Queries) != len(params["q"]) {
		t.Fatalf("%s: %d queries answered", params.Encode(), len(c.Queries))
	}
	story := params.Get("distinct") == "story"
	search := func(text string) countAnswer {
		t.Helper()
		v := cloneValues(params)
		v.Del("q")
		v.Del("label")
		v.Del("interval")
		if text != "" {
			v.Set("q", text)
		}
		v.Set("size", "0")
		var a countAnswer
		if code := fetchJSON(t, base+"/api/search?"+v.Encode(), &a); code != http.StatusOK {
			t.Fatalf("search %s: status %d", v.Encode(), code)
		}
		return a
	}
	all := search("")
	if want := pick(story, all.TotalStories, all.TotalArticles); c.Collection != want {
		t.Errorf("%s: collection %d, the filters alone match %d", params.Encode(), c.Collection, want)
	}
	for i, q := range c.Queries {
		if q.Q != params["q"][i] {
			t.Errorf("query %d is %q, asked %q", i, q.Q, params["q"][i])
		}
		own := search(q.Q)
		if q.TotalArticles != own.TotalArticles || (story && q.TotalStories != own.TotalStories) {
			t.Errorf("%s: %d articles, %d stories; its search: %d, %d", q.Q, q.TotalArticles, q.TotalStories, own.TotalArticles, own.TotalStories)
		}
		n := pick(story, q.TotalStories, q.TotalArticles)
		if math.Abs(q.Share-float64(n)/float64(c.Collection)) > 1e-12 {
			t.Errorf("%s: share %v of %d/%d", q.Q, q.Share, n, c.Collection)
		}
		sum := q.Undated
		for k, b := range q.Buckets {
			sum += b.Count
			if first := c.Queries[0].Buckets; len(first) != len(q.Buckets) || first[k].Start != b.Start || first[k].Total != b.Total {
				t.Fatalf("%s: bucket %d is %+v, the first query's %+v", q.Q, k, b, first[min(k, len(first)-1)])
			}
			if (b.Total == 0 && b.Share != 0) || (b.Total > 0 && b.Share != float64(b.Count)/float64(b.Total)) {
				t.Errorf("%s bucket %s: share %v of %d/%d", q.Q, b.Start, b.Share, b.Count, b.Total)
			}
		}
		if sum != n {
			t.Errorf("%s: buckets and undated add up to %d, want %d", q.Q, sum, n)
		}
		if n > 0 && len(q.TopSources) == 0 {
			t.Errorf("%s: no top sources", q.Q)
		}
	}
	var prev time.Time
	for i, b := range c.Queries[0].Buckets {
		start, err := time.Parse(newsfind.DateLayout, b.Start)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && !bucketEnd(c.Interval, prev).AddDate(0, 0, 1).Equal(start) {
			t.Errorf("bucket %s does not follow %s", b.Start, prev.Format(newsfind.DateLayout))
		}
		if c.Interval == "week" && start.Weekday() != time.Monday {
			t.Errorf("week bucket %s is a %s", b.Start, start.Weekday())
		}
		prev = start
	}
	// A query's own timeline over the same interval agrees bucket by
	// bucket where the two overlap (the comparison spans every query).
	if len(c.Queries[0].Buckets) > 0 {
		v := cloneValues(params)
		v.Del("label")
		v.Set("q", c.Queries[0].Q)
		v.Set("interval", c.Interval)
		var tl timelineAnswer
		if code := fetchJSON(t, base+"/api/timeline?"+v.Encode(), &tl); code != http.StatusOK {
			t.Fatalf("timeline %s: %d", v.Encode(), code)
		}
		at := map[string][2]int{}
		for _, b := range tl.Buckets {
			at[b.Start] = [2]int{b.Count, b.Total}
		}
		for _, b := range c.Queries[0].Buckets {
			if want, ok := at[b.Start]; ok && want != [2]int{b.Count, b.Total} {
				t.Errorf("%s bucket %s: %d of %d, its timeline %d of %d", c.Queries[0].Q, b.Start, b.Count, b.Total, want[0], want[1])
			}
		}
	}
	return c
}

func pick(story bool, stories, articles int) int {
	if story {
		return stories
	}
	return articles
}

// TestCompareAPISeeds: the shape and arithmetic over the seeds, labels,
// and bad input refused with a 400 naming the parameter.
func TestCompareAPISeeds(t *testing.T) {
	ts := newSeedServer(t)
	for _, p := range []string{
		"q=rare+earth&q=tariffs",
		"q=rare+earth&q=tariffs&q=oil&interval=week",
		"q=rare+earth&q=tariffs&interval=day&distinct=story",
		"q=tariffs&q=china&interval=year&country=US",
	} {
		v, _ := url.ParseQuery(p)
		c := checkCompare(t, ts.URL, v)
		if c.Interval == "" || c.Collection == 0 || c.Queries[0].TotalArticles == 0 {
			t.Errorf("%s: %+v", p, c)
		}
	}
	var c compareAnswer
	fetchJSON(t, ts.URL+"/api/compare?q=rare+earth&q=tariffs&label=REE", &c)
	if len(c.Queries) != 2 || c.Queries[0].Label != "REE" || c.Queries[1].Label != "tariffs" {
		t.Errorf("labels: %+v", c.Queries)
	}

	nine := strings.Repeat("q=a&", 9)
	for p, name := range map[string]string{
		"q=oil":                               "q",
		nine:                                  "q",
		"q=oil&q=":                            "q",
		"q=oil&q=gas&interval=fortnight":      "interval",
		"q=oil&q=gas&by=colour":               "by",
		"q=oil&q=gas&colour=red":              "colour",
		"q=oil&q=gas&label=a&label=b&label=c": "label",
		"q=oil&q=gas&label=" + strings.Repeat("x", 81): "label",
		"q=oil&q=gas&from=yesterday":                   "from",
		"q=oil&q=gas&distinct=outlet":                  "distinct",
		"q=oil&q=" + url.QueryEscape(`"unclosed`):      "",
	} {
		var c compareAnswer
		code := fetchJSON(t, ts.URL+"/api/compare?"+p, &c)
		if code != http.StatusBadRequest || c.Error == nil || c.Error.Code != "invalid" || !strings.Contains(c.Error.Message, name) {
			t.Errorf("%.60s: status %d, error %+v; want 400 naming %q", p, code, c.Error, name)
		}
	}
}

// TestCompareAPIReuters: issue 24's check over the whole of Reuters-21578:
// cocoa, coffee and sugar each total their own search, on the same starts.
func TestCompareAPIReuters(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes the whole of Reuters-21578")
	}
	items, err := ingest.ParseJSON(corpus.Read(t, "reuters21578.jsonl.gz"), ingest.Options{})
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
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	for _, p := range []string{
		"q=cocoa&q=coffee&q=sugar",
		"q=cocoa&q=coffee&q=sugar&interval=week",
		"q=cocoa&q=coffee&q=sugar&q=oil+prices&interval=month&distinct=story",
		"q=wheat&q=corn&interval=day&country=US",
	} {
		v, _ := url.ParseQuery(p)
		c := checkCompare(t, ts.URL, v)
		for _, q := range c.Queries {
			if q.TotalArticles < 20 {
				t.Errorf("%s: %s has %d articles: too few to tell", p, q.Q, q.TotalArticles)
			}
		}
		t.Logf("%s: %s, %d buckets, collection %d", p, c.Interval, len(c.Queries[0].Buckets), c.Collection)
	}
}
