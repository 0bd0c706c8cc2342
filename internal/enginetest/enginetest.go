// Package enginetest opens an engine for a test: on the test's temp dir
// unless told otherwise, closed when the test ends, so that every package
// testing over a real engine opens it one way.
package enginetest

import (
	"context"
	"testing"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/search"
	"github.com/newsfind/newsfind/seeds"
)

// An Option changes how Open opens the engine.
type Option func(*config)

type config struct {
	opt  engine.Options
	arts []newsfind.Article
}

// Seeds indexes the embedded seed articles into the empty store, as the
// server does on first start.
func Seeds() Option { return func(c *config) { c.opt.Seeds = seeds.Articles } }

// Dir opens the engine on dir instead of a fresh temp dir: for a test
// that reopens a directory, or looks into one a command has written.
func Dir(dir string) Option { return func(c *config) { c.opt.Dir = dir } }

// Logger gives the engine a logger; the default logs nothing.
func Logger(l zerolog.Logger) Option { return func(c *config) { c.opt.Logger = l } }

// Cursors bounds the answers search pins for cursors: a test gives a
// clock it moves, or small caps.
func Cursors(o search.CursorOptions) Option { return func(c *config) { c.opt.Cursors = o } }

// Articles adds arts after opening. Add reports a refused article as an
// outcome, not an error, so a test that cares checks the counts itself.
func Articles(arts []newsfind.Article) Option {
	return func(c *config) { c.arts = append(c.arts, arts...) }
}

// addBatch commits a corpus a thousand articles at a time, as ingest
// does in batches, rather than holding all of it in one Bleve batch.
const addBatch = 1000

// Open opens an engine and closes it when tb ends. Cleanups run last in,
// first out, so anything the test registers after Open (a re-indexer's
// Wait, a server's Close) runs before the engine closes.
func Open(tb testing.TB, opts ...Option) *engine.Engine {
	tb.Helper()
	c := config{opt: engine.Options{Logger: zerolog.Nop()}}
	for _, o := range opts {
		o(&c)
	}
	if c.opt.Dir == "" {
		c.opt.Dir = tb.TempDir()
	}
	ctx := context.Background()
	e, err := engine.Open(ctx, c.opt)
	if err != nil {
		tb.Fatalf("engine.Open: %v", err)
	}
	tb.Cleanup(func() { e.Close() })
	for i := 0; i < len(c.arts); i += addBatch {
		if _, err := e.Add(ctx, c.arts[i:min(i+addBatch, len(c.arts))]); err != nil {
			tb.Fatalf("engine.Add: %v", err)
		}
	}
	return e
}
