package web

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/enginetest"
)

const storyToken = "story-token-0123456789"

const storyWire = `A senior Ivory Coast Agriculture Ministry official confirmed his country's backing for a new international cocoa pact and said Ivorian delegates would be present at talks on its buffer stock starting this week.\n\nThe official told Reuters that Ivorian Agriculture Minister Denis Bra Kanon would attend the talks in London, which open on March 23 and are due to last two weeks.\n\nIvory Coast, the world's largest cocoa producer with a crop of 565,000 tonnes last season, did not participate in the last international cocoa pact.\n\nIts decision to join the new accord has sparked hopes that it will be more successful in supporting prices, which fell 12 pct last year, traders said.`

const otherCocoa = `Cocoa prices rose in London on Wednesday as traders weighed the chances of a deal on buffer stock rules, dealers said.\n\nThe May position gained 15 stg to 1,342 stg a tonne in thin trading, while New York futures were slightly firmer on the week.`

// storyServer is a server over seeds plus a wire story, two copies of it
// in other outlets and another cocoa story, with the delete route on.
func storyServer(t *testing.T) *httptest.Server {
	t.Helper()
	eng := enginetest.Open(t, enginetest.Seeds())
	srv, err := NewServer(Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(),
		Writer: eng, Intake: ingest.Intake{}, Token: storyToken, Deleter: eng})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	body := `{"id":"wire-1","url":"https://wire.example/1","title":"Ivory Coast confirms presence at cocoa talks","source":"Reuters","published":"1987-03-15","body":"` + storyWire + `"}
{"id":"copy-1","url":"https://courier.example/1","title":"Ivorians to attend cocoa talks","source":"Daily Courier","published":"1987-03-16","body":"By a staff writer, with Reuters\n\n` + storyWire + `"}
{"id":"copy-2","url":"https://herald.example/2","title":"Cocoa: Ivory Coast at the table","source":"Metro Herald","published":"1987-03-17","body":"` + storyWire[:len(storyWire)/2] + `"}
{"id":"other-1","url":"https://wire.example/2","title":"Cocoa prices firmer in London","source":"Reuters","published":"1987-03-18","body":"` + otherCocoa + `"}`
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/articles", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+storyToken)
	req.Header.Set("Content-Type", "application/x-ndjson")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("post: %d %s", resp.StatusCode, b)
	}
	return ts
}

func getJSON(t *testing.T, u string, v any) int {
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

func deleteArticle(t *testing.T, base, id, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodDelete, base+"/api/articles/"+url.PathEscape(id), nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

type storyHit struct {
	ID            string   `json:"id"`
	StoryID       string   `json:"story_id"`
	StoryArticles int      `json:"story_articles"`
	Outlets       int      `json:"outlets"`
	Copies        []string `json:"copies"`
	CopiesDetail  []struct {
		ID, Source string
		Canonical  bool
	} `json:"copies_detail"`
}

type storyAnswer struct {
	TotalArticles int        `json:"total_articles"`
	TotalStories  int        `json:"total_stories"`
	Hits          []storyHit `json:"hits"`
	Facets        struct {
		Source []struct {
			Value string
			Count int
		}
	}
	Error struct{ Code, Message string }
}

// TestStoriesAPI: an article answers its story and copies; distinct=story
// answers one hit per story with its copies and counts stories; DELETE
// needs the token and removes the article from the answers.
func TestStoriesAPI(t *testing.T) {
	ts := storyServer(t)
	var art struct {
		StoryID string   `json:"story_id"`
		Copies  []string `json:"copies"`
	}
	if st := getJSON(t, ts.URL+"/api/articles/copy-2", &art); st != 200 || art.StoryID != "wire-1" || strings.Join(art.Copies, ",") != "wire-1,copy-1" {
		t.Errorf("copy-2: %d story %q copies %v; want wire-1 and [wire-1 copy-1]", st, art.StoryID, art.Copies)
	}
	if getJSON(t, ts.URL+"/api/articles/other-1", &art); art.StoryID != "other-1" || art.Copies == nil || len(art.Copies) != 0 {
		t.Errorf("other-1: story %q copies %#v; want its own story and []", art.StoryID, art.Copies)
	}

	var plain, st storyAnswer
	getJSON(t, ts.URL+"/api/search?q=cocoa", &plain)
	getJSON(t, ts.URL+"/api/search?q=cocoa&distinct=story", &st)
	if plain.TotalArticles != 4 || plain.TotalStories != 0 || len(plain.Hits) != 4 {
		t.Errorf("plain: %d articles, %d stories, %d hits", plain.TotalArticles, plain.TotalStories, len(plain.Hits))
	}
	if st.TotalArticles != 4 || st.TotalStories != 2 || len(st.Hits) != 2 {
		t.Fatalf("distinct=story: %d articles, %d stories, %d hits; want 4, 2, 2", st.TotalArticles, st.TotalStories, len(st.Hits))
	}
	for _, h := range st.Hits {
		if h.StoryID == "wire-1" && (h.StoryArticles != 3 || h.Outlets != 3 || len(h.Copies) != 2 || len(h.CopiesDetail) != 2) {
			t.Errorf("the wire story's hit: %+v", h)
		}
	}
	for _, v := range st.Facets.Source {
		if v.Value == "Reuters" && v.Count != 2 {
			t.Errorf("Reuters carried 2 of the stories; the facet says %d", v.Count)
		}
	}
	var bad storyAnswer
	if code := getJSON(t, ts.URL+"/api/search?q=cocoa&distinct=outlet", &bad); code != 400 || !strings.Contains(bad.Error.Message, "distinct") {
		t.Errorf("distinct=outlet: %d %q", code, bad.Error.Message)
	}

	if code, _ := deleteArticle(t, ts.URL, "wire-1", ""); code != http.StatusUnauthorized {
		t.Errorf("delete without the token: %d", code)
	}
	if code, body := deleteArticle(t, ts.URL, "wire-1", storyToken); code != 200 || strings.Join(strings.Fields(body), "") != `{"deleted":["wire-1"]}` {
		t.Errorf("delete: %d %s", code, body)
	}
	if code, _ := deleteArticle(t, ts.URL, "wire-1", storyToken); code != http.StatusNotFound {
		t.Errorf("delete again: %d, want 404", code)
	}
	if code, _ := deleteArticle(t, ts.URL, "bad%20id", storyToken); code != http.StatusBadRequest && code != http.StatusNotFound {
		t.Errorf("delete a malformed id: %d", code)
	}
	var gone struct{ Error struct{ Code string } }
	if code := getJSON(t, ts.URL+"/api/articles/wire-1", &gone); code != 404 {
		t.Errorf("the deleted article: %d", code)
	}
	getJSON(t, ts.URL+"/api/search?q=cocoa&distinct=story", &st)
	if st.TotalArticles != 3 || st.TotalStories != 2 {
		t.Errorf("after the delete: %d articles, %d stories; want 3, 2", st.TotalArticles, st.TotalStories)
	}
	for _, h := range st.Hits {
		if h.ID == "wire-1" {
			t.Errorf("the deleted article is a hit")
		}
		for _, c := range h.Copies {
			if c == "wire-1" {
				t.Errorf("the deleted article is still a copy of %s", h.ID)
			}
		}
	}
}

// TestBrowserStories drives Chromium: the Count control shows each story
// once with its copies, and the article page lists its story's copies.
func TestBrowserStories(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	browser := newBrowser(t, 60*time.Second)
	ts := storyServer(t)
	for _, scripts := range []bool{true, false} {
		ctx := newTab(t, browser, scripts)
		do(t, ctx, "open cocoa", chromedp.Navigate(ts.URL+"/search?q=cocoa"), chromedp.WaitVisible(chromedp.CSS("ol.hits")))
		if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "4 articles") {
			t.Errorf("every article: the heading says %q", h)
		}
		do(t, ctx, "count stories", chromedp.SetValue(chromedp.CSS("#distinct"), "story"))
		if !scripts {
			do(t, ctx, "submit", chromedp.Click(chromedp.CSS(".qrow button")))
		}
		do(t, ctx, "wait for stories", chromedp.WaitReady(chromedp.CSS(`#distinct option[value="story"][selected]`)), chromedp.WaitReady(chromedp.CSS("footer")))
		if h := text(t, ctx, "#results-h"); !strings.HasPrefix(h, "2 stories in 4 articles") {
			t.Errorf("stories: the heading says %q", h)
		}
		if n := count(t, ctx, "li.hit"); n != 2 {
			t.Errorf("stories: %d hits, want 2", n)
		}
		if s := text(t, ctx, "li.hit details.copies summary"); s != "2 copies in 3 outlets" {
			t.Errorf("the wire story's copies: %q", s)
		}
		if loc := run(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "distinct=story") {
			t.Errorf("URL %s lacks distinct=story", loc)
		}
		do(t, ctx, "open the copy", chromedp.Navigate(ts.URL+"/articles/copy-2"), chromedp.WaitVisible(chromedp.CSS("article.doc")))
		// The story's spread: every article of it in date order, this
		// one among them, the first outlet marked.
		if s := text(t, ctx, "article.doc details.copies summary"); s != "This story ran in 3 outlets over 3 days, first in Reuters" {
			t.Errorf("article page: %q", s)
		}
		if n := count(t, ctx, "article.doc details.copies li"); n != 3 {
			t.Errorf("article page lists %d articles of the story, want 3", n)
		}
		if s := text(t, ctx, "article.doc details.copies li"); !strings.Contains(s, "Reuters") || !strings.Contains(s, "first") {
			t.Errorf("the first copy listed is the canonical wire story: %q", s)
		}
	}
}
