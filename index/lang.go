package index

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	bunicode "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	// Bleve's analyzers, stop words and stemmers of the languages derive
	// tells apart.
	_ "github.com/blevesearch/bleve/v2/analysis/lang/da"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fi"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/nl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/no"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/ru"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/sv"

	"github.com/newsfind/newsfind/derive"
)

// English is the language newsfind's own analyzer is for (derive.English).
const English = derive.English

// Languages returns the languages with an analyzer, English first: those
// derive tells apart.
func Languages() []string { return derive.Languages() }

// analyzed are the languages (primary subtags) with analyzers of their
// own besides English's: a set, as every passage written asks.
var analyzed = func() map[string]bool {
	out := map[string]bool{}
	for _, l := range derive.Languages()[1:] {
		out[l] = true
	}
	return out
}()

// AnalysisLanguage is the language whose analyzers index a text in lang:
// its primary subtag when that has analyzers, else English.
func AnalysisLanguage(lang string) string {
	primary, _, _ := strings.Cut(strings.ToLower(lang), "-")
	if analyzed[primary] {
		return primary
	}
	return English
}

// TextAnalyzerFor and FormsAnalyzerFor name the analyzers of the text and
// forms fields for a language (any BCP 47 tag; English for those without).
func TextAnalyzerFor(lang string) string {
	if l := AnalysisLanguage(lang); l != English {
		return l // Bleve's analyzer of that name
	}
	return TextAnalyzer
}

func FormsAnalyzerFor(lang string) string {
	if l := AnalysisLanguage(lang); l != English {
		return FormsAnalyzer + "_" + l
	}
	return FormsAnalyzer
}

// addLanguages gives every analyzed language a forms analyzer (lower case:
// no stop words dropped, no stemmer) and a document mapping whose text and forms fields
// use its analyzers: a passage's type is its article's language
// (passageDoc.BleveType).
func addLanguages(m *mapping.IndexMappingImpl, mappingFor func(text, forms string) *mapping.DocumentMapping) error {
	for _, l := range Languages()[1:] {
		if err := m.AddCustomAnalyzer(FormsAnalyzerFor(l), map[string]any{
			"type":          "custom",
			"tokenizer":     bunicode.Name,
			"token_filters": []any{lowercase.Name},
		}); err != nil {
			return err
		}
		m.AddDocumentMapping(l, mappingFor(TextAnalyzerFor(l), FormsAnalyzerFor(l)))
	}
	return nil
}

// LangTerms are the terms a language tag is filtered by: the tag and its
// primary language ("pt-BR", "pt"), so that lang:pt finds Brazilian
// Portuguese too; none for an unknown language.
func LangTerms(tag string) []string {
	if tag == "" {
		return nil
	}
	if primary, _, ok := strings.Cut(tag, "-"); ok {
		return []string{tag, strings.ToLower(primary)}
	}
	return []string{tag}
}
