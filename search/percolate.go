package search

import (
	"context"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
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
		index: cur, catalog: cat, tagger: s.tagger, mapping: s.mapping, analyzer: s.analyzer, forms: s.forms, langs: s.langs, formStems: s.formStems, variants: newVariantCache(s.formStems, foreignStems(cat, s.langs)),
		values:   &values{tagger: s.tagger, catalog: cat},
		columns:  newColumnCache(),
		articles: func(string) (newsfind.Article, bool, error) { return newsfind.Article{}, false, nil },
		texts:    newTextCache(0),
		synonyms: s.synonyms,
		pins:     newPinCache(CursorOptions{}),
	}
}

// A Percolator matches saved queries against batch after batch of
// just-written articles, each batch an index and catalog of its own
// (Over), and plans each query once, not once a batch: planning (parsing,
// synonyms, analysing every word for the walk, the marks and article
// scope) was most of what a one-article batch cost against 1,000 saved
// queries.
//
// A plan reads the index and catalog it is made over in three places,
// where one kept from an earlier batch would read the wrong batch: the
// catalog's languages (a query is also searched as each other language
// present reads it), the names a source filter resolves to, and the
// forms a prefix or fuzzy word expands to. So a kept plan serves only
// batches of the languages it was made for, and a query with a source
// filter or a prefix or fuzzy word is planned for each batch.
//
// A Percolator and its batches are used by one goroutine at a time.
type Percolator struct {
	s     *Service
	plans map[string]*keptPlan // by the caller's key
	made  int
}

type keptPlan struct {
	p     *plan
	langs string // the batch catalog's languages it was made for
}

// Percolator returns a percolator with s's analysis and synonyms.
func (s *Service) Percolator() *Percolator {
	return &Percolator{s: s, plans: map[string]*keptPlan{}}
}

// Planned is how many plans the percolator has made: tests check that
// batches against unchanged saved queries make none.
func (pc *Percolator) Planned() int { return pc.made }

// Kept is how many plans the percolator keeps.
func (pc *Percolator) Kept() int { return len(pc.plans) }

// A PercolationBatch matches saved queries over one batch's index and
// catalog.
type PercolationBatch struct {
	pc    *Percolator
	s     *Service
	langs string
	used  map[string]bool
}

// Batch returns the matcher of saved queries over one batch's index and
// catalog.
func (pc *Percolator) Batch(cur *index.Current, cat *catalog.Catalog) *PercolationBatch {
	return &PercolationBatch{pc: pc, s: pc.s.Over(cur, cat), langs: strings.Join(cat.Languages(), ","), used: map[string]bool{}}
}

// Match runs the match step of a saved query over the batch. key names
// the query: a query that changes must come with a new key (the engine's
// is the saved search's id and version), or its old plan would run.
func (b *PercolationBatch) Match(ctx context.Context, key string, q newsfind.Query) (*Matches, error) {
	b.used[key] = true
	k := b.pc.plans[key]
	if k != nil && k.langs == b.langs {
		// Its answers about word forms were the last batch's index's.
		k.p.same.forget()
		return b.s.matchPlan(ctx, k.p, tuning{dense: denseShare})
	}
	q.Page, q.Size, q.After, q.CountOnly = 0, 0, "", false
	p, err := b.s.plan(q)
	b.pc.made++
	if err != nil {
		delete(b.pc.plans, key)
		return nil, err
	}
	if readsBatch(q) {
		delete(b.pc.plans, key)
	} else {
		b.pc.plans[key] = &keptPlan{p: p, langs: b.langs}
	}
	return b.s.matchPlan(ctx, p, tuning{dense: denseShare})
}

// Done forgets the plans of the queries the batch did not match: their
// searches were deleted, or changed and so keyed anew. Call it once the
// batch has matched every saved query.
func (b *PercolationBatch) Done() {
	for key := range b.pc.plans {
		if !b.used[key] {
			delete(b.pc.plans, key)
		}
	}
}

// readsBatch reports whether q's plan reads its batch beyond the
// catalog's languages: a source filter resolves to the names the batch's
// articles spell it with, a prefix or fuzzy word to the forms its index
// holds.
func readsBatch(q newsfind.Query) bool {
	if len(q.Sources) > 0 {
		return true
	}
	node, err := nfquery.Parse(q.Text)
	if err != nil {
		return true
	}
	reads := false
	if node != nil {
		nfquery.Visit(node, func(n nfquery.Node) bool {
			switch n := n.(type) {
			case nfquery.Word:
				reads = reads || n.Prefix || n.Fuzzy > 0
			case nfquery.Field:
				reads = reads || n.Name == "source"
			}
			return !reads
		})
	}
	return reads
}
