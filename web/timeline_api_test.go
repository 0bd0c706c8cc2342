package web_test

import (
	"encoding/json"
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

type timelineAnswer struct {
	Interval string `json:"interval"`
	Buckets  []struct {
		Start string  `json:"start"`
		Count int     `json:"count"`
		Total int     `json:"total"`
		Share float64 `json:"share"`
	} `json:"buckets"`
	Undated       int `json:"undated"`
	TotalArticles int `json:"total_articles"`
	TotalStories  int `json:"total_stories"`
	Series        []struct {
		Value, Label string
		Count        int
		Buckets      []struct {
			Start        string
			Count, Total int
			Share        float64
		}
	} `json:"series"`
	Error *struct{ Code, Message string }
}

type countAnswer struct {
	TotalArticles int `json:"total_articles"`
	TotalStories  int `json:"total_stories"`
}

// bucketEnd is the last day of the bucket of interval starting on start.
func bucketEnd(interval string, start time.Time) time.Time {
	switch interval {
	case "day":
		return start
	case "week":
		return start.AddDate(0, 0, 6)
	case "year":
		return start.AddDate(1, 0, -1)
	}
	return start.AddDate(0, 1, -1)
}

// checkTimeline asks base for the timeline of params and checks it against
// /api/search: bucket counts plus undated are the search's total, every
// bucket's count and total are what a search of the bucket's days counts
// with and without the text, share is count/total, and the buckets follow
// one another.
func checkTimeline(t *testing.T, base string, params url.Values) timelineAnswer {
	t.Helper()
	var tl timelineAnswer
	if code := fetchJSON(t, base+"/api/timeline?"+params.Encode(), &tl); code != http.StatusOK {
		t.Fatalf("%s: status %d %+v", params.Encode(), code, tl.Error)
	}
	search := func(v url.Values) countAnswer {
		t.Helper()
		v.Del("interval")
		v.Set("size", "0")
		var c countAnswer
		if code := fetchJSON(t, base+"/api/search?"+v.Encode(), &c); code != http.StatusOK {
			t.Fatalf("search %s: status %d", v.Encode(), code)
		}
		return c
	}
	all := search(cloneValues(params))
	sum := tl.Undated
	for _, b := range tl.Buckets {
		sum += b.Count
	}
	want := all.TotalArticles
	if params.Get("distinct") == "story" {
		want = all.TotalStories
	}
	if sum != want || tl.TotalArticles != all.TotalArticles {
		t.Errorf("%s: buckets and undated add up to %d, total_articles %d; search: %d articles, %d stories",
			params.Encode(), sum, tl.TotalArticles, all.TotalArticles, all.TotalStories)
	}
	var prev time.Time
	for i, b := range tl.Buckets {
		start, err := time.Parse(newsfind.DateLayout, b.Start)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 && !bucketEnd(tl.Interval, prev).AddDate(0, 0, 1).Equal(start) {
			t.Errorf("%s: bucket %s does not follow %s", params.Encode(), b.Start, prev.Format(newsfind.DateLayout))
		}
		prev = start
		if tl.Interval == "week" && start.Weekday() != time.Monday {
			t.Errorf("week bucket %s is a %s", b.Start, start.Weekday())
		}
		if (b.Total == 0 && b.Share != 0) || (b.Total > 0 && b.Share != float64(b.Count)/float64(b.Total)) {
			t.Errorf("bucket %s: share %v of %d/%d", b.Start, b.Share, b.Count, b.Total)
		}
	}
	if params.Get("distinct") == "story" {
		return tl // a story's copies may fall in two buckets: only the sum is the search's
	}
	for i := 0; i < len(tl.Buckets); i += max(1, len(tl.Buckets)/5) {
		b := tl.Buckets[i]
		start, _ := time.Parse(newsfind.DateLayout, b.Start)
		v := cloneValues(params)
		v.Set("from", b.Start)
		v.Set("to", bucketEnd(tl.Interval, start).Format(newsfind.DateLayout))
		in := search(v)
		v.Del("q")
		total := search(v)
		if b.Count != in.TotalArticles || b.Total != total.TotalArticles {
			t.Errorf("%s bucket %s: %d of %d; /api/search from %s to %s: %d of %d", params.Encode(), b.Start, b.Count, b.Total,
				v.Get("from"), v.Get("to"), in.TotalArticles, total.TotalArticles)
		}
	}
	return tl
}

// fetchJSON GETs u into v and returns the status.
func fetchJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
	return resp.StatusCode
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// TestTimelineAPISeeds: the answer's shape over the seeds, and bad input
// refused with a 400 naming the parameter.
func TestTimelineAPISeeds(t *testing.T) {
	ts := newSeedServer(t)
	for _, p := range []string{"", "interval=day", "interval=week", "interval=year", "q=rare+earth&interval=month", "distinct=story&interval=week"} {
		v, _ := url.ParseQuery(p)
		tl := checkTimeline(t, ts.URL, v)
		if tl.TotalArticles == 0 || len(tl.Buckets) == 0 || tl.Interval == "" {
			t.Errorf("%s: %+v", p, tl)
		}
		if v.Get("q") == "" {
			for _, b := range tl.Buckets {
				if b.Count != b.Total {
					t.Errorf("%s: no text, yet bucket %s counts %d of %d", p, b.Start, b.Count, b.Total)
				}
			}
		}
	}
	// Split by source: one series per seed's source (a source an
	// article), adding up to the whole in every bucket.
	var tl timelineAnswer
	if code := fetchJSON(t, ts.URL+"/api/timeline?interval=year&by=source&top=2", &tl); code != http.StatusOK || len(tl.Series) != 3 {
		t.Fatalf("by=source&top=2: status %d, %d series (%+v), want 2 and other", code, len(tl.Series), tl.Error)
	}
	if tl.Series[2].Value != "other" || tl.Series[0].Label == "" {
		t.Errorf("series %+v", tl.Series)
	}
	for i, b := range tl.Buckets {
		count, total := 0, 0
		for _, sr := range tl.Series {
			if sr.Buckets[i].Start != b.Start {
				t.Errorf("series %s bucket %d starts %s, the timeline's %s", sr.Value, i, sr.Buckets[i].Start, b.Start)
			}
			count += sr.Buckets[i].Count
			total += sr.Buckets[i].Total
		}
		if count != b.Count || total != b.Total {
			t.Errorf("bucket %s: series add up to %d/%d, the timeline %d/%d", b.Start, count, total, b.Count, b.Total)
		}
	}

	for p, name := range map[string]string{
		"interval=fortnight":     "interval",
		"q=oil&colour=red":       "colour",
		"from=yesterday":         "from",
		"interval=day&by=colour": "by",
		"distinct=outlet":        "distinct",
		"by=source&top=500":      "top",
		"by=source&top=0":        "top",
	} {
		var tl timelineAnswer
		code := fetchJSON(t, ts.URL+"/api/timeline?"+p, &tl)
		if code != http.StatusBadRequest || tl.Error == nil || tl.Error.Code != "invalid" || !strings.Contains(tl.Error.Message, name) {
			t.Errorf("%s: status %d, error %+v; want 400 naming %s", p, code, tl.Error, name)
		}
	}
}

// TestTimelineAPIReuters: the arithmetic over the whole of Reuters-21578,
// by month, week and day, with filters and with distinct=story.
func TestTimelineAPIReuters(t *testing.T) {
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
		"q=cocoa&interval=month",
		"q=cocoa&interval=week",
		"q=cocoa",
		"q=oil+prices&interval=day&country=US",
		"q=wheat&interval=week&scope=passage",
		"q=cocoa&interval=month&distinct=story",
		"q=gold&interval=year",
	} {
		v, _ := url.ParseQuery(p)
		tl := checkTimeline(t, ts.URL, v)
		if len(tl.Buckets) < 1 || tl.TotalArticles < 20 {
			t.Errorf("%s: %d buckets, %d articles: too few to tell", p, len(tl.Buckets), tl.TotalArticles)
		}
		t.Logf("%s: %s, %d buckets, %d articles, %d undated", p, tl.Interval, len(tl.Buckets), tl.TotalArticles, tl.Undated)
	}
}
