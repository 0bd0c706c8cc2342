package search

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

func dated(id, body, day string) newsfind.Article {
	a := article(id, body)
	if day != "" {
		t, err := time.Parse(newsfind.DateLayout, day)
		if err != nil {
			panic(err)
		}
		a.Published = t
	}
	return a
}

// TestTimelineWeeks: ISO weeks start on Monday, the buckets run from the
// first match's week to the last's with the empty weeks between, total is
// every article of the week and share count/total.
func TestTimelineWeeks(t *testing.T) {
	s, _ := countedService(t, []newsfind.Article{
		dated("a", "Cocoa prices rose in Abidjan.", "2025-01-01"),   // Wednesday
		dated("b", "Cocoa grindings fell.", "2025-01-05"),           // Sunday, same week
		dated("c", "Coffee was steady.", "2025-01-05"),              // not a match
		dated("d", "Cocoa arrivals at ports slowed.", "2025-01-06"), // Monday: the next week
		dated("e", "Coffee exports grew.", "2025-01-15"),            // an empty week for cocoa
		dated("f", "Cocoa buffer stock talks.", "2025-01-27"),
		dated("g", "Cocoa with no date.", ""),
	})
	tl, err := s.Timeline(context.Background(), newsfind.TimelineQuery{Query: newsfind.Query{Text: "cocoa"}, Interval: newsfind.IntervalWeek})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		start        string
		count, total int
	}{{"2024-12-30", 2, 3}, {"2025-01-06", 1, 1}, {"2025-01-13", 0, 1}, {"2025-01-20", 0, 0}, {"2025-01-27", 1, 1}}
	if len(tl.Buckets) != len(want) {
		t.Fatalf("%d buckets %+v, want %d", len(tl.Buckets), tl.Buckets, len(want))
	}
	for i, w := range want {
		b := tl.Buckets[i]
		if got := b.Start.Format(newsfind.DateLayout); got != w.start || b.Count != w.count || b.Total != w.total {
			t.Errorf("bucket %d: %s %d/%d, want %s %d/%d", i, got, b.Count, b.Total, w.start, w.count, w.total)
		}
		if b.Start.Weekday() != time.Monday {
			t.Errorf("bucket %d starts on a %s", i, b.Start.Weekday())
		}
		wantShare := 0.0
		if w.total > 0 {
			wantShare = float64(w.count) / float64(w.total)
		}
		if b.Share != wantShare {
			t.Errorf("bucket %d: share %v, want %v", i, b.Share, wantShare)
		}
	}
	if tl.Undated != 1 || tl.TotalArticles != 5 || tl.Interval != newsfind.IntervalWeek {
		t.Errorf("undated %d, total %d, interval %q; want 1, 5, week", tl.Undated, tl.TotalArticles, tl.Interval)
	}

	// No interval: the date facet's choice for a month's span is days.
	tl, err = s.Timeline(context.Background(), newsfind.TimelineQuery{Query: newsfind.Query{Text: "cocoa"}})
	if err != nil {
		t.Fatal(err)
	}
	if tl.Interval != newsfind.IntervalDay || len(tl.Buckets) != 27 {
		t.Errorf("default: %q with %d buckets, want day with 27 (Jan 1 to 27)", tl.Interval, len(tl.Buckets))
	}

	for _, bad := range []newsfind.Interval{"fortnight", "Week"} {
		_, err := s.Timeline(context.Background(), newsfind.TimelineQuery{Query: newsfind.Query{Text: "cocoa"}, Interval: bad})
		var e *newsfind.Error
		if !errors.As(err, &e) || e.Code != newsfind.EINVALID {
			t.Errorf("interval=%s: %v, want an invalid error", bad, err)
		}
	}
}

// TestTimelineReuters: each bucket's count is what a search of the same
// query limited to the bucket's days counts, and its total what the same
// search without text counts; with distinct=story the counts add up to the
// search's stories.
func TestTimelineReuters(t *testing.T) {
	s, reads := countedService(t, reutersArticles(t, 3000))
	ctx := context.Background()
	for _, q := range []newsfind.TimelineQuery{
		{Query: newsfind.Query{Text: "oil"}, Interval: newsfind.IntervalMonth},
		{Query: newsfind.Query{Text: "cocoa OR coffee", Countries: []string{"BR", "CI", "GH"}}, Interval: newsfind.IntervalWeek},
		{Query: newsfind.Query{Text: "bank rates"}, Interval: newsfind.IntervalDay},
		{Query: newsfind.Query{Text: "wheat"}},
	} {
		reads.Store(0)
		tl, err := s.Timeline(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if n := reads.Load(); n != 0 {
			t.Errorf("%+v: the timeline read %d articles from the store", q, n)
		}
		res, err := s.Search(ctx, newsfind.Query{Text: q.Text, Countries: q.Countries, CountOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		sum := tl.Undated
		for _, b := range tl.Buckets {
			sum += b.Count
		}
		if sum != res.TotalArticles || tl.TotalArticles != res.TotalArticles || len(tl.Buckets) < 2 {
			t.Errorf("%+v: buckets add up to %d, total %d; search counts %d (%d buckets)", q, sum, tl.TotalArticles, res.TotalArticles, len(tl.Buckets))
		}
		// Check a spread of buckets, the first and last among them.
		for i := 0; i < len(tl.Buckets); i += max(1, len(tl.Buckets)/6) {
			b := tl.Buckets[i]
			to := bucketStart(tl.Interval, bucketKey(tl.Interval)(b.Start.Unix())+1).AddDate(0, 0, -1)
			in := newsfind.Query{Text: q.Text, Countries: q.Countries, From: b.Start, To: to, CountOnly: true}
			r, err := s.Search(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			in.Text = ""
			all, err := s.Search(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			if b.Count != r.TotalArticles || b.Total != all.TotalArticles {
				t.Errorf("%q %s..%s: %d of %d, search counts %d of %d", q.Text, b.Start.Format(newsfind.DateLayout), to.Format(newsfind.DateLayout),
					b.Count, b.Total, r.TotalArticles, all.TotalArticles)
			}
			if b.Total > 0 && b.Share != float64(b.Count)/float64(b.Total) {
				t.Errorf("share %v of %d/%d", b.Share, b.Count, b.Total)
			}
		}
	}

	q := newsfind.Query{Text: "oil prices", Distinct: newsfind.DistinctStory}
	tl, err := s.Timeline(ctx, newsfind.TimelineQuery{Query: q, Interval: newsfind.IntervalMonth})
	if err != nil {
		t.Fatal(err)
	}
	q.CountOnly = true
	res, err := s.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	sum := tl.Undated
	for _, b := range tl.Buckets {
		sum += b.Count
	}
	if sum != res.TotalStories || tl.TotalStories != res.TotalStories || res.TotalStories == 0 {
		t.Errorf("distinct=story: buckets add up to %d, timeline %d stories, search %d", sum, tl.TotalStories, res.TotalStories)
	}
	// A period's volume of stories is every story with an article in it,
	// as a search of that period counts them: a story whose copies span two
	// days is in both, so a matching story is always inside its day's
	// total and no share is over 1.
	tl, err = s.Timeline(ctx, newsfind.TimelineQuery{Query: newsfind.Query{Text: "oil", Distinct: newsfind.DistinctStory}, Interval: newsfind.IntervalDay})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range tl.Buckets {
		if b.Share > 1 {
			t.Errorf("%s: share %v (%d of %d)", b.Start.Format(newsfind.DateLayout), b.Share, b.Count, b.Total)
		}
		all, err := s.Search(ctx, newsfind.Query{Distinct: newsfind.DistinctStory, From: b.Start, To: b.Start, CountOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if b.Total != all.TotalStories {
			t.Errorf("%s: total %d stories, a search of the day counts %d", b.Start.Format(newsfind.DateLayout), b.Total, all.TotalStories)
		}
	}
}

// TestTimelineBy: a series is the timeline of the query with its value as
// a filter, its total the same filters' volume; by source (one value an
// article) the series add up to the whole, "other" included.
func TestTimelineBy(t *testing.T) {
	s, _ := countedService(t, reutersArticles(t, 3000))
	ctx := context.Background()
	base := newsfind.TimelineQuery{Query: newsfind.Query{Text: "oil"}, Interval: newsfind.IntervalMonth}

	q := base
	q.By, q.Top = "country", 3
	tl, err := s.Timeline(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Series) != 4 || tl.Series[3].Value != newsfind.OtherSeries {
		t.Fatalf("by=country&top=3: %d series, want 3 and other", len(tl.Series))
	}
	for _, sr := range tl.Series[:3] {
		one := base
		one.Countries = []string{sr.Value}
		alone, err := s.Timeline(ctx, one)
		if err != nil {
			t.Fatal(err)
		}
		if sr.Count != alone.TotalArticles || sr.Undated != alone.Undated {
			t.Errorf("%s: %d matches (%d undated); filtered on it: %d (%d)", sr.Value, sr.Count, sr.Undated, alone.TotalArticles, alone.Undated)
		}
		byStart := map[time.Time]newsfind.TimelineBucket{}
		for _, b := range alone.Buckets {
			byStart[b.Start] = b
		}
		for i, b := range sr.Buckets {
			if !b.Start.Equal(tl.Buckets[i].Start) {
				t.Fatalf("%s: bucket %d starts %v, the timeline's %v", sr.Value, i, b.Start, tl.Buckets[i].Start)
			}
			if w, ok := byStart[b.Start]; ok && (w.Count != b.Count || w.Total != b.Total || w.Share != b.Share) || !ok && b.Count != 0 {
				t.Errorf("%s %v: %d/%d, filtered on it %d/%d", sr.Value, b.Start, b.Count, b.Total, w.Count, w.Total)
			}
		}
	}
	if tl.Series[0].Count < tl.Series[1].Count || tl.Series[1].Count < tl.Series[2].Count {
		t.Errorf("series not by count: %d, %d, %d", tl.Series[0].Count, tl.Series[1].Count, tl.Series[2].Count)
	}

	q = base
	q.By = "source"
	q.Sources = nil
	q.Text = "prices"
	tl, err = s.Timeline(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(tl.Series) == 0 {
		t.Fatal("by=source: no series")
	}
	for i, b := range tl.Buckets {
		count, total := 0, 0
		for _, sr := range tl.Series {
			count += sr.Buckets[i].Count
			total += sr.Buckets[i].Total
		}
		if count != b.Count || total != b.Total {
			t.Errorf("by=source %v: series add up to %d/%d, the timeline %d/%d", b.Start, count, total, b.Count, b.Total)
		}
	}

	for _, bad := range []newsfind.TimelineQuery{{By: "colour"}, {By: "source", Top: 21}, {By: "source", Top: -1}} {
		if _, err := s.Timeline(ctx, bad); newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Errorf("by=%s top=%d: %v, want invalid", bad.By, bad.Top, err)
		}
	}
}
