package web

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Limits of the write routes.
const (
	// DefaultMaxBody caps a POST /api/articles body: a few thousand
	// articles. Bigger imports go in several requests (the CLI batches).
	DefaultMaxBody = 32 << 20
	// DefaultMaxArticles caps the articles of one POST /api/articles.
	// Memory and time grow with the article count more than with the
	// bytes: 332,231 tiny articles in a 32 MB body took 3.27 GB and 182 s
	// to store in one request. A request over the cap is refused whole
	// (413, max_articles_per_request) after reading at most one article
	// past it; docs/benchmarks.md has what a request at the cap costs.
	DefaultMaxArticles = 10_000
	// maxParagraphs caps the paragraphs (non-empty body lines, and the
	// title) of one POST /api/articles: each becomes a passage to index,
	// and indexing is what takes the time. 10,000 articles of 3 KB (about
	// 250,000 paragraphs) outlasted the server's 60 s write timeout on a
	// busy machine, so the answer was lost though the articles were
	// stored. The cap keeps a request within a few seconds of indexing.
	maxParagraphs = 50_000
	writeTimeout  = 2 * time.Minute
)

// registerWriteRoutes registers the routes that change data on write,
// and the re-index status on read. They exist only when a Writer (or a
// Reindexer) is given.
func (s *Server) registerWriteRoutes(write, read *mux.Router, opt Options) {
	if opt.Deleter != nil {
		d := opt.Deleter
		write.Handle("/api/articles/{id}", s.handle(func(w http.ResponseWriter, r *http.Request) error {
			return handleDelete(d, w, r)
		})).Methods(http.MethodDelete)
		write.Handle("/api/delete", s.handle(func(w http.ResponseWriter, r *http.Request) error {
			return handleDeleteMany(d, w, r)
		})).Methods(http.MethodPost)
	}
	if opt.Writer == nil && opt.Reindexer == nil {
		return
	}
	max := opt.MaxBody
	if max <= 0 {
		max = DefaultMaxBody
	}
	maxArticles := opt.MaxArticles
	if maxArticles <= 0 {
		maxArticles = DefaultMaxArticles
	}
	w := &writeRoutes{intake: opt.Intake, reindexer: opt.Reindexer, maxBody: max, maxArticles: maxArticles}
	if opt.Writer != nil {
		w.writer = capParagraphs{limitWrites(opt.Writer, opt.MaxWrites, opt.WriteQueueWait, opt.MaxWriteQueue), maxParagraphs}
	}
	if opt.Writer != nil {
		write.Handle("/api/articles", s.handle(w.handleAdd)).Methods(http.MethodPost)
	}
	if opt.Reindexer != nil {
		write.Handle("/api/reindex", s.handle(w.handleStartReindex)).Methods(http.MethodPost)
		read.Handle("/api/reindex", s.handle(w.handleReindexStatus)).Methods(http.MethodGet, http.MethodHead)
	}
}

type writeRoutes struct {
	intake      newsfind.Intake
	writer      newsfind.Writer
	reindexer   newsfind.Reindexer
	maxBody     int64
	maxArticles int
}

// handleAdd serves POST /api/articles[?strict=1|lenient=1&url=PAGE_URL].
//
// The body is JSON (one article, an array, or NDJSON), Markdown with front
// matter, an HTML page or an RSS/Atom feed, by Content-Type (or sniffed),
// sent as it is or with Content-Encoding: gzip.
// Every valid article is stored before the answer; the answer lists each
// item with its index, id and status. It is 200 when every item was
// valid, 400 when any was not (the valid ones are still stored, and their
// status says so).
func (wr *writeRoutes) handleAdd(w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r, wr.maxBody)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	flag := func(name string) bool { return q.Get(name) == "1" || q.Get(name) == "true" }
	opt := newsfind.IntakeOptions{Strict: flag("strict"), Lenient: flag("lenient"), URL: q.Get("url"), MaxItems: wr.maxArticles}
	// The write must finish once begun even if the client goes away:
	// a half-done request would leave it unsure what was stored.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), writeTimeout)
	defer cancel()
	outs, err := wr.intake.Take(ctx, wr.writer, data, "", r.Header.Get("Content-Type"), opt)
	if err != nil {
		return err
	}
	if len(outs) == 0 {
		return newsfind.Errorf(newsfind.EINVALID, "no articles in the request")
	}
	res := wire.NewWriteAnswer(outs)
	st := http.StatusOK
	if res.Errors > 0 {
		st = http.StatusBadRequest
	}
	return writeJSON(w, st, res)
}

// handleStartReindex serves POST /api/reindex: it starts a rebuild and
// answers 202 with its status, or 409 when one is already running.
func (wr *writeRoutes) handleStartReindex(w http.ResponseWriter, r *http.Request) error {
	st, started := wr.reindexer.StartReindex()
	if !started {
		return writeJSON(w, http.StatusConflict, st)
	}
	return writeJSON(w, http.StatusAccepted, st)
}

// handleReindexStatus serves GET /api/reindex: the running or last rebuild.
func (wr *writeRoutes) handleReindexStatus(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, wr.reindexer.ReindexStatus())
}

// handleDelete serves DELETE /api/articles/{id}: the article is removed
// from the store (fsynced) and from the index, catalog and its story
// before the answer, {"deleted":[id]}; an unknown id is a 404.
func handleDelete(d newsfind.Deleter, w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	// Once begun, the delete finishes even if the client goes away.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), writeTimeout)
	defer cancel()
	gone, seq, err := deleteLogged(ctx, d, []string{id})
	if err != nil {
		return err
	}
	if len(gone) == 0 {
		return newsfind.Errorf(newsfind.ENOTFOUND, "no article with id %q", newsfind.Echo(id))
	}
	return writeJSON(w, http.StatusOK, wire.DeleteAnswer{Deleted: gone, Seq: seq})
}

// maxDeleteBody caps a POST /api/delete body: 10,000 ids (max_delete_ids)
// of at most 128 bytes, quoted and comma-separated, fit in 1.4 MB.
const maxDeleteBody = 2 << 20

// handleDeleteMany serves POST /api/delete {"ids":[...]}: the articles are
// removed in one delete, as DELETE /api/articles/{id} removes one: from
// the store (one fsynced transaction), then from the index (one batch),
// the catalog and their stories, before the answer {"deleted":[...]}
// (unknown ids left out: the answer says which were removed). One request
// an id made every id its own store transaction and index batch: 10,000
// took 41 s.
func handleDeleteMany(d newsfind.Deleter, w http.ResponseWriter, r *http.Request) error {
	data, err := readBody(w, r, maxDeleteBody)
	if err != nil {
		return err
	}
	var req wire.DeleteRequest
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return newsfind.Errorf(newsfind.EINVALID, `the body must be {"ids":["id", ...]}: %s`, newsfind.Echo(err.Error()))
	}
	// Once begun, the delete finishes even if the client goes away.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), writeTimeout)
	defer cancel()
	gone, seq, err := deleteLogged(ctx, d, req.IDs)
	if err != nil {
		return err
	}
	if gone == nil {
		gone = []string{}
	}
	return writeJSON(w, http.StatusOK, wire.DeleteAnswer{Deleted: gone, Seq: seq})
}

// deleteLogged deletes through d, with the delete's log sequence number
// when d is a cluster node's (0 in a single process).
func deleteLogged(ctx context.Context, d newsfind.Deleter, ids []string) ([]string, uint64, error) {
	if ld, ok := d.(newsfind.LoggedDeleter); ok {
		return ld.DeleteLogged(ctx, ids)
	}
	gone, err := d.Delete(ctx, ids)
	return gone, 0, err
}
