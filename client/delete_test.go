package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync/atomic"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// TestDeleteManyInOneRequest: a list of ids goes to the server as one
// request, not one request an id (10,000 of those took 41 s, each its own
// fsynced store write and index batch), and the articles are gone after.
func TestDeleteManyInOneRequest(t *testing.T) {
	const n = 300
	arts := make([]newsfind.Article, n)
	ids := make([]string, n)
	for i := range arts {
		ids[i] = fmt.Sprintf("del-%d", i)
		arts[i] = newsfind.Article{ID: ids[i], Title: fmt.Sprintf("Tin note %d", i), Body: "Bolivia's tin output rose in the quarter, the ministry said."}
	}
	eng := enginetest.Open(t, enginetest.Articles(arts))
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Deleter: eng, Token: testToken, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	var requests atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	c := client.New(ts.URL, client.Options{Token: testToken})
	ctx := context.Background()

	gone, err := c.Delete(ctx, append(slices.Clone(ids), "no-such-article"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(gone, ids) {
		t.Errorf("deleted %d ids (%.3v...), want the %d known ones in order", len(gone), gone, n)
	}
	if got := requests.Load(); got != 1 {
		t.Errorf("%d requests for %d ids, want 1", got, n+1)
	}
	r, err := eng.Searcher().Search(ctx, newsfind.Query{Text: "tin"})
	if err != nil || r.TotalArticles != 0 {
		t.Errorf("tin after the delete: %v, %d articles", err, r.TotalArticles)
	}

	// Nothing to send is nothing sent.
	requests.Store(0)
	if gone, err := c.Delete(ctx, nil); err != nil || len(gone) != 0 || requests.Load() != 0 {
		t.Errorf("no ids: %v %v, %d requests", gone, err, requests.Load())
	}
}

// TestDeleteNeedsToken: without the token the delete is refused, and
// nothing is removed.
func TestDeleteNeedsToken(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Articles([]newsfind.Article{{ID: "keep-1", Title: "Zinc", Body: "Peru zinc mines reopened."}}))
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Deleter: eng, Token: testToken, Logger: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	_, err = client.New(ts.URL, client.Options{}).Delete(context.Background(), []string{"keep-1"})
	wantError(t, "delete without token", err, newsfind.EUNAUTHORIZED, "")
	if _, err := eng.Searcher().Document(context.Background(), "keep-1"); err != nil {
		t.Errorf("keep-1 after a refused delete: %v", err)
	}
}
