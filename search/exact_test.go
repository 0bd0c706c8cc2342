package search

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/seeds"
)

// TestExactForms, on the whole of Reuters-21578: quoted text matches word
// forms, unquoted words stems, and fuzzy words run over forms.
func TestExactForms(t *testing.T) {
	s, _ := reutersService(t, 21578)
	ctx := context.Background()
	total := func(text string) int {
		t.Helper()
		r, err := s.Search(ctx, newsfind.Query{Text: text})
		if err != nil {
			t.Fatalf("%s: %v", text, err)
		}
		return r.TotalArticles
	}
	// Quoted "Corning" is the company, not corn: every mark says Corning.
	r, err := s.Search(ctx, newsfind.Query{Text: `"Corning"`, Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	if r.TotalArticles == 0 || r.TotalArticles >= total("Corning") {
		t.Errorf(`"Corning" finds %d articles, Corning %d: quoted must be fewer and some`, r.TotalArticles, total("Corning"))
	}
	for _, h := range r.Hits {
		for _, p := range h.Passages {
			for _, m := range p.Marks {
				if got := runes(p.Text, m); !strings.EqualFold(strings.TrimSuffix(strings.TrimSuffix(got, "'s"), "’s"), "corning") {
					t.Errorf(`%s: "Corning" marks %q`, h.ID, got)
				}
			}
		}
	}
	// "tariffs" is the plural only: fewer articles than the stem.
	t.Logf(`"Corning" %d articles, Corning %d`, r.TotalArticles, total("Corning"))
	if q, u := total(`"tariffs"`), total("tariffs"); q == 0 || q >= u {
		t.Errorf(`"tariffs" %d articles, tariffs %d`, q, u)
	}
	// A quoted phrase keeps its words' forms: "oil prices" is not "oil price".
	if q, u := total(`"oil prices"`), total(`oil NEAR/0 prices`); q == 0 || q >= u {
		t.Errorf(`"oil prices" %d articles, as stems %d`, q, u)
	}
	// Fuzzy over forms: interventon~ reaches intervention.
	want, got := total(`"intervention"`), total("interventon~")
	t.Logf(`interventon~ %d articles, "intervention" %d, "tariffs" %d, tariffs %d`, got, want, total(`"tariffs"`), total("tariffs"))
	if want == 0 || float64(got) < 0.9*float64(want) {
		t.Errorf("interventon~ finds %d articles, \"intervention\" is in %d: want ≥ 90%%", got, want)
	}
	// ... and a far word stays far: intervntion~2 is not internationalization.
	r, err = s.Search(ctx, newsfind.Query{Text: "intervntion~2", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		for _, p := range h.Passages {
			for _, m := range p.Marks {
				if got := strings.ToLower(runes(p.Text, m)); strings.HasPrefix(got, "internation") {
					t.Errorf("intervntion~2 marks %q in %s", got, h.ID)
				}
			}
		}
	}
	// Prefix over forms: bank* includes banking, but not the stem of an
	// unrelated form.
	if b, w := total("bank*"), total("banking"); b < w {
		t.Errorf("bank* %d articles, fewer than banking's %d", b, w)
	}
}

// runes returns the text of a code-point mark.
func runes(text string, m [2]int) string {
	i := 0
	start, end := -1, len(text)
	for off := range text {
		if i == m[0] {
			start = off
		}
		if i == m[1] {
			end = off
			break
		}
		i++
	}
	if start < 0 || !utf8.ValidString(text) {
		return ""
	}
	return text[start:end]
}

// TestExactFormsOnSeeds: 000 writes "tariffs", 001 "tariff" (the fentanyl
// tariff), 003 neither; "rare earths" is in 000 and 003, "rare earth" in all.
func TestExactFormsOnSeeds(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	s := storedService(t, arts)
	for _, tt := range []struct {
		q    string
		want int
	}{
		{`tariffs`, 2},
		{`"tariffs"`, 1},
		{`"tariff"`, 1},
		{`"Tariffs"`, 1}, // case aside
		{`"rare earths"`, 2},
		{`rare earths`, 3},
		{`tariff*`, 2},
		{`tarifs~`, 2},
		{`"tariffs" OR "tariff"`, 2},
	} {
		if got := len(allIDs(t, s, tt.q)); got != tt.want {
			t.Errorf("%s: %d seed articles, want %d", tt.q, got, tt.want)
		}
	}
}
