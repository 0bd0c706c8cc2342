package search

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/seeds"
)

// langArticles are the seeds with a German and a French article beside
// them, and an English text that says it is German.
func langArticles(t *testing.T) []newsfind.Article {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	return append(arts,
		newsfind.Article{ID: "de-1", Title: "Zölle auf Stahl", Source: "Beispiel", Body: strings.Join([]string{
			"Die Bundesregierung hat am Montag neue Zölle auf Stahl und Aluminium aus mehreren Ländern angekündigt.",
			"Die Maßnahme soll die heimische Industrie schützen, sagte ein Sprecher des Wirtschaftsministeriums in Berlin.",
			"Kritiker warnen, dass die höheren Zölle die Preise für Verbraucher steigen lassen könnten."}, "\n\n")},
		newsfind.Article{ID: "fr-1", Title: "Les droits de douane sur l'acier", Source: "Exemple", Body: strings.Join([]string{
			"Le gouvernement a annoncé lundi de nouveaux droits de douane sur l'acier et l'aluminium importés de plusieurs pays.",
			"La mesure vise à protéger l'industrie nationale, a déclaré un porte-parole du ministère de l'Économie à Paris.",
			"Les critiques estiment que ces droits plus élevés feront monter les prix pour les consommateurs."}, "\n\n")},
		newsfind.Article{ID: "given-de", Lang: "de", Title: "Steel", Source: "Beispiel", Body: "The ministry announced new duties on steel imports from several countries on Monday, and said that they would be reviewed."},
	)
}

// TestLanguages: each article is indexed with its language's analyzer and
// searched in it; lang filters, facets and the lang: field.
func TestLanguages(t *testing.T) {
	s := storedService(t, langArticles(t))
	ctx := context.Background()
	for _, tt := range []struct {
		q    newsfind.Query
		want []string
	}{
		// German stems: Zoll is the stem of Zölle; English would not
		// reach it.
		{newsfind.Query{Text: "Zoll"}, []string{"de-1"}},
		{newsfind.Query{Text: "Preis"}, []string{"de-1"}},
		// French: "douanes" and "douane" stem alike; "prix" is there.
		{newsfind.Query{Text: "douanes"}, []string{"fr-1"}},
		// A stop word of German is no stop word of English: "die" finds
		// no German article (left out there), and is searched in English.
		{newsfind.Query{Text: "die Zölle"}, []string{"de-1"}},
		{newsfind.Query{Text: "lang:de"}, []string{"de-1", "given-de"}},
		// Article scope in German: the words in different passages, an
		// exclusion from a third.
		{newsfind.Query{Text: "Zoll Berlin"}, []string{"de-1"}},
		{newsfind.Query{Text: "Zoll Berlin -Verbraucher"}, nil},
		{newsfind.Query{Text: "Zoll OR douane"}, []string{"de-1", "fr-1"}},
		{newsfind.Query{Text: "steel", Langs: []string{"de"}}, []string{"given-de"}},
		{newsfind.Query{Text: "", Langs: []string{"fr"}}, []string{"fr-1"}},
	} {
		tt.q.Size = newsfind.MaxPageSize
		r, err := s.Search(ctx, tt.q)
		if err != nil {
			t.Fatalf("%+v: %v", tt.q, err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, h.ID)
		}
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q langs %v: %v, want %v", tt.q.Text, tt.q.Langs, got, tt.want)
		}
	}
	r, err := s.Search(ctx, newsfind.Query{})
	if err != nil {
		t.Fatal(err)
	}
	facet := map[string]int{}
	for _, v := range r.Facets.Lang {
		facet[v.Value] = v.Count
		if v.Value == "de" && v.Label != "German" {
			t.Errorf("de is labelled %q", v.Label)
		}
	}
	if facet["en"] != 3 || facet["de"] != 2 || facet["fr"] != 1 {
		t.Errorf("lang facet %v, want 3 en (the seeds), 2 de, 1 fr", r.Facets.Lang)
	}
	if _, err := s.Search(ctx, newsfind.Query{Langs: []string{"not a tag!"}}); err == nil || !strings.Contains(err.Error(), "BCP 47") {
		t.Errorf("a bad lang: %v", err)
	}
}

// TestUnknownLangOnlyNarrows: lang:und has no index term, so inside OR or
// NOT it would answer a silent 0 (or everything); it is refused there and
// works beside the words.
func TestUnknownLangOnlyNarrows(t *testing.T) {
	s := storedService(t, langArticles(t))
	ctx := context.Background()
	for _, text := range []string{"steel OR lang:und", "steel -lang:und", "(lang:und OR lang:de) steel"} {
		_, err := s.Search(ctx, newsfind.Query{Text: text})
		if newsfind.ErrorCode(err) != newsfind.EINVALID || !strings.Contains(newsfind.ErrorMessage(err), "lang=und") {
			t.Errorf("%q: %v, want EINVALID naming the lang=und parameter", text, err)
		}
	}
	if _, err := s.Search(ctx, newsfind.Query{Text: "steel lang:und"}); err != nil {
		t.Errorf("steel lang:und: %v", err)
	}
}
