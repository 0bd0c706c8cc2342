package web

import (
	"compress/gzip"
	"context"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/rs/zerolog/hlog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// exportTimeout bounds a whole export: long enough to stream millions of
// rows to a slow client, short enough that a stuck one lets go.
const exportTimeout = 30 * time.Minute

// exportFlushEvery is how many rows go out between flushes, so that a
// client sees the export arrive and the write deadline moves on with it.
const exportFlushEvery = 1000

// exportCheckEvery is how many rows go out between looks at whether the
// client is still there.
const exportCheckEvery = 64

// exportWriteWait is how long one flush may take before the client is
// given up on; it replaces the server's write timeout, which counts from
// the request's start and would cut every long export.
const exportWriteWait = 60 * time.Second

func (s *Server) registerExportRoute(crossOrigin *mux.Router) {
	if s.exporter == nil {
		return
	}
	crossOrigin.Handle("/api/export", s.handle(s.handleExport)).Methods(http.MethodGet, http.MethodOptions)
}

// countingWriter remembers whether anything reached the response, after
// which an error can no longer be a status and a JSON body.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// handleExport serves GET /api/export?format=&unit=&…every search parameter:
// every match, in the query's order, streamed as it is read.
func (s *Server) handleExport(w http.ResponseWriter, r *http.Request) error {
	e, err := wire.ParseExport(r.URL.Query())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), exportTimeout)
	defer cancel()
	release, err := s.searchGate.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()

	h := w.Header()
	if e.Format == wire.FormatCSV {
		h.Set("Content-Type", "text/csv; charset=utf-8; header=present")
	} else {
		h.Set("Content-Type", "application/x-ndjson")
	}
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": wire.ExportFilename(e.Query, e.ExportOptions)}))
	h.Add("Vary", "Accept-Encoding")
	sent := &countingWriter{w: w}
	var out io.Writer = sent
	var zw *gzip.Writer
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		zw = gzip.NewWriter(sent)
		out = zw
	}
	enc, err := wire.NewExportEncoder(out, e.ExportOptions)
	if err != nil {
		return err
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Now().Add(exportWriteWait)) // not every writer lets it move; then the server's holds
	flush := func() error {
		if err := enc.Flush(); err != nil {
			return err
		}
		if zw != nil {
			if err := zw.Flush(); err != nil {
				return err
			}
		}
		_ = rc.Flush()
		_ = rc.SetWriteDeadline(time.Now().Add(exportWriteWait))
		return nil
	}
	rows := 0
	row := func(err error) error {
		if err != nil {
			return err
		}
		rows++
		if rows%exportCheckEvery == 0 {
			// A client gone stops the walk here, not a chunk of rows later.
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if rows%exportFlushEvery == 0 {
			return flush()
		}
		return nil
	}
	switch e.Unit {
	case newsfind.UnitPassages:
		err = s.exporter.ExportPassages(ctx, e.Query, func(r *newsfind.PassageRow) error { return row(enc.Passage(r)) })
	case newsfind.UnitStories:
		err = s.exporter.ExportStories(ctx, e.Query, func(r *newsfind.StoryRow) error { return row(enc.Story(r)) })
	default:
		err = s.exporter.Export(ctx, e.Query, func(r *newsfind.ExportRow) error { return row(enc.Article(r)) })
	}
	if err != nil {
		if sent.n == 0 {
			// Nothing went out: the error can still be a status and a body.
			h.Del("Content-Disposition")
			h.Del("Content-Encoding")
			return err
		}
		// Mid-stream the status is sent: cut the response short, so the
		// client sees a broken transfer rather than a complete file.
		hlog.FromRequest(r).Warn().Err(err).Int("rows", rows).Msg("export cut short")
		panic(http.ErrAbortHandler)
	}
	if err := enc.Flush(); err != nil {
		return nil // the client went away; nothing left to tell it
	}
	if zw != nil {
		_ = zw.Close()
	}
	return nil
}

// acceptsGzip reads an Accept-Encoding header: gzip listed without q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// exportLink offers the page's query as a CSV of every match.
func (p *searchPage) exportLink(can bool, q newsfind.Query, res *newsfind.Result) {
	n := res.TotalArticles
	if q.Distinct == newsfind.DistinctStory {
		n = res.TotalStories
	}
	if !can || n == 0 {
		return
	}
	p.Export, p.ExportN = "/api/export?"+wire.ExportValues(q, wire.ExportOptions{Format: wire.FormatCSV}).Encode(), n
}
