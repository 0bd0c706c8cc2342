package search

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
)

// bestPassages returns the best passages (at most BestPassages, best
// first) of every article of a page, from one Bleve search for the whole
// page: one small search per hit was half the time of a selective query.
// Without a text query an article's best passages are its first ones.
func (s *Service) bestPassages(ctx context.Context, x *index.Index, entries []catalog.Entry, set *matchSet,
	page []int32, text query.Query, mf *markForms) (map[string][]newsfind.PassageHit, error) {
	docs := make(map[string]*newsfind.Document, len(page))
	for _, o := range page {
		d, err := s.passages(entries[o].ID)
		if err != nil {
			return nil, err
		}
		docs[entries[o].ID] = d // nil: no longer stored
	}
	size := 0
	for _, o := range page {
		size += int(set.hits[o])
	}
	return markPassages(ctx, x, docs, text, mf, min(size, maxPagePassages), BestPassages)
}

// markPassages returns up to per matching passages of each document of
// docs (nil: no longer stored), best first, with the matches marked, from
// one Bleve search that reads up to size passages. Without a text query a
// document's first passages are its best.
func markPassages(ctx context.Context, x *index.Index, docs map[string]*newsfind.Document, text query.Query,
	mf *markForms, size, per int) (map[string][]newsfind.PassageHit, error) {
	out := make(map[string][]newsfind.PassageHit, len(docs))
	if len(docs) == 0 {
		return out, nil
	}
	if text == nil {
		for id, d := range docs {
			if d == nil {
				continue
			}
			for _, p := range d.Passages[:min(len(d.Passages), per)] {
				out[id] = append(out[id], passageHit(p.Index, p.Text, nil, nil))
			}
		}
		return out, nil
	}
	arts := make([]query.Query, 0, len(docs))
	for id := range docs {
		t := query.NewTermQuery(id)
		t.SetField(index.FieldArticle)
		arts = append(arts, t)
	}
	req := bleve.NewSearchRequestOptions(and([]query.Query{text, query.NewDisjunctionQuery(arts)}, nil), size, 0, false)
	req.IncludeLocations = true
	r, err := x.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, dm := range r.Hits { // best first
		id, i, ok := index.ParsePassageID(dm.ID)
		if !ok || len(out[id]) >= per {
			continue
		}
		if t, ok := passageText(docs[id], i); ok {
			out[id] = append(out[id], passageHit(i, t, dm.Locations[index.FieldText], mf))
		}
	}
	return out, nil
}

// passages returns an article's passages, untagged, from the store; nil
// when it is not stored.
// The document is shared with the cache: callers must not change it.
func (s *Service) passages(id string) (*newsfind.Document, error) {
	d, gen := s.texts.get(id)
	if d != nil {
		return d, nil
	}
	a, ok, err := s.articles(id)
	if err != nil || !ok {
		return nil, err
	}
	d = &newsfind.Document{Article: a, Passages: derive.Passages(a)}
	s.texts.put(d, gen)
	return d, nil
}

// Forget tells the service that articles were rewritten in the store, so
// that it reads their text again.
func (s *Service) Forget(ids []string) { s.texts.forget(ids) }

// article returns a stored article, or ENOTFOUND.
func (s *Service) article(id string) (newsfind.Article, error) {
	if _, ok := s.catalog.Get(id); ok {
		a, ok, err := s.articles(id)
		if err != nil || ok {
			return a, err
		}
	}
	return newsfind.Article{}, newsfind.Errorf(newsfind.ENOTFOUND, "no article with id %q", id)
}

// passageText returns passage i of a document. Passage 0, the title, may
// be missing, and an article updated since the index was searched may
// have fewer passages now.
func passageText(d *newsfind.Document, i int) (string, bool) {
	if d == nil {
		return "", false
	}
	k, ok := sort.Find(len(d.Passages), func(k int) int { return i - d.Passages[k].Index })
	if !ok {
		return "", false
	}
	return d.Passages[k].Text, true
}

// maxPagePassages bounds the passages one page's search reads: enough for
// every match of ten articles of ordinary length.
const maxPagePassages = 5000

func nonNilPassages(ps []newsfind.PassageHit) []newsfind.PassageHit {
	if ps == nil {
		return []newsfind.PassageHit{}
	}
	return ps
}

// marked returns the passages of an article that match a query, best
// first, with the matches marked.
func (s *Service) marked(ctx context.Context, x *index.Index, d *newsfind.Document, text query.Query, mf *markForms) ([]newsfind.PassageHit, error) {
	art := query.NewTermQuery(d.ID)
	art.SetField(index.FieldArticle)
	req := bleve.NewSearchRequestOptions(and([]query.Query{text, art}, nil), len(d.Passages)+1, 0, false)
	req.IncludeLocations = true
	r, err := x.Bleve().SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make([]newsfind.PassageHit, 0, len(r.Hits))
	for _, dm := range r.Hits {
		_, i, ok := index.ParsePassageID(dm.ID)
		if !ok {
			continue
		}
		if t, ok := passageText(d, i); ok {
			out = append(out, passageHit(i, t, dm.Locations[index.FieldText], mf))
		}
	}
	return out, nil
}
