package search

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
)

// droppedWarning says which words of the query were not searched because
// the analyzer drops them (common words, lone punctuation): a query of
// only those answers nothing, and the user must learn why rather than
// believe the corpus has no such text.
func droppedWarning(dropped []string, empty bool) string {
	if len(dropped) == 0 {
		return ""
	}
	seen := map[string]bool{}
	var quoted []string
	for _, d := range dropped {
		if k := strings.ToLower(d); !seen[k] {
			seen[k] = true
			quoted = append(quoted, strconv.Quote(d))
		}
	}
	list := strings.Join(quoted, ", ")
	why := "common words are ignored"
	if slices.ContainsFunc(dropped, func(d string) bool { return !strings.ContainsFunc(d, unicode.IsLetter) }) {
		why = "common words and marks without letters are ignored"
	}
	if empty {
		return fmt.Sprintf("%s not searched: %s, and the query has nothing else to search for, so nothing matches", list, why)
	}
	return fmt.Sprintf("%s not searched: %s", list, why)
}

// spacedFields warns of "title: cocoa": with the space, "title:" is a
// word (searched as "title") and cocoa another, which is rarely meant.
func spacedFields(n nfquery.Node) []string {
	var out []string
	nfquery.Visit(n, func(n nfquery.Node) bool {
		if w, ok := n.(nfquery.Word); ok && !w.Prefix && w.Fuzzy == 0 {
			if name, ok := strings.CutSuffix(w.Text, ":"); ok && nfquery.IsField(name) {
				out = append(out, fmt.Sprintf("%q was searched as a word: write %s:value, with no space after the colon, to search the field", w.Text, strings.ToLower(name)))
			}
		}
		return true
	})
	return out
}

// titlesIndexed refuses title: on an index built before passages were
// marked as titles: Bleve keeps the mapping an index was created with,
// so such an index would quietly find no title at all.
func (s *Service) titlesIndexed(n nfquery.Node) error {
	uses := false
	nfquery.Visit(n, func(n nfquery.Node) bool {
		_, ok := n.(nfquery.Title)
		uses = uses || ok
		return !uses
	})
	if !uses {
		return nil
	}
	return s.index.Use(func(x *index.Index) error {
		if x == nil || index.Indexes(x.Bleve().Mapping(), index.FieldTitle, "", "boolean") {
			return nil
		}
		return newsfind.Errorf(newsfind.EUNAVAILABLE, "title: needs an index built by this version of newsfind: rebuild it (newsfind reindex, or POST /api/reindex)")
	})
}

// formsIndexed returns the forms analyzer when the index in use keeps word
// forms; an index built before them (a data directory of an older
// newsfind) does not, and quoted text, prefix and fuzzy words then match
// stems as they did, with a warning saying so. An index whose forms have
// no positions (postingsOnly) matches quoted words exactly, but a quoted
// phrase only as well as it did then, again with a warning.
//
// An index of this version keeps a sparse forms field (index/sparse.go),
// and its quoted words equal to their stems are matched in the text field
// (sparseForms); one built before keeps every form, and they are matched
// on their forms as they were.
func (s *Service) formsIndexed(n nfquery.Node, p *plan) analysis.Analyzer {
	has, positioned, sparse := false, false, false
	_ = s.index.Use(func(x *index.Index) error {
		if x == nil {
			has, positioned, sparse = true, true, true
			return nil
		}
		m := x.Bleve().Mapping()
		sparse = index.FormsSparse(m)
		has = sparse || index.Indexes(m, index.FieldForms, index.FormsAnalyzer, "")
		positioned = index.FormsPositioned(m)
		return nil
	})
	if sparse && positioned && s.formStems != nil {
		return sparseForms{s.forms}
	}
	if has && positioned {
		return s.forms
	}
	uses, phrases := false, false
	nfquery.Visit(n, func(n nfquery.Node) bool {
		switch n := n.(type) {
		case nfquery.Phrase:
			uses = uses || !n.Stemmed
			phrases = phrases || !n.Stemmed && len(s.forms.Analyze([]byte(n.Text))) > 1
		case nfquery.Word:
			uses = uses || n.Prefix || n.Fuzzy > 0
		}
		return true
	})
	switch {
	case has && phrases:
		p.warnings = append(p.warnings, "quoted phrases matched their words' stems in order, each of their forms somewhere in the passage: this index was built by an older newsfind; rebuild it for exact phrases (newsfind reindex, or POST /api/reindex)")
	case !has && uses:
		p.warnings = append(p.warnings, "quoted text, prefix and fuzzy words matched word stems, not exact forms: this index was built by an older newsfind; rebuild it (newsfind reindex, or POST /api/reindex)")
	}
	if has {
		return postingsOnly{s.forms}
	}
	return nil
}

// filtersIndexed refuses a filter on a field an older newsfind's index
// lacks (lang, about_country, about_commodity): a rare value is checked in
// the index, where it would silently match nothing.
func (s *Service) filtersIndexed(cs []constraint) error {
	return s.index.Use(func(x *index.Index) error {
		for _, c := range cs {
			switch c.field {
			case index.FieldLang, index.FieldAboutCountry, index.FieldAboutCommodity:
				if x != nil && !index.Indexes(x.Bleve().Mapping(), c.field, "", "") {
					return newsfind.Errorf(newsfind.EUNAVAILABLE, "%s needs an index built by this version of newsfind: rebuild it (newsfind reindex, or POST /api/reindex)", c.field)
				}
			}
		}
		return nil
	})
}
