package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/enginetest"
	"github.com/newsfind/newsfind/web"
)

// TestMaxArticlesPerRequest: a write of more articles than the cap, as a
// JSON array, NDJSON or a feed, is refused whole with 413 naming
// max_articles_per_request, and nothing of it is stored; one at the cap
// is stored, every article listed.
func TestMaxArticlesPerRequest(t *testing.T) {
	const max = 5
	eng := enginetest.Open(t, enginetest.Seeds())
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Logger: zerolog.Nop(),
		Writer: eng, Intake: ingest.Intake{}, Token: testToken, Reindexer: engine.NewReindexer(context.Background(), eng), MaxArticles: max})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	s := &writeServer{Server: ts, eng: eng}

	item := func(p string, i int) string {
		return fmt.Sprintf(`{"id":"%s-%d","source":"S","body":"Zirconium %s shipment %d arrived."}`, p, i, p, i)
	}
	list := func(p string, n int, sep string) string {
		var parts []string
		for i := range n {
			parts = append(parts, item(p, i))
		}
		return strings.Join(parts, sep)
	}
	feed := func(n int) string {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>`)
		for i := range n {
			fmt.Fprintf(&b, `<item><title>Zirconium feed %d</title><link>https://w.example/z%d</link><description>Zirconium feed shipment %d.</description></item>`, i, i, i)
		}
		b.WriteString(`</channel></rss>`)
		return b.String()
	}
	for _, c := range []struct{ name, ct, body string }{
		{"array", "application/json", "[" + list("arr", max+1, ",") + "]"},
		{"ndjson", "application/x-ndjson", list("nd", max+1, "\n")},
		{"feed", "application/rss+xml", feed(max + 1)},
	} {
		code, a := s.post(t, "/api/articles", testToken, c.ct, strings.NewReader(c.body))
		if code != http.StatusRequestEntityTooLarge || !strings.Contains(a.Error.Message, "max_articles_per_request") || len(a.Results) != 0 {
			t.Errorf("%s of %d: %d %+v", c.name, max+1, code, a)
		}
	}
	if r := s.search(t, "zirconium"); r.TotalArticles != 0 {
		t.Errorf("%d articles of refused requests were stored", r.TotalArticles)
	}
	code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader("["+list("ok", max, ",")+"]"))
	if code != 200 || a.Created != max || len(a.Results) != max {
		t.Errorf("%d articles: %d %+v", max, code, a)
	}
}

// TestMaxParagraphsPerRequest: three articles of 20,000 paragraphs each
// (each within max_paragraphs) are over the request's 50,000: refused
// whole with 413, nothing stored.
func TestMaxParagraphsPerRequest(t *testing.T) {
	s := newWriteServer(t, 0)
	body := strings.Repeat(`hafnium line\n`, 20_000)
	var arts []string
	for i := range 3 {
		arts = append(arts, fmt.Sprintf(`{"id":"hf-%d","source":"S","body":"%s"}`, i, body))
	}
	code, a := s.post(t, "/api/articles", testToken, "application/json", strings.NewReader("["+strings.Join(arts, ",")+"]"))
	if code != http.StatusRequestEntityTooLarge || !strings.Contains(a.Error.Message, "max_paragraphs_per_request") {
		t.Errorf("%d %+v", code, a.Error)
	}
	if r := s.search(t, "hafnium"); r.TotalArticles != 0 {
		t.Errorf("%d articles of the refused request were stored", r.TotalArticles)
	}
}
