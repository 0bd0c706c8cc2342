package search

import (
	"context"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// BenchmarkArticleScore states what the article score costs beside the
// search it is part of, measured in one process (this machine's load
// moves separate runs by more than the difference): a broad query's
// search, the rank pass over as many articles as it matches, and reading
// the passages' places once per segment, next to the whole ordinal
// column that read belongs to.
func BenchmarkArticleScore(b *testing.B) {
	s, cat := reutersService(b, 5000)
	ctx := context.Background()
	r, err := s.Search(ctx, newsfind.Query{Text: "said", Size: 10})
	if err != nil {
		b.Fatal(err)
	}
	b.Run("search_said", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.Search(ctx, newsfind.Query{Text: "said", Size: 10}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("rank_said", func(b *testing.B) {
		n := len(cat.View().Entries)
		m := newMatchSet(n)
		for o := 0; o < r.TotalArticles && o < n; o++ {
			m.add(int32(o), 1.25, int32(1+o%9), place(o%4))
		}
		best := append([]float64(nil), m.score...)
		for b.Loop() {
			copy(m.score, best)
			m.rank()
		}
	})
	var passages uint64
	columns := func(b *testing.B, places bool) {
		err := s.index.Use(func(x *index.Index) error {
			rd, err := x.Reader()
			if err != nil {
				return err
			}
			defer rd.Close()
			snap := rd.(*scorch.IndexSnapshot)
			ords := cat.View().Ords
			for b.Loop() {
				if !places {
					if _, err := newColumnCache().ordinals(ctx, snap, ords); err != nil {
						return err
					}
					continue
				}
				passages = 0
				for _, ss := range snap.Segments() {
					sg := ss.Segment()
					for local := uint64(0); local < sg.Count(); local++ {
						id, err := sg.DocID(local)
						if err != nil {
							return err
						}
						_ = placeOf(id)
					}
					passages += sg.Count()
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("columns_all", func(b *testing.B) { columns(b, false) })
	b.Run("columns_places_part", func(b *testing.B) {
		columns(b, true)
		b.ReportMetric(float64(passages), "passages")
	})
}
