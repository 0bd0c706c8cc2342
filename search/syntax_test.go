package search

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/tagger"
)

// reutersN is the share of Reuters-21578 these tests index: the whole of
// it, so that the totals are the ones a researcher sees.
const reutersN = 21578

// TestSyntaxOnReuters indexes the corpus once for the checks of the
// query syntax that need its size.
func TestSyntaxOnReuters(t *testing.T) {
	s, _ := reutersService(t, reutersN)
	t.Run("precedence", func(t *testing.T) { testPrecedence(t, s) })
	t.Run("title", func(t *testing.T) { testTitle(t, s, reutersTitles(t, reutersN)) })
}

// testPrecedence: OR binds tighter than the implied AND, so a query and
// its parenthesised reading find the same articles.
func testPrecedence(t *testing.T, s *Service) {
	for _, tt := range []struct{ bare, grouped string }{
		{"grain OR wheat embargo", "(grain OR wheat) embargo"},
		{"oil prices OR costs", "oil (prices OR costs)"},
		{"coffee AND export OR quota", "coffee (export OR quota)"},
	} {
		a, b := total(t, s, tt.bare), total(t, s, tt.grouped)
		t.Logf("%s: %d articles; %s: %d", tt.bare, a, tt.grouped, b)
		if a == 0 || a != b {
			t.Errorf("%s: %d articles, %s: %d; want the same, above 0", tt.bare, a, tt.grouped, b)
		}
	}
}

// testTitle: title: finds only articles with the words in their title,
// and fewer than the words anywhere.
func testTitle(t *testing.T, s *Service, titles map[string]string) {
	for _, tt := range []struct {
		q     string
		ok    func(title string) bool
		wider string
	}{
		{"title:cocoa", func(s string) bool { return strings.Contains(s, "cocoa") }, "cocoa"},
		{`title:"rare earth"`, func(s string) bool { return strings.Contains(s, "rare earth") }, `"rare earth"`},
		{"title:(cocoa OR coffee)", func(s string) bool { return strings.Contains(s, "cocoa") || strings.Contains(s, "coffee") }, "cocoa OR coffee"},
		{"title:coffee -title:brazil", func(s string) bool { return strings.Contains(s, "coffee") && !hasWord(s, "brazil") }, "coffee"},
	} {
		ids := allIDs(t, s, tt.q)
		wider := total(t, s, tt.wider)
		t.Logf("%s: %d articles; %s: %d", tt.q, len(ids), tt.wider, wider)
		if len(ids) == 0 && tt.q != `title:"rare earth"` || len(ids) > wider {
			t.Errorf("%s: %d articles, %s: %d", tt.q, len(ids), tt.wider, wider)
		}
		for _, id := range ids {
			if title := strings.ToLower(titles[id]); !tt.ok(title) {
				t.Errorf("%s found %s, titled %q", tt.q, id, titles[id])
			}
		}
	}
}

// TestWarnings: what the query loses on the way to the index is said.
func TestWarnings(t *testing.T) {
	s, _ := reutersService(t, 3000)
	for _, tt := range []struct {
		q     string
		found int    // 1: some article matches, 0: none, -1: either
		want  string // in the one warning; "" for none
	}{
		{"oil", 1, ""},
		{"the", 0, `"the" not searched: common words are ignored, and the query has nothing else to search for`},
		{"the of", 0, `"the", "of" not searched`},
		{"oil OR the", 1, `"the" not searched: common words are ignored`},
		{`"the the" oil`, 1, `"\"the the\"" not searched`},
		{"title: cocoa", -1, `"title:" was searched as a word: write title:value`},
		{"title:the", 0, `"the" not searched`},
		{"oil - the", 1, `"-", "the" not searched: common words and marks without letters are ignored`},
	} {
		r, err := s.Search(context.Background(), newsfind.Query{Text: tt.q})
		if err != nil {
			t.Fatalf("%s: %v", tt.q, err)
		}
		if found := min(r.TotalArticles, 1); r.Warnings == nil || tt.found >= 0 && found != tt.found {
			t.Errorf("%s: %d articles, warnings %#v", tt.q, r.TotalArticles, r.Warnings)
		}
		switch {
		case tt.want == "" && len(r.Warnings) > 0:
			t.Errorf("%s: warnings %q, want none", tt.q, r.Warnings)
		case tt.want != "" && (len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], tt.want)):
			t.Errorf("%s: warnings %q, want one with %q", tt.q, r.Warnings, tt.want)
		}
	}
}

// hasWord reports whether s has w as a whole word.
func hasWord(s, w string) bool {
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if f == w {
			return true
		}
	}
	return false
}

func total(t *testing.T, s *Service, text string) int {
	t.Helper()
	r, err := s.Search(context.Background(), newsfind.Query{Text: text, Size: 1})
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return r.TotalArticles
}

// allIDs pages through every hit of text.
func allIDs(t *testing.T, s *Service, text string) []string {
	t.Helper()
	var ids []string
	q := newsfind.Query{Text: text, Size: newsfind.MaxPageSize}
	for {
		r, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		for _, h := range r.Hits {
			ids = append(ids, h.ID)
		}
		if r.Next == "" {
			return ids
		}
		q.After = r.Next
	}
}

// reutersTitles maps the first n Reuters stories' ids to their titles,
// passage 0 as indexed.
func reutersTitles(t *testing.T, n int) map[string]string {
	t.Helper()
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, a := range reutersArticles(t, n) {
		d := derive.Prepare(tg, a)
		if len(d.Passages) > 0 && d.Passages[0].Index == 0 {
			out[d.ID] = d.Passages[0].Text
		}
	}
	return out
}

// TestTitleOnOldIndex: an index created before title passages were
// marked keeps its mapping, so title: would find nothing there; it is
// refused with a reason instead.
func TestTitleOnOldIndex(t *testing.T) {
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	delete(m.(*mapping.IndexMappingImpl).DefaultMapping.Properties, index.FieldTitle)
	for _, f := range []string{index.FieldLang, index.FieldAboutCountry, index.FieldAboutCommodity} {
		delete(m.(*mapping.IndexMappingImpl).DefaultMapping.Properties, f)
	}
	dir := filepath.Join(t.TempDir(), "index")
	old, err := bleve.New(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	old.Close()
	x, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(index.NewCurrent(x), catalog.NewCatalog(), tg, func(string) (newsfind.Article, bool, error) { return newsfind.Article{}, false, nil })
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Search(context.Background(), newsfind.Query{Text: "title:cocoa"})
	if newsfind.ErrorCode(err) != newsfind.EUNAVAILABLE || !strings.Contains(err.Error(), "reindex") {
		t.Errorf("title: on an old index: %v", err)
	}
	for _, q := range []newsfind.Query{{Text: "cocoa lang:de"}, {Text: "cocoa", Langs: []string{"de"}}, {Text: "cocoa about:KZ"}, {Text: "cocoa", AboutCommodities: []string{"oil"}}} {
		if _, err := s.Search(context.Background(), q); newsfind.ErrorCode(err) != newsfind.EUNAVAILABLE || !strings.Contains(err.Error(), "reindex") {
			t.Errorf("a lang or about filter on an old index (%+v): %v", q, err)
		}
	}
	if _, err := s.Search(context.Background(), newsfind.Query{Text: "cocoa"}); err != nil {
		t.Errorf("cocoa on an old index: %v", err)
	}
}
