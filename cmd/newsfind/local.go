package main

import (
	"context"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/seeds"
)

// localLockWait is how long a command waits for the data directory before
// it concludes that a server holds it and turns to the server instead.
const localLockWait = 300 * time.Millisecond

// openLocal opens a data directory for a command that runs without a
// server; engine.ErrLocked says a server holds it.
func openLocal(ctx context.Context, data string) (*engine.Engine, error) {
	return engine.Open(ctx, engine.Options{Dir: data, Logger: zerolog.Nop(), Seeds: seeds.Articles, LockTimeout: localLockWait})
}
