package engine_test

import (
	"bufio"
	"context"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/bench"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/internal/corpus"
)

// TestAlertCost measures what 1,000 saved searches cost the writes: bulk
// indexing of Reuters articles in batches of 500, then single-article
// writes, each with no saved search and with 1,000. It reports; it
// asserts nothing, the machine being shared. Run it with
// NEWSFIND_ALERT_COST=1 go test (NEWSFIND_ALERT_COST=N: N bulk articles, not 10,000) -run TestAlertCost -v ./engine
func TestAlertCost(t *testing.T) {
	if os.Getenv("NEWSFIND_ALERT_COST") == "" {
		t.Skip("a measurement: set NEWSFIND_ALERT_COST=1")
	}
	arts, err := bench.ReadCorpus(corpus.Path(t, "reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	bulk, singles := 10000, 300
	if n, err := strconv.Atoi(os.Getenv("NEWSFIND_ALERT_COST")); err == nil && n > 1 {
		bulk = n // a quicker look
	}
	queries := savedQueries(t, 1000)
	for round := range 2 {
		for _, n := range []int{0, 1000} {
			bulkTook, drained, p50, p99 := measureWrites(t, arts[:bulk+singles], bulk, queries[:n])
			t.Logf("round %d, %4d saved searches: bulk %d articles %v (%.0f articles/s), percolated %v later; single writes p50 %v p99 %v",
				round+1, n, bulk, bulkTook.Round(time.Millisecond), float64(bulk)/bulkTook.Seconds(), drained.Round(time.Millisecond),
				p50.Round(10*time.Microsecond), p99.Round(10*time.Microsecond))
		}
	}
}

// savedQueries makes n saved queries from the benchmark's query file,
// half of them also filtered by a country.
func savedQueries(t *testing.T, n int) []newsfind.Query {
	f, err := os.Open("../bench/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var texts []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, q, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(sc.Text(), "#") {
			texts = append(texts, q)
		}
	}
	countries := []string{"US", "GB", "JP", "DE", "FR", "CA", "BR", "KZ"}
	out := make([]newsfind.Query, n)
	for i := range out {
		out[i] = newsfind.Query{Text: texts[i%len(texts)]}
		if i%2 == 1 {
			out[i].Countries = []string{countries[i%len(countries)]}
		}
	}
	return out
}

func measureWrites(t *testing.T, arts []newsfind.Article, bulk int, queries []newsfind.Query) (bulkTook, drained, p50, p99 time.Duration) {
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{Dir: t.TempDir(), Logger: zerolog.Nop(), Alerts: engine.AlertOptions{MaxSearches: len(queries) + 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for i, q := range queries {
		if _, err := e.WriteSearch(ctx, newsfind.SearchWrite{Op: newsfind.SearchCreate, Search: newsfind.SavedSearch{Name: "q", Query: q}}); err != nil {
			t.Fatalf("saved query %d %+v: %v", i, q, err)
		}
	}
	start := time.Now()
	for i := 0; i < bulk; i += 500 {
		if _, err := e.Add(ctx, arts[i:min(i+500, bulk)]); err != nil {
			t.Fatal(err)
		}
	}
	bulkTook = time.Since(start)
	waitPercolated(t, e)
	drained = time.Since(start) - bulkTook
	var lat []time.Duration
	for _, a := range arts[bulk:] {
		s := time.Now()
		if _, err := e.Add(ctx, []newsfind.Article{a}); err != nil {
			t.Fatal(err)
		}
		lat = append(lat, time.Since(s))
		// One writer at a time, as an editor saves: the percolation of
		// each write runs beside the next.
	}
	waitPercolated(t, e)
	slices.Sort(lat)
	return bulkTook, drained, lat[len(lat)/2], lat[len(lat)*99/100]
}

func waitPercolated(t *testing.T, e *engine.Engine) {
	for {
		busy, err := e.Percolating()
		if err != nil {
			t.Fatal(err)
		}
		if !busy {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}
