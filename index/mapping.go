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
	// stemmed, stop words kept) with their positions, which are the text
	// field's: a quoted phrase is matched on these forms in order, and
	// scored and marked by its stems in the text field. In English
	// passages it holds only the forms unlike their stems (sparse.go).
	FieldForms = "forms"
	// FieldLang is the article's language tag ("de", "pt-BR"), absent
	// when it is not known.
	FieldLang = "lang"
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
	Lang           []string `json:"lang,omitempty"` // LangTerms
}

// BleveType picks the document mapping of the passage's language, whose
// analyzers index it; English and unknown languages use the default.
func (p passageDoc) BleveType() string {
	if len(p.Lang) > 0 {
		if l := AnalysisLanguage(p.Lang[0]); l != English {
			return l
		}
	}
	return ""
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
	// English passages' forms field is sparse (sparse.go); the other
	// languages' keeps every form.
	m.DefaultMapping = passageMapping(TextAnalyzer, SparseFormsAnalyzer)
	// Passages of other languages are typed by their language and have
	// its analyzers (lang.go); English and unknown ones are the default.
	if err := addLanguages(m, passageMapping); err != nil {
		return nil, err
	}
	return m, nil
}

// passageMapping maps a passage whose text and forms fields use the given
// analyzers.
func passageMapping(textAnalyzer, formsAnalyzer string) *mapping.DocumentMapping {
	text := mapping.NewTextFieldMapping()
	text.Analyzer = textAnalyzer
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
	forms.Analyzer = formsAnalyzer
	forms.Store = false
	// Positions, for exact phrases (their offsets come along: Bleve keeps
	// both or neither). Frequencies stay: zap counts a posting's locations
	// by its frequency.
	forms.IncludeTermVectors = true
	forms.IncludeInAll = false
	forms.DocValues = false
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
	// The article's language, for lang: filters and for keeping each
	// language's query to its passages.
	doc.AddFieldMappingsAt(FieldLang, keywordField(false))
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
	return doc
}

// FormsPositioned reports whether an index built with mapping m keeps the
// positions of its forms field: an index built before them (postings
// only, stop words left out) can tell which words a passage has, not
// where.
func FormsPositioned(m mapping.IndexMapping) bool {
	impl, ok := m.(*mapping.IndexMappingImpl)
	if !ok || impl.DefaultMapping == nil {
		return false
	}
	p := impl.DefaultMapping.Properties[FieldForms]
	return p != nil && len(p.Fields) > 0 && p.Fields[0].IncludeTermVectors
}

// FormsSparse reports whether an index built with mapping m keeps in the
// forms field of its English passages only the forms unlike their stems
// (sparse.go): an older index keeps every form.
func FormsSparse(m mapping.IndexMapping) bool {
	return Indexes(m, FieldForms, SparseFormsAnalyzer, "")
}

// Indexes reports whether an index built with mapping m (an older
// newsfind's, perhaps) maps field on its passages of English and unknown
// language with the given analyzer, or of the given type when analyzer
// is "": whether a feature that needs the field can use the index.
func Indexes(m mapping.IndexMapping, field, analyzer, typ string) bool {
	impl, ok := m.(*mapping.IndexMappingImpl)
	if !ok || impl.DefaultMapping == nil {
		return false
	}
	p := impl.DefaultMapping.Properties[field]
	if p == nil || len(p.Fields) == 0 {
		return false
	}
	f := p.Fields[0]
	return (analyzer == "" || f.Analyzer == analyzer) && (typ == "" || f.Type == typ)
}
