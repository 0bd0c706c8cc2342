package search

import (
	"testing"
	"time"

	"github.com/newsfind/newsfind/catalog"
)

// datedEntries returns facet rows published on the given days, and their numbers.
func datedEntries(days ...string) ([]catalog.FacetOrds, []int32, int64, int64) {
	entries := make([]catalog.FacetOrds, len(days))
	arts := make([]int32, len(days))
	var lo, hi int64
	for i, d := range days {
		p, err := time.Parse("2006-01-02", d)
		if err != nil {
			panic(err)
		}
		o := &entries[i]
		o.Unix = p.Unix()
		o.Day = int32(catalog.FloorDiv(o.Unix, 86400))
		o.Month = int32(p.Year()*12 + int(p.Month()) - 1)
		if i == 0 || o.Unix < lo {
			lo = o.Unix
		}
		if i == 0 || o.Unix > hi {
			hi = o.Unix
		}
		arts[i] = int32(i)
	}
	return entries, arts, lo, hi
}

func TestDateFacetCapped(t *testing.T) {
	tests := []struct {
		name     string
		days     []string
		interval string
		buckets  int
		first    string
		last     string
	}{
		{"a month by day", []string{"2025-11-01", "2025-11-30"}, "day", 30, "2025-11-01", "2025-11-30"},
		{"two years by month", []string{"2024-01-15", "2025-12-01"}, "month", 24, "2024-01", "2025-12"},
		{"20 years by month", []string{"2006-01-01", "2025-12-31"}, "month", 240, "2006-01", "2025-12"},
		{"30 years by quarter", []string{"1996-02-01", "2025-12-31"}, "quarter", 120, "1996-Q1", "2025-Q4"},
		{"the whole window by year", []string{"1800-01-01", "1950-06-01", "2026-12-31"}, "year", 227, "1800", "2026"},
		{"1800 to 2100 by decade", []string{"1800-01-01", "2100-01-01"}, "decade", 31, "1800s", "2100s"},
		{"year 0 to 9999 by century", []string{"0000-01-01", "2025-11-06", "9999-12-31"}, "century", 100, "0000–0099", "9900–9999"},
	}
	for _, tt := range tests {
		entries, arts, lo, hi := datedEntries(tt.days...)
		f := dateFacet(entries, arts, len(arts), 1, lo, hi)
		if f.Interval != tt.interval || len(f.Buckets) != tt.buckets {
			t.Errorf("%s: %d buckets by %s, want %d by %s", tt.name, len(f.Buckets), f.Interval, tt.buckets, tt.interval)
			continue
		}
		if len(f.Buckets) > maxDateBuckets {
			t.Errorf("%s: %d buckets, over the cap %d", tt.name, len(f.Buckets), maxDateBuckets)
		}
		if got, gotLast := f.Buckets[0].Value, f.Buckets[len(f.Buckets)-1].Value; got != tt.first || gotLast != tt.last {
			t.Errorf("%s: buckets %s … %s, want %s … %s", tt.name, got, gotLast, tt.first, tt.last)
		}
		n := 0
		for i, b := range f.Buckets {
			n += b.Count
			if b.To.Before(b.From) || i > 0 && !b.From.Equal(f.Buckets[i-1].To.AddDate(0, 0, 1)) {
				t.Errorf("%s: bucket %s is %v..%v, not the day after the one before", tt.name, b.Value, b.From, b.To)
			}
		}
		if n != len(arts) {
			t.Errorf("%s: buckets count %d articles, want %d", tt.name, n, len(arts))
		}
		// Each article is counted in the bucket that holds its day.
		for _, d := range tt.days {
			day, _ := time.Parse("2006-01-02", d)
			found := false
			for _, b := range f.Buckets {
				if !day.Before(b.From) && !day.After(b.To) {
					found = b.Count > 0
				}
			}
			if !found {
				t.Errorf("%s: no counted bucket holds %s", tt.name, d)
			}
		}
	}
}

// TestDateFacetCappedWholeWindow: a search over articles from every year
// of ingest's date window stays under the cap.
func TestDateFacetCappedWholeWindow(t *testing.T) {
	var days []string
	for y := 1800; y <= 2026; y++ {
		days = append(days, time.Date(y, time.Month(y%12+1), 1, 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
	}
	entries, arts, lo, hi := datedEntries(days...)
	f := dateFacet(entries, arts, len(arts), 0, lo, hi)
	if len(f.Buckets) > maxDateBuckets || f.Interval != "year" {
		t.Errorf("1800–2026: %d buckets by %s, want at most %d", len(f.Buckets), f.Interval, maxDateBuckets)
	}
	for _, b := range f.Buckets {
		if b.Count != 1 {
			t.Errorf("bucket %s counts %d, want 1", b.Value, b.Count)
		}
	}
}

func TestDateFacetBeyondMillennia(t *testing.T) {
	entries, arts, _, _ := datedEntries("2025-01-01", "2025-02-01")
	entries[1].Month = int32(3_000_000 * 12)
	lo, hi := entries[0].Unix, time.Date(3_000_000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	f := dateFacet(entries, arts, 2, 0, lo, hi)
	if len(f.Buckets) > maxDateBuckets {
		t.Errorf("%d buckets by %s, over the cap", len(f.Buckets), f.Interval)
	}
}
