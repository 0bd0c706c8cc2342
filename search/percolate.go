package search

import (
	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
)

// Check reports whether q would run: its text parses and its filters and
// options are ones search takes. A saved search is checked when it is
// saved, so that it does not fail later, each time it is run.
func (s *Service) Check(q newsfind.Query) error {
	q.Page, q.Size, q.After, q.CountOnly = 0, 0, "", false
	_, err := s.plan(q)
	return err
}

// Over returns a service with s's analysis and synonyms over another
// index and catalog: a handful of just-written articles, that saved
// queries are matched against (percolation) without walking the whole
// corpus. It reads no article text, so it answers Match, not Search.
func (s *Service) Over(cur *index.Current, cat *catalog.Catalog) *Service {
	return &Service{
		index: cur, catalog: cat, tagger: s.tagger, mapping: s.mapping, analyzer: s.analyzer, forms: s.forms, langs: s.langs,
		values:   &values{tagger: s.tagger, catalog: cat},
		columns:  newColumnCache(),
		articles: func(string) (newsfind.Article, bool, error) { return newsfind.Article{}, false, nil },
		texts:    newTextCache(0),
		synonyms: s.synonyms,
		pins:     newPinCache(CursorOptions{}),
	}
}
