package engine

import (
	"context"
	"sync/atomic"
	"time"
)

// percolateRest is how many times as long as its last pass percolation
// rests before the next while writes run: a pass runs on one core (one
// goroutine, its in-memory index analysing on one worker), so it then
// takes at most a tenth of one core, and a bulk load keeps its speed
// (the bar: at most 15% slower with 1,000 saved searches); the
// marks gathered meanwhile are matched at once, more cheaply per article.
// With no write under way it does not rest, and catches up.
const percolateRest = 9

// maxPercolateRest bounds one rest: a pass that slow (a bulk batch
// against many saved searches on a busy machine) lets the next wait at
// most this long, so matches lag a bulk load by minutes, never hours.
const maxPercolateRest = time.Minute

// percolateQuiet is the pause in writes that lets a pass start once its
// rest is over: a lone write is matched at once; writes one after
// another wait for percolateLag, so that one pass (and its fixed cost,
// every saved query run once) matches many of them.
const percolateQuiet = 20 * time.Millisecond

// percolateIdle is the pause in writes after which percolation no longer
// rests: the writes have stopped, and the matches catch up flat out.
const percolateIdle = time.Second

// percolateLag is the longest a commit waits for a pause in the writes
// before a pass starts anyway: under a steady stream of writes one pass
// a lag matches them all, and a matching article reaches the feed within
// about this, plus the pass.
const percolateLag = time.Second

// percolateTurn waits until the next pass may start: once writes have
// paused for percolateQuiet and the last pass's rest is over, or they
// have stopped for percolateIdle; or, while they run on, once the rest
// is over and the oldest commit waiting has waited percolateLag. It
// reports false when ctx ends first.
func (e *Engine) percolateTurn(ctx context.Context) bool {
	since := e.perc.waited()
	for {
		now := time.Now()
		quiet := e.writes.quiet(now)
		rested := !e.perc.restUntil.After(now)
		lagged := since.IsZero() || !since.Add(percolateLag).After(now)
		if quiet >= percolateIdle || (rested && (quiet >= percolateQuiet || lagged)) {
			return true
		}
		t := time.NewTimer(percolateQuiet)
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-t.C:
		}
	}
}

// writeGauge counts the writes under way (Add, Apply): percolation
// yields to them, resting between its passes while they run and waiting
// for a pause in them, and runs flat out when there are none.
type writeGauge struct {
	n    atomic.Int32
	last atomic.Int64 // when the last write ended, in Unix nanoseconds
}

func (g *writeGauge) begin() { g.n.Add(1) }

func (g *writeGauge) end() {
	g.last.Store(time.Now().UnixNano())
	g.n.Add(-1)
}

// quiet is how long no write has been under way; 0 while one is.
func (g *writeGauge) quiet(now time.Time) time.Duration {
	if g.n.Load() > 0 {
		return 0
	}
	return now.Sub(time.Unix(0, g.last.Load()))
}
