package web_test

import (
	"context"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/web"

	"github.com/rs/zerolog"
)

// fullOptions turns every route on.
func fullOptions(eng *engine.Engine) web.Options {
	return web.Options{
		Searcher: eng.Searcher(), Logger: zerolog.Nop(), Ready: eng.Ready,
		Writer: eng, Intake: ingest.Intake{}, Token: "test-token", Reindexer: engine.NewReindexer(context.Background(), eng),
		Exporter: eng.Searcher().(newsfind.Exporter), Deleter: eng, Saved: eng,
	}
}
