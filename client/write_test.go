package client_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/web"
)

// TestAddRoundTrip: outcomes by position, a refused article among stored
// ones, and every field as stored, the unknown day kept unknown.
func TestAddRoundTrip(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	ctx := context.Background()
	arts := []newsfind.Article{
		{ID: "cl-1", URL: "https://example.com/cobalt", Title: "Cobalt exports resume", Source: "Example Wire",
			Byline: "Jane Doe", Section: "Markets", Published: day(t, "2025-11-06"), Body: "Congo resumed cobalt exports on Monday.",
			Countries: []string{"CD"}, Commodities: []string{"cobalt"}},
		{ID: "cl-2", Title: "Refused", Body: ""},
		{ID: "cl-3", Title: "Undated zinc", Source: "Example Wire", DateNote: "some time after the strike", Body: "Peru zinc mines reopened."},
	}
	outs, err := s.client.Add(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{newsfind.StatusCreated, newsfind.StatusError, newsfind.StatusCreated}
	for i, o := range outs {
		if o.Index != i || o.ID != arts[i].ID || o.Status != want[i] {
			t.Errorf("outcome %d: %+v, want index %d id %s status %s", i, o, i, arts[i].ID, want[i])
		}
	}
	if !strings.Contains(outs[1].Error, "body") {
		t.Errorf("refused article's reason: %q", outs[1].Error)
	}
	d, err := s.eng.Searcher().Document(ctx, "cl-1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Byline != "Jane Doe" || d.Section != "Markets" || !d.Published.Equal(arts[0].Published) || d.URL != arts[0].URL || d.Source != "Example Wire" ||
		strings.Join(d.Article.Countries, ",") != "CD" || strings.Join(d.Article.Commodities, ",") != "cobalt" {
		t.Errorf("cl-1 as stored: %+v", d.Article)
	}
	if d, err := s.eng.Searcher().Document(ctx, "cl-3"); err != nil || d.Dated() || d.DateNote != arts[2].DateNote {
		t.Errorf("cl-3 as stored: %v %+v", err, d)
	}
	// Again: unchanged, and still refused.
	outs, err = s.client.Add(ctx, arts)
	if err != nil || outs[0].Status != newsfind.StatusUnchanged || outs[1].Status != newsfind.StatusError {
		t.Errorf("again: %v %+v", err, outs)
	}
	// Nothing to send is nothing sent, not the server's "no articles".
	if outs, err := s.client.Add(ctx, nil); err != nil || len(outs) != 0 {
		t.Errorf("no articles: %v %+v", err, outs)
	}
}

func TestAddNeedsToken(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	for _, tok := range []string{"", "wrong"} {
		c := client.New(s.URL, client.Options{Token: tok})
		_, err := c.Add(context.Background(), []newsfind.Article{{ID: "x", Body: "Ghana gold exports rose."}})
		if e := wantError(t, "token "+tok, err, newsfind.EUNAUTHORIZED, ""); !strings.Contains(e.Message, "Bearer") {
			t.Errorf("message %q does not say how to pass the token", e.Message)
		}
	}
}

// TestAddTooLarge: the body limit comes back with its name.
func TestAddTooLarge(t *testing.T) {
	s := newSeedServer(t, web.Options{MaxBody: 1 << 10}, nil)
	_, err := s.client.Add(context.Background(), []newsfind.Article{{ID: "big", Body: strings.Repeat("Copper prices rose. ", 100)}})
	wantError(t, "1 KB cap", err, newsfind.ETOOLARGE, "max_body_bytes")
}
