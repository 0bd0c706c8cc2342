package index

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
)

// TestVariantPrefix: every form of Reuters that the English stemmer
// changes starts with VariantPrefix of its stem, so a dictionary walk
// over that prefix finds all of a stem's forms (search/variants.go), and
// so do the Porter2 exceptions and the y/i and e endings.
func TestVariantPrefix(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	text, forms := m.AnalyzerNamed(TextAnalyzer), m.AnalyzerNamed(FormsAnalyzer)
	st := NewFormStemmer(text, forms)
	if st == nil {
		t.Fatal("the English analyzers do not share their analysis")
	}
	seen := map[string]bool{}
	check := func(form string) {
		if seen[form] {
			return
		}
		seen[form] = true
		if stem, ok := st.Stem(form); ok && !strings.HasPrefix(form, VariantPrefix(stem)) {
			t.Errorf("%q stems to %q, which does not share the prefix %q", form, stem, VariantPrefix(stem))
		}
	}
	for _, w := range []string{"dying", "lying", "tying", "skies", "skis", "idly", "gently", "ugly", "early", "only", "singly",
		"crying", "hoping", "ability", "possibility", "relational", "generalization", "happiness", "news", "agreed", "feed"} {
		check(w)
	}
	items, err := ingest.ParseJSON(corpus.Read(t, "reuters21578.jsonl.gz"), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Err != nil {
			continue
		}
		for _, tok := range forms.Analyze([]byte(it.Article.Title + "\n" + it.Article.Body)) {
			check(string(tok.Term))
		}
	}
	t.Logf("%d forms checked", len(seen))
}
