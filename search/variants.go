package search

import (
	"context"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind/index"
)

// An index whose forms field is sparse (index/sparse.go) keeps no form
// where the form is its stem: "price" is not in the forms field, only
// "prices", "priced", "pricing". A quoted "price" is then text:price at
// the positions where the forms field has none of those variants, the
// forms unlike "price" whose stem is "price". The variants are found by a
// walk of the forms dictionary over the prefix they share with the stem
// (index.VariantPrefix), each checked by stemming it as indexing did
// (index.FormStemmer). A variant that is no longer in any passage only
// costs a term reader: a position holds one form, so excluding the
// positions of a form unlike w never loses a w.

// sparseForms is the forms analyzer of an index whose forms field is
// sparse: compilers told it match a quoted word equal to its stem in the
// text field. The other languages' passages keep every form, and their
// compilers get their own, plain, forms analyzer (plan.formsOf).
type sparseForms struct{ analysis.Analyzer }

// isSparse reports whether forms is the analyzer of a sparse forms field.
func isSparse(forms analysis.Analyzer) bool {
	_, ok := forms.(sparseForms)
	return ok
}

// formCounts remembers, for one search, what its queries (the walk's, the
// marks', article scope's leaves) ask of the index about the same forms:
// sameDocs' answers, each of which opens two term readers over every
// segment, and each stem's variants, each a dictionary walk. nil
// remembers nothing, and finds no variants.
type formCounts struct {
	stems    *index.FormStemmer
	cache    *variantCache // each segment's, across searches
	mu       sync.Mutex
	same     map[formPair]bool
	variants map[string][]string
}

func newFormCounts(stems *index.FormStemmer, cache *variantCache) *formCounts {
	return &formCounts{stems: stems, cache: cache, same: map[formPair]bool{}, variants: map[string][]string{}}
}

// forget drops what was learnt of an index, for a plan used again over
// another.
func (fc *formCounts) forget() {
	fc.mu.Lock()
	clear(fc.same)
	clear(fc.variants)
	fc.mu.Unlock()
}

// variantsOf lists the forms in the index, other than stem itself, whose
// text term is stem.
func (fc *formCounts) variantsOf(ctx context.Context, r bindex.IndexReader, stem string) ([]string, error) {
	if fc == nil || fc.stems == nil {
		return nil, nil
	}
	fc.mu.Lock()
	v, ok := fc.variants[stem]
	fc.mu.Unlock()
	if ok {
		return v, nil
	}
	out, ok, err := fc.cache.of(ctx, r, stem)
	if err != nil {
		return nil, err
	}
	if !ok {
		if out, err = fc.walkVariants(ctx, r, stem); err != nil {
			return nil, err
		}
	}
	fc.mu.Lock()
	fc.variants[stem] = out
	fc.mu.Unlock()
	return out, nil
}

// walkVariants finds a stem's variants by a walk of the forms dictionary
// over the prefix they share with it.
func (fc *formCounts) walkVariants(ctx context.Context, r bindex.IndexReader, stem string) ([]string, error) {
	dict, err := r.FieldDictPrefix(index.FieldForms, []byte(index.VariantPrefix(stem)))
	if err != nil {
		return nil, err
	}
	defer dict.Close()
	var out []string
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		de, err := dict.Next()
		if err != nil {
			return nil, err
		}
		if de == nil {
			break
		}
		if de.Term == stem || strings.HasPrefix(de.Term, index.PhraseBreak) {
			continue
		}
		if s, ok := fc.stems.Stem(de.Term); ok && s == stem {
			out = append(out, de.Term)
		}
	}
	return out, nil
}

// variantTerms are a stem's variants as terms of the forms field.
func variantTerms(vs []string) []fieldTerm {
	out := make([]fieldTerm, len(vs))
	for i, v := range vs {
		out[i] = fieldTerm{index.FieldForms, v}
	}
	return out
}

// stemAsForm matches the passages where a word equal to its stem stands
// as written: a text location of stem with no variant at its position.
// Unscored: it filters a stemmed query that scores.
type stemAsForm struct {
	stem     string
	variants []string
}

func (q stemAsForm) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.Score = "none"
	vs := variantTerms(q.variants)
	return locationWalk(ctx, r, []fieldTerm{{index.FieldText, q.stem}}, vs, o,
		func(dm *search.DocumentMatch, optional func() []search.FieldTermLocation) bool {
			return hasFreeStem(dm.FieldTermLocations, q.stem, optional)
		})
}

// hasFreeStem reports whether a passage has stem at a position where no
// variant stands; the variants' locations are read only if it has the
// stem at all, which a passage the walk reached does.
func hasFreeStem(ftls []search.FieldTermLocation, stem string, optional func() []search.FieldTermLocation) bool {
	var vs []search.FieldTermLocation
	if optional != nil {
		vs = optional()
	}
	for i := range ftls {
		if ftls[i].Field != index.FieldText || ftls[i].Term != stem {
			continue
		}
		free := true
		for j := range vs {
			if vs[j].Location.Pos == ftls[i].Location.Pos {
				free = false
				break
			}
		}
		if free {
			return true
		}
	}
	return false
}

// standsAlone reports whether a text term that is its own stem stands as
// a form somewhere: at a position where none of its variants does. A
// prefix or fuzzy word matches forms, and such a form is no longer in the
// forms field.
func (fc *formCounts) standsAlone(ctx context.Context, r bindex.IndexReader, term string) (bool, error) {
	if s, ok := fc.stems.Stem(term); !ok || s != term {
		return false, nil
	}
	if a, ok, err := fc.cache.alone(r, term); ok || err != nil {
		return a, err
	}
	vs, err := fc.variantsOf(ctx, r, term)
	if err != nil || len(vs) == 0 {
		return err == nil, err
	}
	// More passages with the stem than with its variants: some passage
	// has it as itself. Only when not is a passage's positions read.
	stem, err := termCount(ctx, r, term, index.FieldText)
	if err != nil {
		return false, err
	}
	var sum uint64
	for _, v := range vs {
		n, err := termCount(ctx, r, v, index.FieldForms)
		if err != nil {
			return false, err
		}
		sum += n
	}
	if stem > sum {
		return true, nil
	}
	s, err := stemAsForm{stem: term, variants: vs}.Searcher(ctx, r, nil, search.SearcherOptions{})
	if err != nil {
		return false, err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	dm, err := s.Next(sctx)
	return dm != nil, err
}
