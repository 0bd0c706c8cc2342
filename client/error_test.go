package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/web"
)

// TestErrorLimit: a request over a limit comes back as the
// *newsfind.Error the searcher returned, its code, message and limit.
func TestErrorLimit(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	ctx := context.Background()
	for _, c := range []struct {
		q           newsfind.Query
		code, limit string
	}{
		{newsfind.Query{Text: "oil", Size: 1000}, newsfind.EINVALID, "max_page_size"},
		{newsfind.Query{Text: "oil", Page: 200, Size: 100}, newsfind.EINVALID, "max_result_window"},
		{newsfind.Query{Text: "("}, newsfind.EINVALID, ""},
	} {
		_, err := s.client.Search(ctx, c.q)
		e := wantError(t, "search", err, c.code, c.limit)
		_, direct := s.eng.Searcher().Search(ctx, c.q)
		if e.Message != newsfind.ErrorMessage(direct) {
			t.Errorf("%+v: message %q, the searcher said %q", c.q, e.Message, newsfind.ErrorMessage(direct))
		}
	}
}

// TestErrorWithoutBody: an answer that is not newsfind's error body (a
// proxy's, say) still comes back as an *newsfind.Error, coded by status.
func TestErrorWithoutBody(t *testing.T) {
	for _, c := range []struct {
		status      int
		body        string
		code, inMsg string
	}{
		{http.StatusBadGateway, "<html><body>Bad gateway</body></html>", newsfind.EUNAVAILABLE, "502 Bad Gateway"},
		{http.StatusServiceUnavailable, "", newsfind.EUNAVAILABLE, "503"},
		{http.StatusInsufficientStorage, `{"error":{"code":"insufficient_storage","message":"the disk is full"}}`, newsfind.ENOSPACE, "the disk is full"},
		{http.StatusUnauthorized, "go away\n", newsfind.EUNAUTHORIZED, "go away"},
		{http.StatusTeapot, `{"error":"a string, not newsfind's object"}`, newsfind.EINTERNAL, "a string"},
		{http.StatusOK, "not JSON", newsfind.EINTERNAL, ""},
	} {
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(c.status)
			w.Write([]byte(c.body))
		}))
		_, err := client.New(ts.URL, client.Options{}).Search(context.Background(), newsfind.Query{Text: "x"})
		ts.Close()
		if c.status == http.StatusOK {
			// Not an answer of newsfind's at all: an error, but not the server's.
			var e *newsfind.Error
			if err == nil || errors.As(err, &e) {
				t.Errorf("200 with a body that is not JSON: %v", err)
			}
			continue
		}
		if e := wantError(t, http.StatusText(c.status), err, c.code, ""); !strings.Contains(e.Message, c.inMsg) {
			t.Errorf("%d: message %q lacks %q", c.status, e.Message, c.inMsg)
		}
	}
}
