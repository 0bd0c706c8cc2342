package client_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/web"
)

// TestSearchRoundTrip: what the client returns is what the engine's
// searcher returned to the server, field for field, but for what the API
// does not carry (the date buckets' bounds) and the time taken.
func TestSearchRoundTrip(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	ctx := context.Background()
	for _, q := range []newsfind.Query{
		{Text: "fentanyl tariff"},
		{Text: "rare earth", Countries: []string{"KG"}},
		{Text: "tariffs", Sort: newsfind.SortDate, Size: 1},
		{Text: "rare earth Kazakhstan", Scope: newsfind.ScopePassage},
		{Commodities: []string{"uranium"}, From: day(t, "2025-11-01"), To: day(t, "2025-11-30"), FacetSize: 3},
	} {
		got, err := s.client.Search(ctx, q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		want, err := s.eng.Searcher().Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got.TotalArticles == 0 {
			t.Errorf("%+v: no hits; the test means nothing", q)
		}
		got.Took, want.Took = 0, 0
		for _, f := range []*newsfind.DateFacet{&got.Facets.Date, &want.Facets.Date} {
			for i := range f.Buckets {
				f.Buckets[i].From, f.Buckets[i].To = time.Time{}, time.Time{}
			}
		}
		// Each answer pins its own order: the cursors differ, the pages
		// they lead to do not.
		if (got.Next == "") != (want.Next == "") {
			t.Errorf("%+v: next %q through the client, %q from the engine", q, got.Next, want.Next)
		}
		gotNext, wantNext := got.Next, want.Next
		got.Next, want.Next = "", ""
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v:\n got %+v\nwant %+v", q, got, want)
		}
		if gotNext != "" {
			q1, q2 := q, q
			q1.After, q2.After = gotNext, wantNext
			got, err1 := s.client.Search(ctx, q1)
			want, err2 := s.eng.Searcher().Search(ctx, q2)
			if err1 != nil || err2 != nil || len(got.Hits) == 0 || len(got.Hits) != len(want.Hits) || got.Hits[0].ID != want.Hits[0].ID {
				t.Errorf("%+v, the next page: %v %v; client %+v, engine %+v", q, err1, err2, got, want)
			}
		}
	}
	// A dated hit keeps its day, an undated one stays undated.
	r, err := s.client.Search(ctx, newsfind.Query{Text: "fentanyl tariff"})
	if err != nil || len(r.Hits) != 1 || !r.Hits[0].Published.IsZero() {
		t.Errorf("undated hit: %v %+v", err, r)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func day(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(newsfind.DateLayout, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// recordingSearcher keeps the queries the server hands it.
type recordingSearcher struct {
	newsfind.Searcher
	mu      sync.Mutex
	queries []newsfind.Query
}

func (r *recordingSearcher) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	return r.Searcher.Search(ctx, q)
}

// TestSearchQueryParameters: every field of a Query reaches the server's
// searcher as it was sent.
func TestSearchQueryParameters(t *testing.T) {
	rec := &recordingSearcher{}
	s := newSeedServer(t, web.Options{}, func(s newsfind.Searcher) newsfind.Searcher { rec.Searcher = s; return rec })
	ctx := context.Background()
	first, err := s.client.Search(ctx, newsfind.Query{Text: "tariffs", Size: 1})
	if err != nil || first.Next == "" {
		t.Fatalf("first page: %v %+v", err, first)
	}
	sent := []newsfind.Query{
		{},
		{Text: `"rare earth" -China`, Countries: []string{"KZ", "UZ"}, Commodities: []string{"uranium"},
			Sources: []string{"TRT World", "Reuters, London"}, From: day(t, "2025-01-02"), To: day(t, "2025-12-31"),
			Sort: newsfind.SortDate, Page: 2, Size: 5, FacetSize: 7, Scope: newsfind.ScopePassage},
		{Text: "tariffs", Size: 1, After: first.Next},
		{Text: "rare earth Kazakhstan", Scope: newsfind.ScopeArticle},
	}
	for _, q := range sent {
		if _, err := s.client.Search(ctx, q); err != nil {
			t.Errorf("%+v: %v", q, err)
		}
	}
	got := rec.queries[1:]
	if !reflect.DeepEqual(got, sent) {
		t.Errorf("the server's searcher got\n%+v\nwant\n%+v", got, sent)
	}
}

// TestSearchJSON: the answer as the server wrote it, for --json.
func TestSearchJSON(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	b, err := s.client.SearchJSON(context.Background(), newsfind.Query{Text: "fentanyl tariff"})
	if err != nil || !strings.Contains(string(b), `"total_articles": 1`) || !strings.Contains(string(b), `"published": null`) {
		t.Errorf("%v\n%s", err, b)
	}
	_, err = s.client.SearchJSON(context.Background(), newsfind.Query{Text: "("})
	wantError(t, "bad query", err, newsfind.EINVALID, "")
}

func TestDocument(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	ctx := context.Background()
	const trt = "003_dd54bef6c421656c"
	got, err := s.client.Document(ctx, trt)
	if err != nil {
		t.Fatal(err)
	}
	want, err := s.eng.Searcher().Document(ctx, trt)
	if err != nil {
		t.Fatal(err)
	}
	// The API sends neither the body nor the labels, nor the given tags
	// apart from the found ones.
	want.Body, want.Labels = "", nil
	want.Article.Countries, want.Article.Commodities = nil, nil
	// As JSON, since an empty list the API leaves out comes back nil.
	if g, w := mustJSON(t, got), mustJSON(t, want); g != w {
		t.Errorf("got %s\nwant %s", g, w)
	}
	if !got.Dated() {
		t.Errorf("%s lost its day", trt)
	}
	_, err = s.client.Document(ctx, "no-such-article")
	wantError(t, "unknown id", err, newsfind.ENOTFOUND, "")
	_, err = s.client.Document(ctx, "a/../../api/search")
	wantError(t, "an id with slashes", err, newsfind.ENOTFOUND, "")
}

// The HTTP API has no highlight route: Highlight says so instead of
// returning passages without their marks.
func TestHighlightNotInAPI(t *testing.T) {
	c := client.New("http://localhost:1", client.Options{})
	_, err := c.Highlight(context.Background(), "x", newsfind.Query{Text: "x"})
	wantError(t, "highlight", err, newsfind.EINVALID, "")
}
