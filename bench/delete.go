package bench

import (
	"context"
	"fmt"
	"io"
	"net/http/httptest"
	"runtime/pprof"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/client"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/web"
)

// DeleteStats describes deleting every article the build created, in
// POST /api/delete calls of BatchIDs ids, beside what creating them took.
type DeleteStats struct {
	Articles      int     `json:"articles"`  // deleted
	BatchIDs      int     `json:"batch_ids"` // ids per Delete call
	Seconds       float64 `json:"seconds"`
	PerSec        float64 `json:"articles_per_sec"`
	P50Ms         float64 `json:"p50_ms"` // per Delete call
	P99Ms         float64 `json:"p99_ms"`
	CreateSeconds float64 `json:"create_seconds"` // the build's Index.Seconds
	// ToCreate is Seconds / CreateSeconds: how many times longer deleting
	// the articles took than creating them.
	ToCreate float64 `json:"to_create"`
}

// runDelete deletes ids in calls of opt.DeleteBatch the way `newsfind
// delete --server` sends a long list: through the client, to the HTTP
// API of a server on eng, where deleting one id a request once made a
// bulk delete 25 times slower than the build. The build created them in
// createSecs.
func runDelete(ctx context.Context, opt Options, eng *engine.Engine, ids []string, createSecs float64) (*DeleteStats, error) {
	d := &DeleteStats{BatchIDs: opt.DeleteBatch, CreateSeconds: createSecs}
	const token = "bench-delete-token-0123456789"
	srv, err := web.NewServer(web.Options{Searcher: eng.Searcher(), Deleter: eng, Token: token, Logger: zerolog.Nop()})
	if err != nil {
		return nil, err
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	c := client.New(ts.URL, client.Options{Token: token})
	if opt.DeleteProfile != nil {
		if err := pprof.StartCPUProfile(opt.DeleteProfile); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	pr := &progress{w: opt.Progress, name: "newsfind deleting", start: time.Now(), last: time.Now()}
	var calls []time.Duration
	start := time.Now()
	for i := 0; i < len(ids); i += opt.DeleteBatch {
		t := time.Now()
		gone, err := c.Delete(ctx, ids[i:min(i+opt.DeleteBatch, len(ids))])
		if err != nil {
			return nil, fmt.Errorf("delete: %w", err)
		}
		calls = append(calls, time.Since(t))
		d.Articles += len(gone)
		pr.tick(i+opt.DeleteBatch, len(ids), "ids")
	}
	d.Seconds = time.Since(start).Seconds()
	if d.Seconds > 0 {
		d.PerSec = float64(d.Articles) / d.Seconds
	}
	if createSecs > 0 {
		d.ToCreate = d.Seconds / createSecs
	}
	sortDurations(calls)
	d.P50Ms, d.P99Ms = percentile(calls, 50), percentile(calls, 99)
	return d, nil
}

// writeDelete prints the delete phase.
func writeDelete(w io.Writer, d *DeleteStats) {
	if d == nil {
		return
	}
	fmt.Fprintf(w, "  bulk delete: %d articles over HTTP in calls of %d ids: %.1f s (%.0f/s; per call p50 %.0f ms, p99 %.0f ms), %.2fx the %.1f s creating them took\n",
		d.Articles, d.BatchIDs, d.Seconds, d.PerSec, d.P50Ms, d.P99Ms, d.ToCreate, d.CreateSeconds)
}
