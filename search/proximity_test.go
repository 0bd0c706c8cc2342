package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/seeds"
)

// storedService indexes arts with an article store, so that hits come
// with their passages and marks.
func storedService(t *testing.T, arts []newsfind.Article) *Service {
	t.Helper()
	s, _ := countedService(t, arts)
	return s
}

func article(id, body string) newsfind.Article {
	return newsfind.Article{ID: id, URL: "https://example.com/" + id, Title: "Story " + id, Body: body, Source: "Test"}
}

// TestProximityWindows: what NEAR and slop match, on texts made for it.
func TestProximityWindows(t *testing.T) {
	s := storedService(t, []newsfind.Article{
		article("adjacent", "Analysts watched the oil price closely."),
		article("between2", "The oil export price rose on Monday."),
		article("between4", "Oil was traded and the market price fell."),
		article("swapped", "Traders said the price oil fetched was low."),
		article("reversed2", "The price of crude oil climbed."),
		article("chain", "Gold rose, silver and copper fell in quiet trade."),
		article("number", "Oil and 1 price and other things were said."),
		article("twice", "Oil, oil everywhere: the oil glut."),
	})
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{`oil NEAR/0 price`, []string{"adjacent", "swapped"}},
		{`oil NEAR/1 price`, []string{"adjacent", "between2", "swapped"}},
		{`oil NEAR/2 price`, []string{"adjacent", "between2", "number", "reversed2", "swapped"}},
		{`"oil price"`, []string{"adjacent"}},
		{`"oil price"~0`, []string{"adjacent"}},
		{`"oil price"~1`, []string{"adjacent", "between2"}},
		// A swap costs 2: "price oil" is two edits from "oil price".
		{`"oil price"~2`, []string{"adjacent", "between2", "number", "swapped"}},
		// "price of crude oil" is oil 4 places from where the phrase
		// wants it, the stop word counted.
		{`"oil price"~3`, []string{"adjacent", "between2", "number", "swapped"}},
		{`"oil price"~4`, []string{"adjacent", "between2", "number", "reversed2", "swapped"}},
		{`"oil price"~5`, []string{"adjacent", "between2", "between4", "number", "reversed2", "swapped"}},
		{`"price oil"~1`, []string{"swapped"}},
		{`gold NEAR/1 silver NEAR/1 copper`, []string{"chain"}},
		{`gold NEAR/0 silver NEAR/1 copper`, nil},
		{`copper NEAR/1 silver NEAR/1 gold`, []string{"chain"}},
		{`"oil oil"~1`, []string{"twice"}},
		{`"oil oil oil"~2`, []string{"twice"}},
		{`"oil oil oil"~1`, nil},
		// A stop word in a chain is not indexed; its room stays.
		{`oil NEAR/0 the NEAR/0 price`, []string{"adjacent", "between2", "swapped"}},
	} {
		ids := allIDs(t, s, tt.q)
		if strings.Join(sorted(ids), " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: found %v, want %v", tt.q, sorted(ids), tt.want)
		}
	}
	// Marks are the words of the window, not every occurrence.
	r, err := s.Search(context.Background(), newsfind.Query{Text: `"oil price"~0`, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := s.Search(context.Background(), newsfind.Query{Text: `oil NEAR/0 glut`, Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*newsfind.Result{r, r2} {
		for _, h := range r.Hits {
			for _, p := range h.Passages {
				if p.Index == 0 {
					continue
				}
				if got := markedText(p); got != "oil price" && got != "oil glut" {
					t.Errorf("%s passage %d: marked %q", h.ID, p.Index, got)
				}
			}
		}
	}
}

func markedText(p newsfind.PassageHit) string {
	var out []string
	for _, m := range p.Marks {
		rs := []rune(p.Text)
		out = append(out, strings.ToLower(string(rs[m[0]:m[1]])))
	}
	return strings.Join(out, "|")
}

func sorted(ss []string) []string {
	out := append([]string(nil), ss...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestProximityOnReuters: the done-when, on the whole corpus:
// each form finds at least 100 articles, every passage shown holds the two
// words within the window with only they marked, and a slop is never
// searched as a number. The slop is of "oil prices", the commoner form:
// quoted, the words are matched as written (TestExactPhrases).
func TestProximityOnReuters(t *testing.T) {
	s := storedService(t, reutersArticles(t, 0))
	// ok says whether oil at position o and price at p are a match.
	near3 := func(o, p int) bool { return o != p && abs(p-o)-1 <= 3 }
	slop3 := func(o, p int) bool { return o != p && abs((p-1)-o) <= 3 }
	for _, tt := range []struct {
		q  string
		ok func(o, p int) bool
	}{
		{"oil NEAR/3 price", near3},
		{`"oil prices"~3`, slop3},
		{`"oil prices"~1`, func(o, p int) bool { return p-o == 1 || p-o == 2 }},
	} {
		q := newsfind.Query{Text: tt.q, Size: newsfind.MaxPageSize}
		articles, passages := 0, 0
		for {
			r, err := s.Search(context.Background(), q)
			if err != nil {
				t.Fatalf("%s: %v", tt.q, err)
			}
			for _, h := range r.Hits {
				articles++
				for _, p := range h.Passages {
					passages++
					if !s.holds(p.Text, tt.ok) {
						t.Errorf("%s: %s passage %d lacks the window: %q", tt.q, h.ID, p.Index, p.Text)
					}
					for _, m := range strings.Split(markedText(p), "|") {
						for _, w := range strings.Fields(m) {
							if stem := s.stem(w); stem != "oil" && stem != "price" {
								t.Errorf("%s: %s passage %d marks %q", tt.q, h.ID, p.Index, w)
							}
						}
					}
				}
			}
			if r.Next == "" {
				break
			}
			q.After = r.Next
		}
		t.Logf("%s: %d articles, %d passages shown", tt.q, articles, passages)
		if articles < 100 {
			t.Errorf("%s: %d articles, want at least 100", tt.q, articles)
		}
	}
	// A proximity group is one leaf, matched inside one passage, in
	// article scope as a phrase is: beside another word it finds more
	// articles than in passage scope, never more than alone.
	alone := total(t, s, "oil NEAR/3 price")
	if exact, zero := total(t, s, `"oil prices"`), total(t, s, `"oil prices"~0`); exact != zero || exact == 0 {
		t.Errorf(`"oil prices": %d articles, "oil prices"~0: %d`, exact, zero)
	} else {
		t.Logf(`"oil prices": %d articles, as "oil prices"~0`, exact)
	}
	counts := map[newsfind.Scope]int{}
	for _, sc := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
		r, err := s.Search(context.Background(), newsfind.Query{Text: "oil NEAR/3 price opec", Scope: sc, Size: 1})
		if err != nil {
			t.Fatal(err)
		}
		counts[sc] = r.TotalArticles
	}
	t.Logf("oil NEAR/3 price: %d; with opec, article scope %d, passage scope %d", alone, counts[newsfind.ScopeArticle], counts[newsfind.ScopePassage])
	if a, p := counts[newsfind.ScopeArticle], counts[newsfind.ScopePassage]; a < p || a > alone || p == 0 {
		t.Errorf("oil NEAR/3 price opec: article scope %d, passage scope %d, alone %d", a, p, alone)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// holds reports whether text has oil and price at positions ok accepts.
func (s *Service) holds(text string, ok func(o, p int) bool) bool {
	var oils, prices []int
	for _, tok := range s.analyzer.Analyze([]byte(text)) {
		switch string(tok.Term) {
		case "oil":
			oils = append(oils, tok.Position)
		case "price":
			prices = append(prices, tok.Position)
		}
	}
	for _, o := range oils {
		for _, p := range prices {
			if ok(o, p) {
				return true
			}
		}
	}
	return false
}

func (s *Service) stem(w string) string {
	toks := s.analyzer.Analyze([]byte(w))
	if len(toks) != 1 || !utf8.ValidString(w) {
		return ""
	}
	return string(toks[0].Term)
}

// TestProximityOnSeeds: the README's seed examples. All three seeds have
// "rare earth"; the swap "earth rare" is two edits away, and NEAR takes
// either order.
func TestProximityOnSeeds(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	s := storedService(t, arts)
	for _, tt := range []struct {
		q    string
		want int
	}{
		{`"rare earth"`, 3},
		{`"earth rare"~1`, 0},
		{`"earth rare"~2`, 3},
		{`earth NEAR/0 rare`, 3},
		{`"rare elements"~1`, 3}, // rare earth elements
		{`rare NEAR/0 earth NEAR/1 supply`, 1},
		{`"rare earth"~50 OR "rare earth"~0`, 3},
	} {
		if got := len(allIDs(t, s, tt.q)); got != tt.want {
			t.Errorf("%s: %d seed articles, want %d", tt.q, got, tt.want)
		}
	}
}
