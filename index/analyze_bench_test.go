package index

import (
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

// BenchmarkAnalyze: mapping and analysing the passage documents of 2,000
// Reuters articles (what Bleve's analysis workers do in a batch), per MB
// of text.
func BenchmarkAnalyze(b *testing.B) {
	items, err := ingest.ParseJSON(corpus.Read(b, "reuters21578.jsonl.gz"), ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	tg, err := tagger.New()
	if err != nil {
		b.Fatal(err)
	}
	var docs []newsfind.Document
	n := 0
	for _, it := range items {
		if it.Err == nil && it.Article.Body != "" && len(docs) < 2000 {
			docs = append(docs, derive.Prepare(tg, it.Article))
			n += len(it.Article.Title) + len(it.Article.Body)
		}
	}
	m, err := NewMapping()
	if err != nil {
		b.Fatal(err)
	}
	s := &sharedAnalysis{mapping: m}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for i := range docs {
			err := EachPassageDoc(&docs[i], func(id string, doc any) error {
				d, err := s.document(id, doc)
				if err != nil {
					return err
				}
				d.VisitFields(func(f bindex.Field) {
					if f.Options().IsIndexed() {
						f.Analyze()
					}
				})
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
