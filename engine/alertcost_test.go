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
	"github.com/newsfind/newsfind/internal/cputime"
)

// TestAlertCost measures what 1,000 saved searches cost the writes (issue
// 25's bar): bulk indexing of Reuters articles in batches of 500, then
// single-article writes one after another, each with no saved search and
// with 1,000. Rounds alternate which goes first; each round gives two
// ratios, 1,000 searches over none: bulk time, and single-write latency
// p99. It fails when the median round is over the bar: bulk at most 15%
// slower, p99 at most 1.2x. A measurement, so it runs only when asked:
//
//	NEWSFIND_ALERT_COST=3000 go test -run TestAlertCost -v ./engine
//
// (NEWSFIND_ALERT_COST=N: N bulk articles; 1 means 10,000.
// NEWSFIND_ALERT_ROUNDS: rounds, 3 unless set.)
func TestAlertCost(t *testing.T) {
	if os.Getenv("NEWSFIND_ALERT_COST") == "" {
		t.Skip("a measurement: set NEWSFIND_ALERT_COST=1")
	}
	arts, err := bench.ReadCorpus(corpus.Path(t, "reuters21578.jsonl.gz"))
	if err != nil {
		t.Fatal(err)
	}
	bulk, singles, rounds := 10000, 300, 3
	if n, err := strconv.Atoi(os.Getenv("NEWSFIND_ALERT_COST")); err == nil && n > 1 {
		bulk = n // a quicker look
	}
	if n, err := strconv.Atoi(os.Getenv("NEWSFIND_ALERT_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	queries := savedQueries(t, 1000)
	var bulkRatios, p99Ratios []float64
	for round := range rounds {
		var took [2]writeCost
		order := []int{0, 1}
		if round%2 == 1 {
			order = []int{1, 0}
		}
		for _, k := range order {
			n := k * 1000
			c := measureWrites(t, arts[:bulk+singles], bulk, queries[:n])
			took[k] = c
			t.Logf("round %d, %4d saved searches: bulk %d articles %v (%.0f articles/s, CPU %v), all matched %v later; single writes p50 %v p99 %v, all matched %v after the last",
				round+1, n, bulk, c.bulk.Round(time.Millisecond), float64(bulk)/c.bulk.Seconds(), c.bulkCPU.Round(10*time.Millisecond), c.drained.Round(time.Millisecond),
				c.p50.Round(10*time.Microsecond), c.p99.Round(10*time.Microsecond), c.singlesDrained.Round(time.Millisecond))
		}
		b, p := took[1].bulk.Seconds()/took[0].bulk.Seconds(), took[1].p99.Seconds()/took[0].p99.Seconds()
		bulkRatios, p99Ratios = append(bulkRatios, b), append(p99Ratios, p)
		t.Logf("round %d: with 1,000 saved searches bulk indexing took %.2fx (%+.0f%%; its CPU %+.0f%%), single-write p99 %.2fx",
			round+1, b, 100*(b-1), 100*(took[1].bulkCPU.Seconds()/took[0].bulkCPU.Seconds()-1), p)
	}
	b, p := median(bulkRatios), median(p99Ratios)
	t.Logf("median of %d rounds: bulk indexing %+.0f%% (bar: at most +15%%), single-write p99 %.2fx (bar: at most 1.2x)", rounds, 100*(b-1), p)
	if b > 1.15 {
		t.Errorf("with 1,000 saved searches bulk indexing is %.0f%% slower; the bar is 15%%", 100*(b-1))
	}
	if p > 1.2 {
		t.Errorf("with 1,000 saved searches single-write p99 is %.2fx; the bar is 1.2x", p)
	}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
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

// writeCost is what measureWrites measured: the bulk load's time, how
// much later its last article was matched, the single writes' latency,
// and how long after the last of them every one was matched.
type writeCost struct {
	bulk, bulkCPU, drained, p50, p99, singlesDrained time.Duration
}

func measureWrites(t *testing.T, arts []newsfind.Article, bulk int, queries []newsfind.Query) writeCost {
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
	var c writeCost
	start, cpu := time.Now(), cputime.Process()
	for i := 0; i < bulk; i += 500 {
		if _, err := e.Add(ctx, arts[i:min(i+500, bulk)]); err != nil {
			t.Fatal(err)
		}
	}
	c.bulk, c.bulkCPU = time.Since(start), cputime.Process()-cpu
	waitPercolated(t, e)
	c.drained = time.Since(start) - c.bulk
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
	last := time.Now()
	waitPercolated(t, e)
	c.singlesDrained = time.Since(last)
	slices.Sort(lat)
	c.p50, c.p99 = lat[len(lat)/2], lat[len(lat)*99/100]
	return c
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
