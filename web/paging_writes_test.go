package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
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
	"github.com/newsfind/newsfind/web"
)

const pagingToken = "paging-token-0123456789"

// pagingServer is the real server over eng with writes and deletes on.
func pagingServer(t *testing.T, eng *engine.Engine) *httptest.Server {
	t.Helper()
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(),
		Writer: eng, Deleter: eng, Intake: ingest.Intake{}, Token: pagingToken})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// writer is the other client: it adds and deletes articles over HTTP
// while a reader pages.
type writer struct {
	t  *testing.T
	ts *httptest.Server
}

func (w writer) do(method, path string, body []byte) {
	w.t.Helper()
	req, _ := http.NewRequest(method, w.ts.URL+path, bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+pagingToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := w.ts.Client().Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNoContent {
		w.t.Fatalf("%s %s: %d %s", method, path, resp.StatusCode, b)
	}
}

func (w writer) add(a newsfind.Article) {
	w.t.Helper()
	b, err := json.Marshal(map[string]any{"id": a.ID, "url": a.URL, "title": a.Title, "source": a.Source,
		"published": a.Published.Format(newsfind.DateLayout), "body": a.Body})
	if err != nil {
		w.t.Fatal(err)
	}
	w.do(http.MethodPost, "/api/articles", b)
}

func (w writer) delete(id string) {
	w.t.Helper()
	w.do(http.MethodDelete, "/api/articles/"+url.PathEscape(id), nil)
}

// pageHit is what the paging tests read of a hit.
type pageHit struct {
	ID      string `json:"id"`
	StoryID string `json:"story_id"`
}

type pageAnswer struct {
	TotalArticles int       `json:"total_articles"`
	TotalStories  int       `json:"total_stories"`
	Hits          []pageHit `json:"hits"`
	Next          string    `json:"next"`
	Warnings      []string  `json:"warnings"`
	Error         *struct {
		Code, Message string
	} `json:"error"`
}

func getPage(t *testing.T, ts *httptest.Server, params string) (int, pageAnswer) {
	t.Helper()
	resp, err := ts.Client().Get(ts.URL + "/api/search?" + params)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a pageAnswer
	b, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(b, &a); err != nil {
		t.Fatalf("%s: %v: %s", params, err, b)
	}
	return resp.StatusCode, a
}

// walkWriting reads every page of a query by cursor, calling between
// after each page but the last with the hits read so far; it checks that
// every page reports the first page's totals.
func walkWriting(t *testing.T, ts *httptest.Server, params string, between func(page int, read []pageHit)) []pageHit {
	t.Helper()
	var read []pageHit
	var first pageAnswer
	after := ""
	for page := 0; page < 10000; page++ {
		p := params
		if after != "" {
			p += "&after=" + url.QueryEscape(after)
		}
		status, a := getPage(t, ts, p)
		if status != http.StatusOK {
			t.Fatalf("%s, page %d: status %d %+v", params, page+1, status, a.Error)
		}
		if page == 0 {
			first = a
		} else if a.TotalArticles != first.TotalArticles || a.TotalStories != first.TotalStories {
			t.Errorf("%s, page %d: totals %d articles %d stories; the first page said %d and %d",
				params, page+1, a.TotalArticles, a.TotalStories, first.TotalArticles, first.TotalStories)
		}
		read = append(read, a.Hits...)
		if a.Next == "" {
			return read
		}
		if len(a.Hits) == 0 {
			t.Fatalf("%s, page %d: a next cursor on an empty page", params, page+1)
		}
		between(page, read)
		after = a.Next
	}
	t.Fatalf("%s: the cursor never ends", params)
	return nil
}

// storyOf names a hit's story: its story, or itself when it has none.
func storyOf(h pageHit) string {
	if h.StoryID != "" {
		return h.StoryID
	}
	return h.ID
}

// checkOnce checks a walk that ran while the corpus changed against one
// before it: every unit (article or story) that matched before and still
// has a matching article that exists came back exactly once, and none
// came back that was deleted before its page was read.
func checkOnce(t *testing.T, label string, before []string, got []string, gone map[string]bool) {
	t.Helper()
	n := map[string]int{}
	for _, u := range got {
		n[u]++
	}
	missing, twice := 0, 0
	for _, u := range before {
		switch {
		case gone[u]:
		case n[u] == 0:
			missing++
			if missing <= 5 {
				t.Errorf("%s: %s matched before the first page and still exists, but never came back", label, u)
			}
		}
	}
	for u, c := range n {
		if c > 1 {
			twice++
			if twice <= 5 {
				t.Errorf("%s: %s came back %d times", label, u, c)
			}
		}
	}
	if missing+twice > 0 {
		t.Errorf("%s: %d of %d missing, %d repeated (%d read)", label, missing, len(before), twice, len(got))
	}
}

// synthWords are the words the small corpus's stories are made of.
var synthWords = strings.Fields(`mine smelter cathode tonnes output strike port freight contract
	price rally slump buyers sellers warehouse stocks exchange futures quota tariff rail
	shipment refinery concentrate ore grade yield demand supply deficit surplus broker
	quarter annual forecast union wage talks government minister ministry license royalty`)

// copperCorpus is forty copper stories, each in one to three outlets (the
// copies of a story share its text), and forty wheat articles.
func copperCorpus() []newsfind.Article {
	r := rand.New(rand.NewPCG(22, 1))
	day := time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)
	var arts []newsfind.Article
	for k := range 40 {
		var words []string
		for range 60 {
			words = append(words, synthWords[r.IntN(len(synthWords))])
		}
		body := fmt.Sprintf("%s copper %s.\n\nThe copper %s.", strings.Join(words[:30], " "),
			strings.Repeat("copper ", k%5), strings.Join(words[30:], " "))
		for c := range 1 + k%3 {
			b := body
			if c > 0 {
				b = "By a staff writer, with Reuters\n\n" + body
			}
			arts = append(arts, newsfind.Article{ID: fmt.Sprintf("cu-%02d-%d", k, c), Title: fmt.Sprintf("Copper report %d", k),
				Source: fmt.Sprintf("Outlet %d", c), URL: fmt.Sprintf("https://outlet%d.example/cu/%d", c, k),
				Published: day.AddDate(0, 0, k), Body: b})
		}
	}
	for k := range 40 {
		arts = append(arts, wheatArticle(fmt.Sprintf("wheat-%02d", k), k))
	}
	return arts
}

// wheatArticle matches nothing the copper tests search.
func wheatArticle(id string, k int) newsfind.Article {
	return newsfind.Article{ID: id, Title: fmt.Sprintf("Wheat crop %d", k), Source: "Grain Wire",
		URL: "https://grain.example/" + id, Published: time.Date(1987, 4, 1+k%28, 0, 0, 0, 0, time.UTC),
		Body: fmt.Sprintf("Winter wheat plantings in district %d were seen near last year's, farmers said.", k)}
}

// churn is the other client's writes between two pages: by turns an
// unrelated article added, a matching one added, an unrelated one
// deleted, a matching one not yet read deleted, a matching one not yet
// read updated (a corrected title: it still matches and keeps its story),
// and a matching one already read deleted. Units are articles or stories
// (key); gone collects those whose last matching article was deleted.
type churn struct {
	w         writer
	unrelated []string  // ids that match nothing, to delete
	matching  []pageHit // every article that matched before, with its story
	orig      map[string]newsfind.Article
	key       func(pageHit) string
	n         int
	gone      map[string]bool
	deleted   map[string]bool
	units     map[string]int // per unit, its matching articles still there
	fresh     func(id string, k int) newsfind.Article
}

func newChurn(w writer, matching []pageHit, arts []newsfind.Article, key func(pageHit) string, unrelated []string, fresh func(string, int) newsfind.Article) *churn {
	c := &churn{w: w, unrelated: unrelated, matching: matching, orig: map[string]newsfind.Article{}, key: key,
		gone: map[string]bool{}, deleted: map[string]bool{}, units: map[string]int{}, fresh: fresh}
	for _, a := range arts {
		c.orig[a.ID] = a
	}
	for _, h := range matching {
		c.units[key(h)]++
	}
	return c
}

func (c *churn) step(page int, read []pageHit) {
	seen := map[string]bool{}
	for _, h := range read {
		seen[c.key(h)] = true
	}
	pick := func(wantRead bool) (pageHit, bool) {
		for i := range c.matching {
			h := c.matching[(i*7919+page*31)%len(c.matching)]
			if _, ok := c.orig[h.ID]; ok && seen[c.key(h)] == wantRead && !c.deleted[h.ID] {
				return h, true
			}
		}
		return pageHit{}, false
	}
	del := func(h pageHit) {
		c.w.delete(h.ID)
		c.deleted[h.ID] = true
		u := c.key(h)
		if c.units[u]--; c.units[u] == 0 {
			c.gone[u] = true
		}
	}
	c.n++
	switch page % 6 {
	case 0:
		c.w.add(wheatArticle(fmt.Sprintf("wheat-new-%d", c.n), c.n))
	case 1:
		c.w.add(c.fresh(fmt.Sprintf("new-%d", c.n), c.n))
	case 2:
		if len(c.unrelated) > 0 {
			c.w.delete(c.unrelated[0])
			c.unrelated = c.unrelated[1:]
		}
	case 3:
		if h, ok := pick(false); ok {
			del(h)
		}
	case 4:
		if h, ok := pick(false); ok {
			a := c.orig[h.ID]
			a.Title += " (corrected)"
			c.w.add(a)
		}
	case 5:
		if h, ok := pick(true); ok {
			del(h)
		}
	}
}

func keys(hs []pageHit, key func(pageHit) string) []string {
	var out []string
	for _, h := range hs {
		out = append(out, key(h))
	}
	return out
}

// TestCursorHoldsWhileWriting pages queries by cursor, three hits a page,
// while another client adds and deletes unrelated and matching articles
// between the pages: each article (each story) that matched before the
// first page and still exists comes back exactly once, and every page
// reports the first page's totals. Before pinning, an unrelated write
// moved every score (IDF) and the (score, id) cursor skipped or repeated.
func TestCursorHoldsWhileWriting(t *testing.T) {
	arts := copperCorpus()
	ts := pagingServer(t, enginetest.Open(t, enginetest.Articles(arts)))
	var unrelated []string
	for _, a := range arts {
		if strings.HasPrefix(a.ID, "wheat-") {
			unrelated = append(unrelated, a.ID)
		}
	}
	fresh := func(id string, k int) newsfind.Article {
		return newsfind.Article{ID: id, Title: "Copper note", Source: "Late Wire", URL: "https://late.example/" + id,
			Published: time.Date(1987, 5, 1+k%28, 0, 0, 0, 0, time.UTC),
			Body:      fmt.Sprintf("Copper %s was quoted in lot %d by the late desk.", strings.Repeat("copper ", k%4), k)}
	}
	byID := func(h pageHit) string { return h.ID }
	for _, tc := range []struct {
		query, extra string
		key          func(pageHit) string
	}{
		{"q=copper&size=3", "", byID},
		{"q=copper&size=3", "&distinct=story", storyOf},
		{"q=copper+report&size=4&sort=date", "", byID},
		{"q=copper+report&size=4&sort=date", "&distinct=story", storyOf},
	} {
		params := tc.query + tc.extra
		matching := walkWriting(t, ts, tc.query, func(int, []pageHit) {})
		before := walkWriting(t, ts, params, func(int, []pageHit) {})
		if len(before) < 12 {
			t.Fatalf("%s: %d hits; the corpus should give more", params, len(before))
		}
		c := newChurn(writer{t, ts}, matching, arts, tc.key, unrelated, fresh)
		got := walkWriting(t, ts, params, c.step)
		checkOnce(t, params, keys(before, tc.key), keys(got, tc.key), c.gone)
		unrelated = c.unrelated
	}

	// The next of a numbered page pins the answer as that page had it:
	// after a write, it leads to what page 3 was before the write.
	_, two := getPage(t, ts, "q=copper&size=3&page=2")
	_, three := getPage(t, ts, "q=copper&size=3&page=3")
	writer{t, ts}.add(wheatArticle("wheat-late", 99))
	_, next := getPage(t, ts, "q=copper&size=3&after="+url.QueryEscape(two.Next))
	if got, want := keys(next.Hits, byID), keys(three.Hits, byID); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("after page 2 and a write: %v; page 3 before the write was %v", got, want)
	}
}

// TestCursorHoldsReuters pages q=trade over Reuters-21578 (2,894
// articles) by relevance, a hundred a page, article by article and story
// by story, while another client adds and deletes unrelated and matching
// articles between the pages: the case issue 22 found skipping 141
// articles after one unrelated insert, and repeating 90 after a delete.
func TestCursorHoldsReuters(t *testing.T) {
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
	ts := pagingServer(t, enginetest.Open(t, enginetest.Articles(arts)))
	const q = "q=trade&size=100"
	matching := walkWriting(t, ts, q, func(int, []pageHit) {})
	if len(matching) < 2000 {
		t.Fatalf("%s: %d articles; Reuters has 2,894", q, len(matching))
	}
	matched := map[string]bool{}
	for _, h := range matching {
		matched[h.ID] = true
	}
	var unrelated []string
	for _, a := range arts {
		if !matched[a.ID] && len(unrelated) < 100 {
			unrelated = append(unrelated, a.ID)
		}
	}
	fresh := func(id string, k int) newsfind.Article {
		return newsfind.Article{ID: id, Title: "Trade talks note", Source: "Late Wire", URL: "https://late.example/" + id,
			Published: time.Date(1987, 5, 1+k%28, 0, 0, 0, 0, time.UTC),
			Body:      fmt.Sprintf("Trade officials met again in round %d; %s", k, strings.Repeat("trade surplus and trade deficit figures. ", 1+k%3))}
	}
	for _, tc := range []struct {
		params string
		key    func(pageHit) string
	}{
		{q, func(h pageHit) string { return h.ID }},
		{q + "&distinct=story", storyOf},
	} {
		// What matches now: the round before deleted some.
		matching := walkWriting(t, ts, q, func(int, []pageHit) {})
		before := walkWriting(t, ts, tc.params, func(int, []pageHit) {})
		c := newChurn(writer{t, ts}, matching, arts, tc.key, unrelated, fresh)
		got := walkWriting(t, ts, tc.params, c.step)
		checkOnce(t, tc.params, keys(before, tc.key), keys(got, tc.key), c.gone)
		t.Logf("%s: %d units before, %d read while %d writes landed, %d units deleted", tc.params, len(before), len(got), c.n, len(c.gone))
		unrelated = c.unrelated
	}
}
