package search

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
)

// TestLanguagesOnCorpora: the 14 real pages and 19 real feeds get their
// languages, and in Italian, Portuguese, Spanish and French a query finds
// an article by a word form that only that language's stemmer joins to the
// text's (English stemming would not: checked first).
func TestLanguagesOnCorpora(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join(filepath.Dir(corpus.Path(t, "html/bbc-1.html")), "*.html"))
	if err != nil {
		t.Fatal(err)
	}
	var arts []newsfind.Article
	byFile := map[string]string{} // page -> article id
	for _, p := range pages {
		if strings.HasSuffix(p, ".expected.html") {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		a, err := ingest.ParseHTML(b, "text/html", "")
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if err := ingest.Normalize(&a); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		byFile[strings.TrimSuffix(filepath.Base(p), ".html")] = a.ID
		arts = append(arts, a)
	}
	feeds, err := filepath.Glob(filepath.Join(filepath.Dir(corpus.Path(t, "feeds/rss2_guardian.rss")), "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range feeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		items, err := ingest.ParseFeed(b, "")
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, it := range items {
			if it.Err == nil && ingest.Normalize(&it.Article) == nil {
				arts = append(arts, it.Article)
			}
		}
	}
	s := storedService(t, arts)
	langOf := map[string]string{}
	for _, a := range arts {
		langOf[a.ID] = derive.LanguageOf(&a)
	}
	for page, id := range byFile {
		want := "en"
		switch page {
		case "folha":
			want = "pt"
		case "lemonde-1", "liberation-1":
			want = "fr"
		case "la-nacion":
			want = "es"
		}
		if langOf[id] != want {
			t.Errorf("%s: lang %q, want %q", page, langOf[id], want)
		}
	}
	if ids := allIDs(t, s, "lang:fr"); len(ids) < 2 {
		t.Errorf("lang:fr finds %d articles, want the two French pages at least", len(ids))
	}
	seen := map[string]bool{}
	for _, l := range langOf {
		seen[l] = true
	}
	for _, l := range []string{"it", "pt", "de", "en", "fr", "es"} {
		if !seen[l] {
			t.Errorf("no article of the corpora is in %s", l)
		}
	}
	en := s.analyzer
	for _, tt := range []struct{ lang, text, query string }{
		{"it", "arrestato", "arrestati"},
		{"pt", "seleção", "seleções"},
		{"es", "solución", "soluciones"},
		{"fr", "approuvé", "approuver"},
	} {
		la := s.langs[tt.lang].text
		if string(la.Analyze([]byte(tt.text))[0].Term) != string(la.Analyze([]byte(tt.query))[0].Term) ||
			string(en.Analyze([]byte(tt.text))[0].Term) == string(en.Analyze([]byte(tt.query))[0].Term) {
			t.Fatalf("%s: %q and %q are not a pair only %s stemming joins", tt.lang, tt.text, tt.query, tt.lang)
		}
		var want []string
		for _, a := range arts {
			if langOf[a.ID] == tt.lang && strings.Contains(strings.ToLower(a.Title+" "+a.Body), tt.text) {
				want = append(want, a.ID)
			}
		}
		got := allIDs(t, s, tt.query)
		if len(want) == 0 {
			t.Errorf("%s: no %s article has %q", tt.lang, tt.lang, tt.text)
		}
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("%s: %q does not find %s, which has %q", tt.lang, tt.query, id, tt.text)
			}
		}
	}
}
