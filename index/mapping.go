package index

import (
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of a passage document.
const (
	FieldText      = "text"
	FieldArticle   = "article"
	FieldCountry   = "country"
	FieldCommodity = "commodity"
	// FieldAboutCountry and FieldAboutCommodity hold what the article is
	// about (newsfind.Summary.About), a subset of country and commodity.
	FieldAboutCountry   = "about_country"
	FieldAboutCommodity = "about_commodity"
	FieldSource         = "source"
	FieldDate           = "date"
	// FieldTitle is true on an article's passage 0, its title, and absent
	// on the others: title: queries intersect its one term.
	FieldTitle = "title"
	// FieldForms holds the passage's words as written (lowercased, not
	// stemmed), postings only: quoted text is the stemmed phrase filtered
	// by these forms, so it needs neither positions nor scores here.
	FieldForms = "forms"
)

// passageDoc is what one passage looks like to Bleve.
type passageDoc struct {
	Text      string   `json:"text"`
	Article   string   `json:"article"`
	Country   []string `json:"country,omitempty"`
	Commodity []string `json:"commodity,omitempty"`
	// About tags, for filters on what the article is about.
	AboutCountry   []string `json:"about_country,omitempty"`
	AboutCommodity []string `json:"about_commodity,omitempty"`
	Source         string   `json:"source,omitempty"`
	Date           string   `json:"date,omitempty"`
	Title          bool     `json:"title,omitempty"`
	Forms          string   `json:"forms"`
}

// NewMapping returns the explicit mapping of passage documents. Nothing is
// dynamic, there is no _all field, and only the article keeps doc values:
// each of these costs index time and disk (docs/benchmarks.md).
func NewMapping() (mapping.IndexMapping, error) {
	m := mapping.NewIndexMapping()
	if err := addTextAnalyzer(m); err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = TextAnalyzer
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	text := mapping.NewTextFieldMapping()
	text.Analyzer = TextAnalyzer
	// Not stored: search splits the stored article again for the text,
	// which saves a third of the index (docs/benchmarks.md).
	text.Store = false
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false

	keywordField := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = docValues
		return f
	}

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldText, text)
	forms := mapping.NewTextFieldMapping()
	forms.Analyzer = FormsAnalyzer
	forms.Store = false
	forms.IncludeTermVectors = false
	forms.IncludeInAll = false
	forms.DocValues = false
	// A bitmap per form, no frequencies or norms: it only filters.
	forms.SkipFreqNorm = true
	doc.AddFieldMappingsAt(FieldForms, forms)
	// Search reads one doc value per passage: its article (search/collect.go).
	doc.AddFieldMappingsAt(FieldArticle, keywordField(true))
	// The facet fields are only filtered on (term queries): facets and
	// sorting come from the catalog, so they need no doc values.
	doc.AddFieldMappingsAt(FieldCountry, keywordField(false))
	doc.AddFieldMappingsAt(FieldCommodity, keywordField(false))
	doc.AddFieldMappingsAt(FieldAboutCountry, keywordField(false))
	doc.AddFieldMappingsAt(FieldAboutCommodity, keywordField(false))
	doc.AddFieldMappingsAt(FieldSource, keywordField(false))
	title := mapping.NewBooleanFieldMapping()
	title.Store = false
	title.IncludeInAll = false
	title.DocValues = false
	doc.AddFieldMappingsAt(FieldTitle, title)
	// FieldDate is not mapped: date filters, the date facet and date
	// sorting use the catalog, so indexing it (a datetime field indexes
	// many precision terms per value) only cost time and disk.
	//
	// No _all field: every query names its field, and building the
	// composite field took a tenth of indexing time.
	doc.AddSubDocumentMapping("_all", mapping.NewDocumentDisabledMapping())
	m.DefaultMapping = doc
	return m, nil
}
