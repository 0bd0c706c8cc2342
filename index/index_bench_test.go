package index_test

import (
	"path/filepath"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/bench"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

func reuters(b *testing.B, n int) []newsfind.Article {
	arts, err := bench.ReadCorpus(corpus.Path(b, "reuters21578.jsonl.gz"))
	if err != nil {
		b.Fatal(err)
	}
	var out []newsfind.Article
	for _, a := range arts {
		if a.Body != "" {
			out = append(out, a)
		}
		if len(out) == n {
			break
		}
	}
	return out
}

// BenchmarkWrite: one Bleve batch of about 2,000 passages (the bulk batch
// size of engine.Add) into a fresh index, per MB of text.
func BenchmarkWrite(b *testing.B) {
	arts := reuters(b, 350)
	tg, err := tagger.New()
	if err != nil {
		b.Fatal(err)
	}
	docs := make([]newsfind.Document, len(arts))
	n, passages := 0, 0
	for i, a := range arts {
		docs[i] = derive.Prepare(tg, a)
		n += len(a.Title) + len(a.Body)
		passages += len(docs[i].Passages)
	}
	b.SetBytes(int64(n))
	x, err := index.Open(filepath.Join(b.TempDir(), "index"), index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	b.ReportMetric(float64(passages), "passages/op")
	for b.Loop() {
		if err := x.Write(docs, nil); err != nil {
			b.Fatal(err)
		}
	}
}
