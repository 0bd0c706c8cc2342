package search

import (
	"context"
	"slices"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestExactPhrases: a quoted phrase is its word forms in order at adjacent
// positions, in one passage, in both scopes, in a title and as a term of
// NEAR or a slop; the stemmed phrase with its forms elsewhere in the
// passage is not it.
func TestExactPhrases(t *testing.T) {
	s := storedService(t, []newsfind.Article{
		article("exact", "Analysts watched the oil price closely."),
		article("hyphen", "The oil-price slump hurt producers."),
		article("capital", "OIL PRICE WAR LOOMS, analysts said."),
		// The stemmed phrase "oil prices", and "price" further on.
		article("leak", "Oil prices rose as the price of crude climbed."),
		article("plural", "Oil prices rose on Monday."),
		article("split", "He sold the oil.\n\nThe price fell."),
		article("boe", "The Bank of England cut its rate."),
		article("bie", "The bank in England cut its rate."),
		article("opec", "OPEC met in Vienna.\n\nThe oil price fell after the meeting."),
		article("nearleak", "OPEC said oil prices and the price of gas fell."),
		{ID: "titled", URL: "https://example.com/titled", Title: "Oil price falls", Body: "Crude fell on Monday.", Source: "Test"},
		{ID: "titleleak", URL: "https://example.com/titleleak", Title: "Oil prices fall, price war looms", Body: "Crude fell on Monday.", Source: "Test"},
		article("slop", "The oil export price rose."),
		article("slopleak", "The oil export prices rose to the price of gold."),
		// Punctuation keeps words apart, unless the query has it too; the
		// dot of "U.S." is the acronym's.
		article("comma", "They sold the oil, price aside."),
		article("dollar", "The U.S. dollar fell."),
		article("possessive", "The bank's loans grew."),
		article("loans", "Bank loans grew."),
	})
	for _, tt := range []struct {
		q    string
		want []string
		// inPassage, when set, is what passage scope finds, where the
		// query's words must share a passage.
		inPassage []string
	}{
		{`"oil price"`, []string{"capital", "exact", "hyphen", "opec", "titled"}, nil},
		{`"Oil Price"`, []string{"capital", "exact", "hyphen", "opec", "titled"}, nil},
		{`"oil prices"`, []string{"leak", "nearleak", "plural", "titleleak"}, nil},
		{`"bank of england"`, []string{"boe"}, nil},
		{`"bank in england"`, []string{"bie"}, nil},
		{`title:"oil price"`, []string{"titled"}, nil},
		{`"oil price" opec`, []string{"opec"}, []string{}},
		{`"oil price" NEAR/5 meeting`, []string{"opec"}, nil},
		{`opec NEAR/3 "oil price"`, nil, nil},
		{`opec NEAR/3 "oil prices"`, []string{"nearleak"}, nil},
		{`"oil price"~1`, []string{"capital", "comma", "exact", "hyphen", "opec", "slop", "titled"}, nil},
		{`"oil, price"`, []string{"capital", "comma", "exact", "hyphen", "opec", "titled"}, nil},
		{`"U.S. dollar"`, []string{"dollar"}, nil},
		{`"US dollar"`, []string{"dollar"}, nil},
		{`"bank loans"`, []string{"loans"}, nil},
		{`"bank's loans"`, []string{"loans", "possessive"}, nil},
	} {
		for _, sc := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
			want := tt.want
			if sc == newsfind.ScopePassage && tt.inPassage != nil {
				want = tt.inPassage
			}
			if got := scopedIDs(t, s, tt.q, sc); !slices.Equal(got, want) {
				t.Errorf("%s (%s scope): %v, want %v", tt.q, sc, got, want)
			}
		}
	}
}

// TestExactPhraseMarks: only the exact occurrence of a quoted phrase is
// marked, not its stems elsewhere in the passage.
func TestExactPhraseMarks(t *testing.T) {
	s := storedService(t, []newsfind.Article{
		article("both", "Oil prices rose while the oil price index fell."),
	})
	r, err := s.Search(context.Background(), newsfind.Query{Text: `"oil price"`})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 || len(r.Hits[0].Passages) != 1 {
		t.Fatalf(`"oil price": %+v`, r.Hits)
	}
	if got := markedText(r.Hits[0].Passages[0]); got != "oil price" {
		t.Errorf(`"oil price" marks %q, want "oil price"`, got)
	}
}

// scopedIDs are the sorted ids of every article text finds in a scope.
func scopedIDs(t *testing.T, s *Service, text string, sc newsfind.Scope) []string {
	t.Helper()
	q := newsfind.Query{Text: text, Scope: sc, Size: newsfind.MaxPageSize}
	var ids []string
	for {
		r, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		for _, h := range r.Hits {
			ids = append(ids, h.ID)
		}
		if r.Next == "" {
			break
		}
		q.After = r.Next
	}
	slices.Sort(ids)
	return ids
}
