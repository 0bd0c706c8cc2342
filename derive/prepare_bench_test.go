package derive_test

import (
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

// BenchmarkPrepare: splitting and tagging, per MB of Reuters text (its
// first 2,000 stories with a body).
func BenchmarkPrepare(b *testing.B) {
	items, err := ingest.ParseJSON(corpus.Read(b, "reuters21578.jsonl.gz"), ingest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var arts []newsfind.Article
	n := 0
	for _, it := range items {
		if it.Err == nil && it.Article.Body != "" && len(arts) < 2000 {
			arts = append(arts, it.Article)
			n += len(it.Article.Title) + len(it.Article.Body)
		}
	}
	tg, err := tagger.New()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			derive.Prepare(tg, a)
		}
	}
}
