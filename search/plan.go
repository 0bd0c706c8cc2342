package search

import (
	"context"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
)

// plan is a validated query, ready to run.
type plan struct {
	q      newsfind.Query
	text   query.Query // nil when the query has no text
	mark   query.Query // text for marking hits: Bleve's phrase queries
	after  *sortKey    // the page starts after this key; nil: at Page
	pinned *pinCursor  // the page is read from a pinned answer
	filter filter
	empty  bool // the text has nothing searchable (only stop words)
	// warnings say what of the query was not searched as typed; never nil,
	// so the answer's list is [] rather than null.
	warnings []string
	expanded string // the query as searched, when synonyms changed it
	// forms is the forms analyzer when the index keeps forms (nil: an
	// index built before them); markForms keeps quoted text's marks to
	// its forms.
	forms     analysis.Analyzer
	markForms *markForms
	same      *formCounts
	// langs are the languages besides English that the catalog's
	// articles are in, whose analyzers each text leaf also runs.
	langs []langAnalyzers
	scopePlan
}

func (s *Service) plan(q newsfind.Query) (*plan, error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.CountOnly {
		if q.Page > 1 || q.After != "" {
			return nil, newsfind.Errorf(newsfind.EINVALID, "size=0 answers the totals and facets alone, the same on every page: leave out page and after")
		}
		q.Size = 0 // no page: Size means nothing
	}
	if q.Size == 0 {
		q.Size = newsfind.DefaultPageSize
	}
	switch {
	case q.Page < 1:
		return nil, newsfind.Errorf(newsfind.EINVALID, "page must be 1 or more")
	case q.Size < 1 || q.Size > newsfind.MaxPageSize:
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_page_size", "size must be between 1 and %d (max_page_size)", newsfind.MaxPageSize)
	case q.Page > newsfind.MaxResultWindow/q.Size: // page*size > window, without overflow
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_result_window",
			"page %d at %d results a page is past the first %d results (max_result_window): read further with after=<next of the previous page>, or narrow the query",
			q.Page, q.Size, newsfind.MaxResultWindow)
	case q.After != "" && q.Page > 1:
		return nil, newsfind.Errorf(newsfind.EINVALID, "use page or after, not both: after already says where the page starts")
	case q.FacetSize < 0 || q.FacetSize > newsfind.MaxFacetSize:
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_facet_size", "facet_size must be between 1 and %d (max_facet_size)", newsfind.MaxFacetSize)
	case q.Sort != "" && q.Sort != newsfind.SortRelevance && q.Sort != newsfind.SortDate:
		return nil, newsfind.Errorf(newsfind.EINVALID, "unknown sort %q: use relevance or date", q.Sort)
	case q.Distinct != newsfind.DistinctArticle && q.Distinct != newsfind.DistinctStory:
		return nil, newsfind.Errorf(newsfind.EINVALID, "unknown distinct %q: use story (one hit per story), or leave it out", q.Distinct)
	}
	if q.Sort == "" {
		q.Sort = newsfind.SortRelevance
	}
	var err error
	if q.Scope, err = scopeOf(q.Scope); err != nil {
		return nil, err
	}
	if q.FacetSize == 0 {
		q.FacetSize = newsfind.DefaultFacetSize
	}
	p := &plan{q: q, warnings: []string{}}
	if q.After != "" {
		if p.pinned, p.after, err = decodeAfter(q.After, q.Sort, q.Scope); err != nil {
			return nil, err
		}
	}
	node, err := nfquery.Parse(q.Text)
	if err != nil {
		return nil, err
	}
	n, changed, capped := s.synonyms.expand(node)
	if changed {
		node, p.expanded = n, n.String()
	}
	if capped {
		p.warnings = append(p.warnings, fmt.Sprintf("some words were searched without their synonyms: with them the query would have more than %d terms (max_clauses)", nfquery.MaxClauses))
	}
	if err := s.titlesIndexed(node); err != nil {
		return nil, err
	}
	p.warnings = append(p.warnings, spacedFields(node)...)
	if p.filter, err = s.values.resolve(q); err != nil {
		return nil, err
	}
	node, lifted := nfquery.LiftFields(node)
	// A lone lang:und has no term in Bleve to find: the catalog checks it.
	if f, ok := node.(nfquery.Field); ok && f.Name == "lang" && strings.EqualFold(f.Value, newsfind.LangUnknown) {
		node, lifted = nil, append(lifted, f)
	}
	// Anywhere else (under OR or NOT) it would compile to a term no
	// article has: a silent 0 or a silent "everything", so it is refused.
	if hasUnknownLang(node) {
		return nil, newsfind.Errorf(newsfind.EINVALID,
			"lang:%s (no language detected) can only narrow the whole query, not sit inside OR or NOT: write it beside the words (oil lang:und) or use the lang=und parameter", newsfind.LangUnknown)
	}
	for _, f := range lifted {
		c, err := s.values.constraint(f.Name, f.Value)
		if err != nil {
			return nil, err
		}
		p.filter.constraints = append(p.filter.constraints, c)
	}
	if err := s.filtersIndexed(p.filter.constraints); err != nil {
		return nil, err
	}
	if node != nil {
		p.forms = s.formsIndexed(node, p)
		p.same = newFormCounts(s.formStems, s.variants)
		if p.forms != nil && hasExpansions(node) {
			if node, err = s.expandForms(node, p); err != nil {
				return nil, err
			}
		}
		if p.forms != nil {
			p.markForms = newMarkForms(node, s.analyzer, p.forms)
		}
		p.langs = s.queryLanguages(node, p.forms != nil)
		c := &compiler{analyzer: s.analyzer, forms: p.forms, same: p.same, values: s.values, walk: true}
		if p.text, err = c.compile(node); err != nil {
			return nil, err
		}
		p.mark = p.text
		if c.usedPhrase || len(p.langs) > 0 {
			c := &compiler{analyzer: s.analyzer, forms: p.forms, same: p.same, values: s.values}
			if p.mark, err = c.compile(node); err != nil {
				return nil, err
			}
		}
		for _, l := range p.langs {
			walk, mark, err := p.inLanguage(node, l, s.values)
			if err != nil {
				return nil, err
			}
			p.text, p.mark = orNil(p.text, walk), orNil(p.mark, mark)
		}
		// Only stop words left: nothing matches, unless fields were
		// lifted, which then stand alone ("the country:JP").
		p.empty = p.text == nil && len(lifted) == 0
		if w := droppedWarning(c.dropped, p.empty); w != "" {
			p.warnings = append(p.warnings, w)
		}
		if err := s.planScope(p, node); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// denseShare is the share of passages above which a filter constraint is
// checked on the catalog per hit rather than intersected in Bleve: a
// posting list that covers much of the index costs more to intersect
// than a slice lookup per hit, while a rare one lets Bleve skip most of
// the text's hits. At 1.0M passages (docs/benchmarks.md) it took
// "country:US interest rates" from 17 to 10 ms; at 10%, "country:GB bank"
// went from 11 to 19 ms.
const denseShare = 0.30

// splitConstraints sorts filter constraints into those for Bleve (rare
// values) and those for the catalog (common ones), by their passage
// counts in the index.
func splitConstraints(r bindex.IndexReader, cs []constraint, dense float64) (inIndex, inCatalog []constraint, err error) {
	if len(cs) == 0 {
		return nil, nil, nil
	}
	total, err := r.DocCount()
	if err != nil {
		return nil, nil, err
	}
	for _, c := range cs {
		// No term marks an article of no known language: the catalog knows.
		if c.field == index.FieldLang && contains(c.values, newsfind.LangUnknown) {
			inCatalog = append(inCatalog, c)
			continue
		}
		if dense >= 1 { // everything else in Bleve
			inIndex = append(inIndex, c)
			continue
		}
		var n uint64
		for _, v := range c.values {
			tfr, err := r.TermFieldReader(context.Background(), []byte(v), c.field, false, false, false)
			if err != nil {
				return nil, nil, err
			}
			n += tfr.Count()
			tfr.Close()
		}
		if float64(n) > dense*float64(total) {
			inCatalog = append(inCatalog, c)
		} else {
			inIndex = append(inIndex, c)
		}
	}
	return inIndex, inCatalog, nil
}

// inLanguage compiles a query's text in another language (walk and mark),
// kept to the passages in that language.
func (p *plan) inLanguage(node nfquery.Node, l langAnalyzers, v *values) (walk, mark query.Query, err error) {
	only := langTerm(l.lang)
	for _, w := range []bool{true, false} {
		c := &compiler{analyzer: l.text, forms: p.formsOf(l), same: p.same, values: v, walk: w}
		q, err := c.compile(node)
		if err != nil || q == nil {
			return nil, nil, err
		}
		q = and([]query.Query{q, only}, nil)
		if w {
			walk = q
		} else {
			mark = q
		}
	}
	return walk, mark, nil
}

// formsOf is the forms analyzer of a language, nil when the index keeps
// no forms.
func (p *plan) formsOf(l langAnalyzers) analysis.Analyzer {
	if p.forms == nil {
		return nil
	}
	if _, old := p.forms.(postingsOnly); old {
		return postingsOnly{l.forms}
	}
	return l.forms
}

// langTerm keeps a query to the passages of a language, unscored.
func langTerm(lang string) query.Query {
	t := query.NewTermQuery(lang)
	t.SetField(index.FieldLang)
	t.SetBoost(0)
	return t
}

// orNil is a OR b, either of which may be nil.
func orNil(a, b query.Query) query.Query {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return query.NewDisjunctionQuery([]query.Query{a, b})
}

// hasUnknownLang reports whether a lang:und field is left in a query tree.
func hasUnknownLang(node nfquery.Node) bool {
	found := false
	if node != nil {
		nfquery.Visit(node, func(n nfquery.Node) bool {
			if f, ok := n.(nfquery.Field); ok && f.Name == "lang" && strings.EqualFold(f.Value, newsfind.LangUnknown) {
				found = true
			}
			return !found
		})
	}
	return found
}
