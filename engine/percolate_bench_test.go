package engine

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
)

// BenchmarkPercolate matches 500 Reuters articles against 1,000 saved
// queries: one percolation of a bulk batch.
func BenchmarkPercolate(b *testing.B) {
	items, err := ingest.ParseJSON(corpus.Read(b, "reuters21578.jsonl.gz"), ingest.Options{Lenient: true})
	if err != nil {
		b.Fatal(err)
	}
	e, err := Open(context.Background(), Options{Dir: b.TempDir(), Logger: zerolog.Nop()})
	if err != nil {
		b.Fatal(err)
	}
	defer e.Close()
	docs := make([]newsfind.Document, 500)
	for i := range docs {
		docs[i] = derive.Prepare(e.tagger, items[i].Article)
	}
	f, _ := os.Open("../bench/queries.tsv")
	var searches []newsfind.SavedSearch
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, q, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(sc.Text(), "#") {
			searches = append(searches, newsfind.SavedSearch{ID: "x", Query: newsfind.Query{Text: q}})
		}
	}
	f.Close()
	for len(searches) < 1000 {
		searches = append(searches, searches[:min(len(searches), 1000-len(searches))]...)
	}
	// Kept: each query planned once, as passes over unchanged saved
	// searches run; planned: each query planned again every pass, as
	// percolation did before plans were kept.
	for _, n := range []int{1, 500} {
		for _, kept := range []bool{true, false} {
			name := strconv.Itoa(n) + "/planned"
			if kept {
				name = strconv.Itoa(n) + "/kept"
			}
			b.Run(name, func(b *testing.B) {
				keys := make([]string, len(searches))
				pass := 0
				for b.Loop() {
					for i := range keys {
						if kept {
							keys[i] = strconv.Itoa(i)
						} else {
							keys[i] = strconv.Itoa(pass) + "." + strconv.Itoa(i)
						}
					}
					pass++
					if _, err := e.matchSaved(context.Background(), docs[:n], searches, keys); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
