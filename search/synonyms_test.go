package search

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/tagger"
)

func testSynonyms(t *testing.T, text string) *synonyms {
	t.Helper()
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	s := newSynonyms(m.AnalyzerNamed(index.TextAnalyzer))
	if err := s.read(strings.NewReader(text), "test"); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSynonymExpansion: which parts of a query a group widens, and the
// query as searched, printed.
func TestSynonymExpansion(t *testing.T) {
	s := testSynonyms(t, "United States | U.S. | America\nREE | rare earths\n")
	for _, tt := range []struct{ q, want string }{
		{"U.S. tariffs", `(U.S. OR "United States" OR America) tariffs`},
		{"united states tariffs", `("united states" OR U.S. OR America) tariffs`},
		{"the United States", `the ("United States" OR U.S. OR America)`},
		{"REE", `REE OR "rare earths"`},
		{"rare-earth exports", `(rare-earth OR REE) exports`},
		{"rare earth copper", `("rare earth" OR REE) copper`},
		{"gold OR america", `gold OR (america OR "United States" OR U.S.)`},
		{`"United States" -REE`, `"United States" -(REE OR "rare earths")`},
		{"title:America", `title:(America OR "United States" OR U.S.)`},
		{"Amer* REE~", ""},
		{"oil", ""},
	} {
		n, err := nfquery.Parse(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		got, changed, _ := s.expand(n)
		if tt.want == "" {
			if changed {
				t.Errorf("%s: expanded to %s, want as typed", tt.q, got)
			}
			continue
		}
		if !changed || got.String() != tt.want {
			t.Errorf("%s: %s (changed %v), want %s", tt.q, got, changed, tt.want)
		}
	}
}

// TestSynonymsWithinMaxClauses: a query near max_clauses is not widened
// past it, and the answer says so.
func TestSynonymsWithinMaxClauses(t *testing.T) {
	s := testSynonyms(t, "United States | U.S. | America\n")
	words := make([]string, nfquery.MaxClauses-2)
	for i := range words {
		words[i] = "US"
	}
	n, err := nfquery.Parse(strings.Join(words, " "))
	if err != nil {
		t.Fatal(err)
	}
	got, changed, capped := s.expand(n)
	terms := 0
	nfquery.Visit(got, func(m nfquery.Node) bool {
		if _, ok := m.(nfquery.Word); ok {
			terms++
		} else if _, ok := m.(nfquery.Phrase); ok {
			terms++
		}
		return true
	})
	if !changed || !capped || terms > nfquery.MaxClauses {
		t.Errorf("changed %v capped %v, %d terms (max %d)", changed, capped, terms, nfquery.MaxClauses)
	}
}

// TestSynonymsFileErrors: a malformed file stops the start with its line.
func TestSynonymsFileErrors(t *testing.T) {
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ text, want string }{
		{"# ok\nUS | America\nonly one form\n", ":3: a group needs at least two forms"},
		{"oil | | crude\n", ":1: an empty form"},
		{"oil | the\n", `:1: "the" has only common words`},
		{"oil | crude\nprice | cost\noil | price\n", `:3: "price" is already in the group of "price"`},
	} {
		path := filepath.Join(t.TempDir(), "syn.txt")
		if err := os.WriteFile(path, []byte(tt.text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := New(nil, catalog.NewCatalog(), tg, nil, WithSynonyms(path))
		if err == nil || !strings.Contains(err.Error(), path+tt.want) {
			t.Errorf("%q: %v, want %q", tt.text, err, path+tt.want)
		}
	}
	if _, err := New(nil, catalog.NewCatalog(), tg, nil, WithSynonyms("/nonexistent/syn.txt")); err == nil {
		t.Error("a missing synonyms file: no error")
	}
}

// TestSynonymsOnSeeds: REE, written in none of the seeds, finds their
// rare-earth articles, and the answer says what was searched.
func TestSynonymsOnSeeds(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	s := storedService(t, arts)
	ctx := context.Background()
	rare, err := s.Search(ctx, newsfind.Query{Text: `"rare earth" OR "rare earths"`})
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Search(ctx, newsfind.Query{Text: "REE"})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("REE %d articles, rare earth(s) %d; searched %s", r.TotalArticles, rare.TotalArticles, r.Expanded)
	if rare.TotalArticles == 0 || r.TotalArticles < rare.TotalArticles {
		t.Errorf("REE: %d articles, rare earth(s) %d", r.TotalArticles, rare.TotalArticles)
	}
	if !strings.Contains(r.Expanded, `"rare earths"`) {
		t.Errorf("REE: expanded %q", r.Expanded)
	}
	if r, err := s.Search(ctx, newsfind.Query{Text: "tariff"}); err != nil || r.Expanded != "" {
		t.Errorf("tariff: expanded %q, %v", r.Expanded, err)
	}
}

// TestSynonymsOnReuters: the done-when: "United States" reaches
// at least 90% of the articles "U.S." does.
func TestSynonymsOnReuters(t *testing.T) {
	s := storedService(t, reutersArticles(t, 0))
	count := func(q string) int {
		r, err := s.Search(context.Background(), newsfind.Query{Text: q, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		return r.TotalArticles
	}
	us, united, exact := count("U.S."), count("United States"), count(`"United States"`)
	t.Logf("U.S. %d articles, United States %d, \"United States\" %d", us, united, exact)
	if united*10 < us*9 {
		t.Errorf("United States: %d articles, under 90%% of U.S.'s %d", united, us)
	}
	if exact >= united {
		t.Errorf("\"United States\" %d, United States %d: the quoted phrase should not expand", exact, united)
	}
}
