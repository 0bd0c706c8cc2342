package search

import (
	"context"
	"slices"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
)

// Document returns an indexed article and all its passages.
func (s *Service) Document(ctx context.Context, id string) (*newsfind.Document, error) {
	a, err := s.article(id)
	if err != nil {
		return nil, err
	}
	prepared := derive.Prepare(s.tagger, a)
	d := &prepared
	e, inCatalog := s.catalog.Get(id)
	if inCatalog {
		// The article's tags are those it was indexed with, which its
		// filters and facets count: today's tagger may say otherwise
		// (a newer vocabulary), and the page must not disagree with the
		// facet that led to it. Only the passages' tags are found again.
		d.Countries, d.Commodities = slices.Clone(e.Countries), slices.Clone(e.Commodities)
		d.About = newsfind.TagSet{Countries: slices.Clone(e.About.Countries), Commodities: slices.Clone(e.About.Commodities)}
		d.Lang = e.Lang
	}
	d.Countries, d.Commodities = nonNil(d.Countries), nonNil(d.Commodities)
	d.About.Countries, d.About.Commodities = nonNil(d.About.Countries), nonNil(d.About.Commodities)
	d.Labels = map[string]string{}
	for _, c := range d.Countries {
		if l := s.tagger.CountryName(c); l != "" {
			d.Labels[c] = l
		}
	}
	for _, c := range d.Commodities {
		if l := s.tagger.CommodityLabel(c); l != "" {
			d.Labels[c] = l
		}
	}
	for i := range d.Passages {
		p := &d.Passages[i]
		p.Countries, p.Commodities = nonNil(p.Countries), nonNil(p.Commodities)
	}
	if inCatalog && e.StoryID != "" {
		d.StoryID = e.StoryID
		d.Copies, _, _ = s.copies(id, e.StoryID, s.catalog.Get)
	}
	return d, nil
}

// Highlight returns every passage of an article with the query's matches
// marked.
func (s *Service) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	notFound := newsfind.Errorf(newsfind.ENOTFOUND, "no article with id %q", id)
	if _, ok := s.catalog.Get(id); !ok {
		return nil, notFound
	}
	p, err := s.plan(q)
	if err != nil {
		return nil, err
	}
	d, err := s.passages(id)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, notFound
	}
	all := make([]newsfind.PassageHit, len(d.Passages))
	for i, ps := range d.Passages {
		all[i] = passageHit(ps.Index, ps.Text, nil, nil)
	}
	if p.text == nil {
		return all, nil
	}
	var marked []newsfind.PassageHit
	err = s.index.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		var err error
		marked, err = s.marked(ctx, x, d, p.mark, p.markForms)
		return err
	})
	if err != nil {
		return nil, searchError(ctx, err)
	}
	byIndex := map[int]newsfind.PassageHit{}
	for _, m := range marked {
		byIndex[m.Index] = m
	}
	for i := range all {
		if m, ok := byIndex[all[i].Index]; ok {
			all[i] = m
		}
	}
	return all, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
