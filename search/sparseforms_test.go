package search

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/tagger"
)

// TestSparseFormsOnSeeds: an index of the seeds keeps in its forms field
// no word whose form is its stem ("tariff", "oil": the text field says
// them at the same position), and yet every such word, quoted, finds
// exactly the articles a regular expression finds: the word whole, case
// aside, a possessive allowed. Variants alone ("tariffs") do not make a
// quoted "tariff" match, and both forms are in the seeds.
func TestSparseFormsOnSeeds(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	s := storedService(t, arts)
	st := index.NewFormStemmer(s.analyzer, s.forms)
	if st == nil {
		t.Fatal("the English analyzers have no form stemmer")
	}
	var forms []string
	err = s.index.Use(func(x *index.Index) error {
		r, err := x.Reader()
		if err != nil {
			return err
		}
		defer r.Close()
		d, err := r.FieldDict(index.FieldForms)
		if err != nil {
			return err
		}
		defer d.Close()
		for {
			de, err := d.Next()
			if de == nil || err != nil {
				return err
			}
			forms = append(forms, de.Term)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(forms, "tariffs") || !slices.Contains(forms, "the") || !slices.ContainsFunc(forms, func(f string) bool { return strings.HasPrefix(f, index.PhraseBreak) }) {
		t.Errorf("the forms field lacks a form unlike its stem, a stop word or a break: %d terms", len(forms))
	}
	for _, f := range forms {
		if strings.HasPrefix(f, index.PhraseBreak) {
			continue
		}
		if stem, ok := st.Stem(f); ok && stem == f {
			t.Errorf("the forms field holds %q, which is its own stem", f)
		}
	}

	// Every word of the seeds' passages that is its own stem, quoted,
	// against the expression over the passages (derive leaves out some of
	// an article's lines).
	texts := map[string]string{}
	for _, a := range arts {
		d := derive.Prepare(s.tagger, a)
		for _, p := range d.Passages {
			texts[a.ID] += p.Text + "\n\n"
		}
	}
	words := map[string]bool{}
	letters := regexp.MustCompile(`^[a-z]{3,}$`)
	for _, a := range arts {
		for _, tok := range s.forms.Analyze([]byte(texts[a.ID])) {
			w := string(tok.Term)
			if stem, ok := st.Stem(w); ok && stem == w && letters.MatchString(w) && w != "usa" {
				words[w] = true
			}
		}
	}
	if !words["tariff"] || len(words) < 100 {
		t.Fatalf("%d words of the seeds are their own stems (tariff among them: %v)", len(words), words["tariff"])
	}
	for w := range words {
		re := regexp.MustCompile(`(?i)(^|[^\p{L}\p{N}'’])` + w + `(['’]s)?($|[^\p{L}\p{N}'’])`)
		var want []string
		for _, a := range arts {
			if re.MatchString(texts[a.ID]) {
				want = append(want, a.ID)
			}
		}
		got := allIDs(t, s, `"`+w+`"`)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%q finds %v, the expression %v", w, got, want)
		}
	}
	if got := allIDs(t, s, `"tariff"`); len(got) != 1 {
		t.Errorf(`"tariff" finds %d seed articles, want 1 (one writes "tariffs" only)`, len(got))
	}
}

// TestSparseFormsInOtherLanguages: the query in English runs over every
// passage, and a German passage keeps every form. There a quoted "haus"
// must not match "Häuser", which German stems to "haus" (English leaves
// it): the German forms of a stem count among its variants.
func TestSparseFormsInOtherLanguages(t *testing.T) {
	s := storedService(t, []newsfind.Article{
		{ID: "de", Lang: "de", URL: "https://example.com/de", Title: "Wohnen", Body: "Die Häuser in Berlin sind teuer geworden.", Source: "Test"},
		{ID: "de2", Lang: "de", URL: "https://example.com/de2", Title: "Ein Haus", Body: "Das Haus am See ist verkauft.", Source: "Test"},
		{ID: "en", Lang: "en", URL: "https://example.com/en", Title: "Rooms", Body: "The Haus of Commons met on Monday.", Source: "Test"},
	})
	// Every language's forms can be stemmed as its passages were.
	for l, la := range s.langs {
		if index.NewFormStemmer(la.text, la.forms) == nil {
			t.Errorf("the %s analyzers share no analysis: its forms' stems are unknown", l)
		}
	}
	for _, tt := range []struct {
		q    string
		want []string
	}{
		{`"haus"`, []string{"de2", "en"}},
		{`"häuser"`, []string{"de"}},
		{`"haus of"`, []string{"en"}},
	} {
		got := allIDs(t, s, tt.q)
		slices.Sort(got)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s finds %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestFullFormsIndexOfBefore: an index built before the forms field was
// sparse (its forms analyzer is FormsAnalyzer) keeps every form, is told
// apart by its mapping, and is searched on its forms as it was: quoted
// words and prefixes answer as on a new index.
func TestFullFormsIndexOfBefore(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	m, err := index.NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	if !index.FormsSparse(m) {
		t.Fatal("a new mapping's forms field is not sparse")
	}
	m.(*mapping.IndexMappingImpl).DefaultMapping.Properties[index.FieldForms].Fields[0].Analyzer = index.FormsAnalyzer
	if index.FormsSparse(m) {
		t.Fatal("the mapping of before reads as sparse")
	}
	dir := filepath.Join(t.TempDir(), "index")
	b, err := bleve.New(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	cat := catalog.NewCatalog()
	docs := make([]newsfind.Document, len(arts))
	byID := map[string]newsfind.Article{}
	for i, a := range arts {
		docs[i] = derive.Prepare(tg, a)
		cat.Put(catalog.EntryOf(&docs[i]))
		byID[a.ID] = a
	}
	if err := x.Write(docs, nil); err != nil {
		t.Fatal(err)
	}
	old, err := New(index.NewCurrent(x), cat, tg, func(id string) (newsfind.Article, bool, error) {
		a, ok := byID[id]
		return a, ok, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := x.Reader()
	if err != nil {
		t.Fatal(err)
	}
	tfr, err := r.TermFieldReader(context.Background(), []byte("tariff"), index.FieldForms, false, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if tfr.Count() == 0 {
		t.Error(`the index of before has no form "tariff" in its forms field`)
	}
	tfr.Close()
	r.Close()
	cur := storedService(t, arts)
	for _, q := range []string{`"tariff"`, `"tariffs"`, `"rare earths"`, `"rare earth"`, `tariff*`, `tarifs~`, `"the tariff"`, `"trade"`, `trad*`} {
		a, b := allIDs(t, old, q), allIDs(t, cur, q)
		slices.Sort(a)
		slices.Sort(b)
		if !slices.Equal(a, b) {
			t.Errorf("%s: the index of before finds %v, a new one %v", q, a, b)
		}
	}
}
