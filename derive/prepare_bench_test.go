package derive_test

import (
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/bench"
	"github.com/newsfind/newsfind/derive"
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

// BenchmarkPrepare: splitting and tagging, per MB of Reuters text.
func BenchmarkPrepare(b *testing.B) {
	arts := reuters(b, 2000)
	tg, err := tagger.New()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, a := range arts {
		n += len(a.Title) + len(a.Body)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, a := range arts {
			derive.Prepare(tg, a)
		}
	}
}
