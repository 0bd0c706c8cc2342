package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"sync/atomic"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
)

// Saved searches in a cluster go through the log as articles do: the
// receiving node checks a write with its own clock and randomness
// (AcceptSearch) and logs it; every node applies it in log order
// (ApplySearch), recording the entry in the same store transaction. So
// every node has the same searches under the same ids.
//
// Their matches must agree too, so that GET /api/searches/{id}/new?since=
// means the same on every node. A single process percolates in the
// background, in passes of whatever has gathered; which searches a pass
// sees depends on its timing. A node fed from the log instead percolates
// each applied run before applying the next entry (percolateApplied), so
// an article is matched against the searches as they stood at its entry,
// and its hits are numbered by that entry (store.Percolated).

// logFeed is what the engine knows of the log that feeds it.
type logFeed struct {
	// fed is set once the engine applies log entries: its background
	// percolator then stands aside (percolateMarked), as percolation
	// follows the apply.
	fed atomic.Bool
	// send, when set, takes webhook deliveries instead of posting them
	// (hooksend.go): the cluster posts each once, from one node.
	send atomic.Pointer[WebhookSender]
}

// AcceptSearch checks a saved-search write on the node that received it
// and completes it for the log: a new search gets its secret and times,
// an update its time (the secret and creation time are the stored
// search's, kept by ApplySearch). Its id, for a new one, is given by
// ApplySearch.
func (e *Engine) AcceptSearch(w newsfind.SearchWrite) (newsfind.SearchWrite, error) {
	ss := &w.Search
	ss.Seq = 0
	switch w.Op {
	case newsfind.SearchCreate:
		if err := e.checkSearch(ss); err != nil {
			return w, err
		}
		b := make([]byte, 24)
		_, _ = rand.Read(b) // never fails (crypto/rand)
		ss.ID, ss.Secret = "", hex.EncodeToString(b)
		ss.Created = e.opt.Now().UTC()
		ss.Updated = ss.Created
	case newsfind.SearchUpdate:
		if err := e.checkSearch(ss); err != nil {
			return w, err
		}
		ss.Secret, ss.Created, ss.Updated = "", time.Time{}, e.opt.Now().UTC()
	case newsfind.SearchDelete:
		w.Search = newsfind.SavedSearch{ID: ss.ID}
	default:
		return w, newsfind.Errorf(newsfind.EINVALID, "unknown saved search operation %q", w.Op)
	}
	return w, nil
}

// ApplySearch applies a saved-search write of log entry seq. refused is
// the write's outcome when it changes nothing (no such search, too many):
// the entry is applied all the same, on every node alike. err is a
// failure to apply it, to be tried again.
func (e *Engine) ApplySearch(ctx context.Context, seq uint64, w newsfind.SearchWrite) (ss newsfind.SavedSearch, refused, err error) {
	if seq == 0 {
		return ss, nil, errors.New("engine: ApplySearch needs a log sequence number")
	}
	e.logged.fed.Store(true)
	// The articles applied before this entry are matched against the
	// searches as they were.
	if err := e.percolateApplied(ctx); err != nil {
		return ss, nil, err
	}
	ss = w.Search
	ss.Seq = seq
	switch w.Op {
	case newsfind.SearchCreate:
		max := e.opt.Alerts.MaxSearches
		if max <= 0 {
			max = newsfind.MaxSavedSearches
		}
		err = e.store.CreateSearchAt(&ss, max, seq)
		if errors.Is(err, store.ErrTooManySearches) {
			refused = newsfind.LimitErrorf(newsfind.EINVALID, "max_saved_searches",
				"there are %d saved searches already, the most a server keeps (max_saved_searches): delete one first", max)
		}
	case newsfind.SearchUpdate:
		err = e.store.UpdateSearchAt(&ss, seq)
	case newsfind.SearchDelete:
		err = e.store.DeleteSearchAt(ss.ID, seq)
	default:
		refused = newsfind.Errorf(newsfind.EINVALID, "unknown saved search operation %q", w.Op)
	}
	if errors.Is(err, store.ErrNoSearch) {
		refused = noSearch(ss.ID)
	}
	if refused != nil {
		return ss, refused, e.store.SetApplied(seq)
	}
	if err != nil {
		e.noteFull(err)
		return ss, nil, err
	}
	return ss, nil, e.loadSearches(ss.ID)
}

// percolateAfterApply percolates an applied entry's articles. The entry
// is applied whatever happens here: a failure leaves the marks for the
// next entry's percolation (in the store, which failed, so rarely).
func (e *Engine) percolateAfterApply(ctx context.Context) {
	if err := e.percolateApplied(ctx); err != nil && ctx.Err() == nil {
		e.log.Error().Err(err).Msg("matching applied articles against the saved searches failed; the next entry tries again")
	}
}

// percolateApplied matches what the node applied and has not matched
// yet, before the next entry is applied. It costs nothing while no saved
// search exists: no write is marked then.
func (e *Engine) percolateApplied(ctx context.Context) error {
	for {
		marks, err := e.store.Unpercolated(percolateBatch)
		if err != nil || len(marks) == 0 {
			return err
		}
		hooked, err := e.percolate(ctx, marks)
		if err != nil {
			return err
		}
		if hooked {
			e.hooks.poke()
		}
		if len(marks) < percolateBatch {
			return nil
		}
	}
}
