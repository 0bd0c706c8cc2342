package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "serve [--addr :8080] [--data ./data]", stderr)
	addr := fs.String("addr", ":8080", "address to listen on")
	data := fs.String("data", "./data", "data directory: article store and index")
	logFormat := fs.String("log", "console", "log format: console or json")
	if extra, err := parseFlags(fs, args); err != nil {
		return err
	} else if len(extra) > 0 {
		return fmt.Errorf("unexpected argument %q (see newsfind serve --help)", extra[0])
	}
	log := newLogger(stderr, *logFormat)
	eng, err := engine.Open(ctx, engine.Options{Dir: *data, Logger: log, Seeds: seeds.Articles})
	if err != nil {
		return err
	}
	defer eng.Close()
	srv, err := web.NewServer(web.Options{
		Searcher: eng.Searcher(), Logger: log, Ready: eng.Ready,
		Gauges: []web.Gauge{
			{Name: "newsfind_articles", Help: "Articles in the index.", Value: func() float64 { return float64(eng.Stats().Articles) }},
			{Name: "newsfind_passages", Help: "Passage documents in the index.", Value: func() float64 { return float64(eng.Stats().Passages) }},
			{Name: "newsfind_index_bytes", Help: "Size of the index on disk.", Value: func() float64 { return float64(eng.Stats().IndexBytes) }},
		},
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	log.Info().Str("addr", ln.Addr().String()).Str("data", *data).Msg("newsfind is serving")
	fmt.Fprintf(stdout, "newsfind: serving http://%s (data in %s)\n", displayAddr(ln.Addr()), *data)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info().Msg("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func newLogger(w io.Writer, format string) zerolog.Logger {
	if format == "json" {
		return zerolog.New(w).With().Timestamp().Logger()
	}
	return zerolog.New(zerolog.ConsoleWriter{Out: w, TimeFormat: time.TimeOnly}).With().Timestamp().Logger()
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && t.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", t.Port)
	}
	return a.String()
}
