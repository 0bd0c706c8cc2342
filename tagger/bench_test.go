package tagger

import (
	"strings"
	"testing"
)

// benchPassage is a typical passage: about 300 bytes of news prose, from
// the seed articles.
const benchPassage = "The October 30, 2025, meeting between U.S. President Donald Trump and " +
	"Chinese President Xi Jinping in Busan, South Korea, marked their first in-person contact " +
	"since 2019. Beijing agreed to pause certain rare-earth export curbs for a year, while " +
	"Kazakhstan and Uzbekistan court US investment in critical minerals."

// BenchmarkTag measures one Tag call on a ~300-byte passage; bulk indexing
// needs a few microseconds per passage.
func BenchmarkTag(b *testing.B) {
	tg := newTagger(b)
	b.Run("passage", func(b *testing.B) {
		b.SetBytes(int64(len(benchPassage)))
		b.ReportAllocs()
		for b.Loop() {
			tg.Tag(benchPassage)
		}
	})
	// A long text outgrows the stack buffers and shows the per-byte cost.
	long := strings.Repeat(benchPassage+"\n\n", 20)
	b.Run("article-6KB", func(b *testing.B) {
		b.SetBytes(int64(len(long)))
		b.ReportAllocs()
		for b.Loop() {
			tg.Tag(long)
		}
	})
	b.Run("passage-parallel", func(b *testing.B) {
		b.SetBytes(int64(len(benchPassage)))
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				tg.Tag(benchPassage)
			}
		})
	})
}

// BenchmarkNew shows what building the tables at start-up costs.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(); err != nil {
			b.Fatal(err)
		}
	}
}
