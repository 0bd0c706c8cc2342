// Package bench measures newsfind at news-archive scale: it builds a fresh
// index from a corpus through the production ingest path, runs a query file
// one query at a time and then with concurrent clients, and does the same
// work through a plain Bleve index as a baseline (newsfind bench).
package bench

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
)

// ReadCorpus reads a .jsonl or .jsonl.gz corpus (one JSON object per line)
// through ingest.ParseJSON, the parser of POST /api/articles and `newsfind
// ingest`, so that the benchmark indexes what production would. Fields the
// article format does not know (Reuters' places, HuffPost's category) are
// ignored, and lines production would refuse are skipped.
func ReadCorpus(path string) ([]newsfind.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	items, err := ingest.ParseJSON(data, ingest.Options{Lenient: true})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	arts := make([]newsfind.Article, 0, len(items))
	for _, it := range items {
		if it.Err == nil {
			arts = append(arts, it.Article)
		}
	}
	return arts, nil
}

// Span returns the first and last publication dates of a corpus (zero when
// no article is dated).
func Span(arts []newsfind.Article) (lo, hi time.Time) {
	for i := range arts {
		p := arts[i].Published
		if p.IsZero() {
			continue
		}
		if lo.IsZero() || p.Before(lo) {
			lo = p
		}
		if hi.IsZero() || p.After(hi) {
			hi = p
		}
	}
	return lo, hi
}

// Scaled returns copy k (0-based) of an article for a --scale run. Copy 0
// is the original; copy k gets the id "<id>-x<k>" and its date moved k
// periods later, a period being the corpus's span plus one day, so the
// copies follow each other like consecutive years of the same wire: every
// timeline stays plausible and date facets spread over the whole range.
func Scaled(a newsfind.Article, k int, period time.Duration) newsfind.Article {
	if k == 0 {
		return a
	}
	a.ID = fmt.Sprintf("%s-x%d", a.ID, k)
	if a.URL != "" {
		a.URL = fmt.Sprintf("%s#x%d", a.URL, k)
	}
	if !a.Published.IsZero() {
		a.Published = a.Published.Add(time.Duration(k) * period)
	}
	return a
}

// Period is the date shift between two copies of a corpus.
func Period(arts []newsfind.Article) time.Duration {
	lo, hi := Span(arts)
	d := hi.Sub(lo) + 24*time.Hour
	// Whole days, so that day buckets line up between copies.
	return d.Truncate(24 * time.Hour)
}
