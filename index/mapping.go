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
	FieldSource    = "source"
	FieldDate      = "date"
)

// passageDoc is what one passage looks like to Bleve.
type passageDoc struct {
	Text      string   `json:"text"`
	Article   string   `json:"article"`
	Country   []string `json:"country,omitempty"`
	Commodity []string `json:"commodity,omitempty"`
	Source    string   `json:"source,omitempty"`
	Date      string   `json:"date,omitempty"`
}

// NewMapping returns the explicit mapping of passage documents. Nothing is
// dynamic, nothing goes to the _all field, and only the fields that are
// filtered or sorted on keep doc values: each of these costs index time and
// disk (BLEVE-FACTS.md).
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
	text.Store = true // highlighting reads the stored text
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false

	keywordField := func(store bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = keyword.Name
		f.Store = store
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		f.DocValues = true
		return f
	}

	date := mapping.NewDateTimeFieldMapping()
	date.Store = false
	date.IncludeInAll = false
	date.DocValues = true

	doc := mapping.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldText, text)
	doc.AddFieldMappingsAt(FieldArticle, keywordField(false))
	doc.AddFieldMappingsAt(FieldCountry, keywordField(false))
	doc.AddFieldMappingsAt(FieldCommodity, keywordField(false))
	doc.AddFieldMappingsAt(FieldSource, keywordField(false))
	doc.AddFieldMappingsAt(FieldDate, date)
	m.DefaultMapping = doc
	return m, nil
}
