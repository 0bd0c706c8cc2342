package engine

import (
	"context"
	"fmt"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/store"
)

// Add validates, stores and indexes articles. Invalid articles get an
// error outcome and do not stop the valid ones. When Add returns, every
// article with a created or updated outcome is on disk in the store (and
// searchable); if indexing then fails, it stays marked pending and is
// indexed at the next start. The error is for failures of the whole write.
func (e *Engine) Add(ctx context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	outs := make([]newsfind.Outcome, len(arts))
	var docs []newsfind.Document
	var pos []int
	seen := map[string]int{}
	for i := range arts {
		a := arts[i]
		outs[i].Index = i
		if err := ingest.Normalize(&a); err != nil {
			outs[i].ID, outs[i].Status, outs[i].Error = a.ID, newsfind.StatusError, newsfind.ErrorMessage(err)
			continue
		}
		outs[i].ID = a.ID
		if j, dup := seen[a.ID]; dup {
			// The later copy wins, as if sent one after the other.
			outs[pos[j]].Status = newsfind.StatusUnchanged
			docs[j] = index.Prepare(e.tagger, a)
			pos[j] = i
			continue
		}
		seen[a.ID] = len(docs)
		docs = append(docs, index.Prepare(e.tagger, a))
		pos = append(pos, i)
	}
	if len(docs) == 0 {
		return outs, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	recs := make([]store.Record, len(docs))
	for i := range docs {
		recs[i] = store.Record{Article: docs[i].Article, Countries: docs[i].Countries,
			Commodities: docs[i].Commodities, Passages: len(docs[i].Passages)}
	}

	e.writeMu.Lock()
	defer e.writeMu.Unlock()
	changes, prev, err := e.store.Put(recs)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	var changed []newsfind.Document
	var ids []string
	stale := map[string]int{}
	for i, c := range changes {
		outs[pos[i]].Status = string(c)
		if c == store.Unchanged {
			continue
		}
		changed = append(changed, docs[i])
		ids = append(ids, docs[i].ID)
		stale[docs[i].ID] = prev[i]
	}
	if len(changed) == 0 {
		return outs, nil
	}
	if err := e.current.Use(func(x *index.Index) error { return x.Write(changed, stale) }); err != nil {
		return nil, fmt.Errorf("index (articles are stored and will be indexed at the next start): %w", err)
	}
	for i := range changed {
		e.catalog.Put(index.EntryOf(&changed[i]))
	}
	if err := e.store.MarkIndexed(ids); err != nil {
		e.log.Warn().Err(err).Msg("could not clear pending marks; the articles will be indexed again at start")
	}
	return outs, nil
}
