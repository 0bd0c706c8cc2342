package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/ingest"
	nfquery "github.com/newsfind/newsfind/query"
	"github.com/newsfind/newsfind/tagger"
)

// runBaseline indexes the same passages (split and tagged by newsfind's
// code, so only the index differs) into a plain Bleve index with the
// default mapping and settings, then runs the same queries as Bleve
// searches: top 10, terms facets on country, commodity and source, and a
// month date-range facet. It counts passages, not articles: that is what
// plain Bleve gives.
func runBaseline(ctx context.Context, opt Options, arts []newsfind.Article) (*Engine, error) {
	tmp, err := os.MkdirTemp(opt.TempDir, "newsfind-baseline-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "bleve")
	tagger, err := tagger.New()
	if err != nil {
		return nil, err
	}
	ResetPeakRSS()
	heap := startHeapSampler()
	b, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		heap.Stop()
		return nil, err
	}
	defer b.Close()
	res := &Engine{Name: "baseline"}
	x := &res.Index
	x.BatchArticles = opt.BatchArticles
	total := len(arts) * opt.Scale
	pr := &progress{w: opt.Progress, name: "baseline indexing", start: time.Now(), last: time.Now()}
	start := time.Now()
	done := 0
	err = corpusCopies(ctx, arts, opt.Scale, opt.BatchArticles, func(batch []newsfind.Article) error {
		bb := b.NewBatch()
		for _, a := range batch {
			if ingest.Normalize(&a) != nil {
				x.Rejected++
				continue
			}
			d := derive.Prepare(tagger, a)
			x.Articles++
			x.TextBytes += int64(len(a.Title) + len(a.Body))
			x.Passages += len(d.Passages)
			if err := index.EachPassageDoc(&d, bb.Index); err != nil {
				return err
			}
		}
		done += len(batch)
		pr.tick(done, total, "articles")
		return b.Batch(bb)
	})
	if err != nil {
		heap.Stop()
		return nil, err
	}
	x.Seconds = time.Since(start).Seconds()
	x.PeakHeapBytes = heap.Stop()
	x.PeakRSSBytes = PeakRSS()
	x.PassagesPerSec = float64(x.Passages) / x.Seconds
	x.MBPerSec = float64(x.TextBytes) / 1e6 / x.Seconds
	fmt.Fprintf(opt.Progress, "bench: baseline indexed %d passages in %.1f s (%.0f passages/s); waiting for merges\n", x.Passages, x.Seconds, x.PassagesPerSec)
	x.IndexBytes = settle(dir, 3*time.Second, 90*time.Second)
	x.DiskBytes = x.IndexBytes
	if x.TextBytes > 0 {
		x.IndexToText = float64(x.IndexBytes) / float64(x.TextBytes)
	}

	lo, hi := Span(arts)
	hi = hi.Add(time.Duration(opt.Scale-1) * Period(arts))
	bc := &baselineCompiler{tagger: tagger}
	freeMemory()
	ResetPeakRSS()
	heap = startHeapSampler()
	searchFn := func(ctx context.Context, text string) (int, int, error) {
		q, err := bc.query(text)
		if err != nil {
			return 0, 0, err
		}
		req := bleve.NewSearchRequestOptions(q, 10, 0, false)
		req.AddFacet("country", bleve.NewFacetRequest("country", newsfind.DefaultFacetSize))
		req.AddFacet("commodity", bleve.NewFacetRequest("commodity", newsfind.DefaultFacetSize))
		req.AddFacet("source", bleve.NewFacetRequest("source", newsfind.DefaultFacetSize))
		req.AddFacet("date", monthFacet(lo, hi))
		r, err := b.SearchInContext(ctx, req)
		if err != nil {
			return 0, 0, err
		}
		return 0, int(r.Total), nil
	}
	res.Classes, res.PerQuery = runQueries(ctx, opt, "baseline", searchFn)
	if opt.Concurrency > 0 {
		res.Concurrent = runConcurrent(ctx, opt, "baseline", searchFn)
	}
	res.ServingPeakHeapBytes = heap.Stop()
	res.ServingRSSBytes = RSS()
	res.ServingPeakRSSBytes = PeakRSS()
	return res, nil
}

// monthFacet is a date-range facet with one range per month of [lo, hi].
func monthFacet(lo, hi time.Time) *bleve.FacetRequest {
	start := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	n := 0
	for m := start; !m.After(hi); m = m.AddDate(0, 1, 0) {
		n++
	}
	f := bleve.NewFacetRequest("date", n)
	for m := start; !m.After(hi); m = m.AddDate(0, 1, 0) {
		end := m.AddDate(0, 1, 0)
		f.AddDateTimeRange(m.Format("2006-01"), m, end)
	}
	return f
}

// baselineCompiler turns newsfind's query syntax into Bleve queries over the
// default mapping: match queries analysed with the field's own analyzer, so
// the words mean what they mean to plain Bleve.
type baselineCompiler struct {
	tagger *tagger.Tagger
}

func (c *baselineCompiler) query(text string) (query.Query, error) {
	n, err := nfquery.Parse(text)
	if err != nil {
		return nil, err
	}
	if n == nil {
		return query.NewMatchAllQuery(), nil
	}
	return nfquery.Fold[query.Query](n, c)
}

// Leaf matches a fuzzy word exactly, as the baseline always has: no
// default query is fuzzy, so the comparison never needed it.
func (c *baselineCompiler) Leaf(n nfquery.Node) (query.Query, error) {
	switch n := n.(type) {
	case nfquery.Word:
		if n.Prefix {
			q := query.NewPrefixQuery(strings.ToLower(n.Text))
			q.SetField("text")
			return q, nil
		}
		q := query.NewMatchQuery(n.Text)
		q.SetField("text")
		q.SetOperator(query.MatchQueryOperatorAnd)
		return q, nil
	case nfquery.Phrase:
		q := query.NewMatchPhraseQuery(n.Text)
		q.SetField("text")
		return q, nil
	case nfquery.Field:
		v := n.Value
		switch n.Name {
		case "country":
			if code, ok := c.tagger.Country(v); ok {
				v = code
			}
		case "commodity":
			if slug, ok := c.tagger.Commodity(v); ok {
				v = slug
			}
		}
		q := query.NewMatchPhraseQuery(v)
		q.SetField(n.Name)
		return q, nil
	case nfquery.Near:
		// Plain Bleve has no proximity (bleve#74): its user's nearest
		// query is the words in one passage.
		must := make([]query.Query, len(n.Terms))
		for i, t := range n.Terms {
			q, err := c.Leaf(t)
			if err != nil {
				return nil, err
			}
			must[i] = q
		}
		return query.NewConjunctionQuery(must), nil
	case nfquery.Title:
		// The baseline's passages do not say which one is the title.
		return nfquery.Fold[query.Query](n.Q, c)
	}
	return nil, fmt.Errorf("unknown query node %T", n)
}

// And keeps Bleve's own shapes, without search's simplifications, so the
// baseline is what a plain Bleve user would write.
func (c *baselineCompiler) And(must, not []query.Query) query.Query {
	if len(must) == 0 {
		// Bleve's boolean query with only exclusions matches nothing.
		must = []query.Query{query.NewMatchAllQuery()}
	}
	return query.NewBooleanQuery(must, nil, not)
}

func (c *baselineCompiler) Or(qs []query.Query) query.Query {
	return query.NewDisjunctionQuery(qs)
}
