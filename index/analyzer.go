package index

import (
	"bytes"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // registers the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// TextAnalyzer is the analyzer of passage text: English stemming (so
// "tariffs" finds "tariff") and stop words, with acronyms kept apart from
// the words they spell: "US", "U.S." and "USA" all index as "usa" while the
// pronoun "us" stays a stop word.
const TextAnalyzer = "newsfind_en"

// FormsAnalyzer cuts text as TextAnalyzer does but keeps each word's form
// (lowercased, not stemmed) and the stop words, for quoted text and for
// fuzzy and prefix words, which match forms: "Corning" must not be corn,
// and "bank of england" must have "of" between its words.
const FormsAnalyzer = "newsfind_forms"

const acronymFilter = "newsfind_acronym"

// Bleve resolves analyzers by name through its registry, so the custom
// filter must be registered before any mapping that names it is used.
func init() {
	registry.RegisterTokenFilter(acronymFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return acronyms{}, nil
	})
}

// acronyms rewrites dotted and upper-case acronyms before lower-casing,
// while case still tells "US" (the country) from "us".
type acronyms struct{}

func (acronyms) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, tok := range in {
		t := tok.Term
		if bytes.IndexByte(t, '.') > 0 && isDottedAcronym(t) {
			t = bytes.ReplaceAll(t, []byte("."), nil)
		}
		switch string(t) {
		case "US", "USA":
			t = []byte("usa")
		}
		tok.Term = t
	}
	return in
}

// isDottedAcronym reports whether t is letters separated by dots: "U.S",
// "U.K", "E.U".
func isDottedAcronym(t []byte) bool {
	for i, c := range t {
		letter := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
		if i%2 == 0 && !letter || i%2 == 1 && c != '.' {
			return false
		}
	}
	return true
}

func addTextAnalyzer(m *mapping.IndexMappingImpl) error {
	// The forms analyzer is the text analyzer without its stop words and
	// stemmer: the same tokens at the same positions (dropping a stop word
	// leaves its position empty), so a quoted word's form and its stem pair
	// up by position, and one analysis serves both fields (shared.go).
	forms := []any{acronymFilter, en.PossessiveName, lowercase.Name}
	if err := m.AddCustomAnalyzer(TextAnalyzer, map[string]any{
		"type":          "custom",
		"tokenizer":     unicode.Name,
		"token_filters": append(slices.Clone(forms), en.StopName, en.SnowballStemmerName),
	}); err != nil {
		return err
	}
	for _, name := range []string{FormsAnalyzer, SparseFormsAnalyzer} {
		if err := m.AddCustomAnalyzer(name, map[string]any{
			"type":          "custom",
			"tokenizer":     unicode.Name,
			"token_filters": forms,
		}); err != nil {
			return err
		}
	}
	return nil
}
