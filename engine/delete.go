package engine

import (
	"context"
	"errors"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

var _ newsfind.Deleter = (*Engine)(nil)

// Delete removes articles: from the store first (fsynced, with a pending
// mark that names the passages to remove), then from the index, the
// catalog and their stories. A crash after the store's write leaves the
// mark, and the next start's catch-up removes the passages; a re-index
// builds from the store, which no longer has them. It returns the ids it
// removed; unknown ids are not an error.
func (e *Engine) Delete(ctx context.Context, ids []string) ([]string, error) {
	want, err := newsfind.DeleteIDs(ids)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	if e.closed {
		return nil, newsfind.Errorf(newsfind.EUNAVAILABLE, "the engine is closed")
	}
	stale, err := e.store.DeleteAt(want, logSeqOf(ctx))
	if err != nil {
		e.noteFull(err)
		return nil, storeError(err)
	}
	found := make([]string, 0, len(stale))
	for _, id := range want {
		if _, ok := stale[id]; ok {
			found = append(found, id)
		}
	}
	if len(found) == 0 {
		return found, nil
	}
	if c := e.rebuilding.Load(); c != nil {
		c.gone(found...)
		c.report()
	}
	e.search.Forget(found)
	err = e.current.Use(func(x *index.Index) error {
		if x == nil {
			return errNoIndex
		}
		return x.Delete(stale)
	})
	// Gone from search at once, whether the index has caught up or not:
	// search skips the catalog's deleted entries.
	e.catalog.Delete(found...)
	for _, id := range found {
		e.stories.Delete(id)
	}
	e.commits.publish(newsfind.Commit{Deleted: found})
	switch {
	case errors.Is(err, errNoIndex):
		// The rebuild under way builds from the store.
	case err != nil:
		e.noteFull(err)
		e.unindexed.failed(err)
		e.retryPending()
	default:
		if err := e.store.MarkIndexed(found); err != nil {
			e.log.Warn().Err(err).Msg("could not clear pending marks of deleted articles; they are removed from the index again at start")
		}
	}
	return found, nil
}
