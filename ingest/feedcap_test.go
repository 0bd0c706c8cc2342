package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsfind/newsfind/internal/corpus"
)

func TestParseFeedLimit(t *testing.T) {
	rssItem := func(i int) string {
		return fmt.Sprintf(`<item><title>Story %d</title><link>https://x.example/%d</link><description>Nickel story %d.</description></item>`, i, i, i)
	}
	atomEntry := func(i int) string {
		return fmt.Sprintf(`<entry><title>Story %d</title><link href="https://x.example/%d"/><id>urn:x:%d</id><content>Nickel story %d.</content><source><entry>not an item</entry></source></entry>`, i, i, i, i)
	}
	rdfItem := func(i int) string {
		return fmt.Sprintf(`<item rdf:about="https://x.example/%d"><title>Story %d</title><link>https://x.example/%d</link><description>Nickel story %d.</description></item>`, i, i, i, i)
	}
	many := func(n int, f func(int) string) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(f(i))
		}
		return b.String()
	}
	cases := []struct {
		name, feed      string
		cap, want, over int
	}{
		{"rss over", `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>` + many(5, rssItem) + `</channel></rss>`, 2, 2, 3},
		{"rss at", `<rss version="2.0"><channel><title>Wire</title>` + many(3, rssItem) + `</channel></rss>`, 3, 3, 0},
		{"rss under", `<rss version="2.0"><channel><title>Wire</title>` + many(2, rssItem) + `</channel></rss>`, 3, 2, 0},
		{"no cap", `<rss version="2.0"><channel><title>Wire</title>` + many(5, rssItem) + `</channel></rss>`, 0, 5, 0},
		{"atom over", `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>` + many(4, atomEntry) + `</feed>`, 1, 1, 3},
		{"rdf over", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://x.example/"><title>Wire</title><link>https://x.example/</link></channel>` + many(4, rdfItem) + `</rdf:RDF>`, 3, 3, 1},
		{"latin-1 declared", `<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf` + "\xe9" + `</title>` + many(3, rssItem) + `</channel></rss>`, 2, 2, 1},
		{"empty items", `<rss version="2.0"><channel><title>Wire</title>` + strings.Repeat("<item/>", 10) + `</channel></rss>`, 4, 4, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, over, err := ParseFeedLimit([]byte(c.feed), "", c.cap)
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != c.want || over != c.over {
				t.Fatalf("%d items, %d over the cap; want %d and %d", len(items), over, c.want, c.over)
			}
			for i, it := range items {
				if it.Index != i {
					t.Errorf("item %d has index %d", i, it.Index)
				}
				if c.name != "empty items" && (it.Err != nil || it.Article.Title != fmt.Sprintf("Story %d", i)) {
					t.Errorf("item %d: %q %v", i, it.Article.Title, it.Err)
				}
			}
			if c.name == "latin-1 declared" && len(items) > 0 && items[0].Article.Source != "Café" {
				t.Errorf("source %q: the cut lost the declared charset", items[0].Article.Source)
			}
		})
	}
	deep := "<rss>" + strings.Repeat("<a>", 100) + "<item/>" + strings.Repeat("</a>", 100) + "</rss>"
	if _, _, err := ParseFeedLimit([]byte(deep), "", 10); err == nil || !strings.Contains(err.Error(), "deep") {
		t.Errorf("deep nesting: %v", err)
	}
}

// hostileFeed is the feed of issue 10: a million empty items, 7 MB.
func hostileFeed(items int) []byte {
	return []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>` + strings.Repeat("<item/>", items) + `</channel></rss>`)
}

// peakHeap runs f and returns the most heap it held at once above what was
// live before, sampled every millisecond.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base := m.HeapAlloc
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > base && m.HeapAlloc-base > peak.Load() {
				peak.Store(m.HeapAlloc - base)
			}
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	})
	f()
	close(done)
	wg.Wait()
	return peak.Load()
}

// TestFeedCapBoundsMemory: the million-item feed is cut to the cap before
// gofeed holds its items, so it costs tens of MB, not the 1.4 GB of RSS
// measured when gofeed read it all.
func TestFeedCapBoundsMemory(t *testing.T) {
	data := hostileFeed(1_000_000)
	var items []Item
	var over int
	var err error
	start := time.Now()
	peak := peakHeap(func() { items, over, err = ParseFeedLimit(data, "", 1000) })
	took := time.Since(start)
	if err != nil || len(items) != 1000 || over != 999_000 {
		t.Fatalf("%d items, %d over, %v", len(items), over, err)
	}
	t.Logf("%d MB feed of 1M empty items, capped at 1000: peak heap %.1f MB, %v", len(data)>>20, float64(peak)/(1<<20), took.Round(time.Millisecond))
	if peak > 64<<20 {
		t.Errorf("peak heap %d MB, want under 64 MB", peak>>20)
	}
}

// BenchmarkParseFeedHostile gives the figures of docs/arrival.md: the
// million-item feed read whole (what the poller did) and capped.
//
//	go test ./ingest/ -run '^$' -bench ParseFeedHostile -benchtime 1x -benchmem
func BenchmarkParseFeedHostile(b *testing.B) {
	data := hostileFeed(1_000_000)
	for _, c := range []struct {
		name string
		cap  int
	}{{"whole", 0}, {"cap1000", 1000}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(func() { ParseFeedLimit(data, "", c.cap) }))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// TestParseFeedLimitCorpus: on every real feed, the cut keeps the first
// items exactly as the whole parse reads them.
func TestParseFeedLimitCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(corpus.Path(t, "feeds/rss2_guardian.rss")), "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		whole, err := ParseFeed(data, "")
		if err != nil {
			t.Fatal(err)
		}
		capped, over, err := ParseFeedLimit(data, "", 3)
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(f), err)
		}
		if len(capped) != min(3, len(whole)) || over != max(len(whole)-3, 0) {
			t.Errorf("%s: %d items, %d over; the whole feed has %d", filepath.Base(f), len(capped), over, len(whole))
			continue
		}
		for i := range capped {
			if !reflect.DeepEqual(capped[i], whole[i]) {
				t.Errorf("%s item %d: cut %+v, whole %+v", filepath.Base(f), i, capped[i].Article, whole[i].Article)
			}
		}
	}
}
