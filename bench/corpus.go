// Package bench measures newsfind at news-archive scale: it builds a fresh
// index from a corpus through the production ingest path, runs a query file
// one query at a time and then with concurrent clients, and does the same
// work through a plain Bleve index as a baseline (newsfind bench).
package bench

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// corpusRecord is one line of a corpus file: the fields of the Reuters and
// HuffPost conversions that newsfind reads. Other keys are ignored.
type corpusRecord struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Body      string `json:"body"`
	Published string `json:"published"`
	Source    string `json:"source"`
	URL       string `json:"url"`
}

// ReadCorpus reads a .jsonl or .jsonl.gz corpus (one JSON object per line)
// into articles. A published date that does not parse as RFC 3339 (or a
// day) leaves the article undated.
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
	return decodeCorpus(r, path)
}

func decodeCorpus(r io.Reader, name string) ([]newsfind.Article, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	var arts []newsfind.Article
	line := 0
	for sc.Scan() {
		line++
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var rec corpusRecord
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, line, err)
		}
		a := newsfind.Article{ID: rec.ID, URL: rec.URL, Title: rec.Title, Body: rec.Body, Source: rec.Source}
		if rec.Published != "" {
			if t, err := time.Parse(time.RFC3339, rec.Published); err == nil {
				a.Published = t.UTC()
			} else if t, err := time.Parse(newsfind.DateLayout, rec.Published); err == nil {
				a.Published = t
			}
		}
		arts = append(arts, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
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
