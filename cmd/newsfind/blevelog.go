package main

import (
	stdlog "log"
	"strings"

	"github.com/rs/zerolog"
)

// routeStdLog sends what libraries print with the standard log package
// through zerolog. Bleve's scorch reports a damaged snapshot it skipped
// ("unable to load snapshot ..., continuing") only there, as a bare line
// among the JSON. The standard logger is process-wide, so this is done
// once, by the command.
func routeStdLog(log zerolog.Logger) {
	stdlog.SetFlags(0)
	stdlog.SetOutput(stdLogWriter{log.With().Str("from", "bleve").Logger()})
}

type stdLogWriter struct{ log zerolog.Logger }

func (w stdLogWriter) Write(p []byte) (int, error) {
	w.log.Warn().Msg(strings.TrimSpace(string(p)))
	return len(p), nil
}
