package engine_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/store"
)

func openApply(t *testing.T, dir string, now func() time.Time) *engine.Engine {
	t.Helper()
	e, err := engine.Open(context.Background(), engine.Options{Dir: dir, Logger: zerolog.Nop(), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func found(t *testing.T, e *engine.Engine, id string) bool {
	t.Helper()
	_, err := e.Searcher().Document(context.Background(), id)
	if err != nil && newsfind.ErrorCode(err) != newsfind.ENOTFOUND {
		t.Fatal(err)
	}
	return err == nil
}

// TestApplyRecordsTheLogSequence: the last applied log entry is stored
// with the articles, survives a restart, and an entry at or before it is
// refused whole, so a node resuming after a crash applies nothing twice.
func TestApplyRecordsTheLogSequence(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e := openApply(t, dir, nil)
	a := newsfind.Article{ID: "a", Title: "Copper", Body: "Copper prices rose in Lusaka."}
	b := newsfind.Article{ID: "b", Title: "Tin", Body: "Tin output fell in Bolivia."}
	c := newsfind.Article{ID: "c", Title: "Zinc", Body: "Zinc stocks grew in Rotterdam."}
	st, err := e.Apply(ctx, 1, []newsfind.Article{a, b})
	if err != nil || len(st) != 2 || st[0] != newsfind.StatusCreated {
		t.Fatalf("Apply 1: %v %v", st, err)
	}
	if _, err := e.Apply(ctx, 2, []newsfind.Article{c}); err != nil {
		t.Fatal(err)
	}
	if gone, err := e.ApplyDelete(ctx, 3, []string{"a", "nope"}); err != nil || len(gone) != 1 {
		t.Fatalf("ApplyDelete 3: %v %v", gone, err)
	}
	// A delete that finds nothing is an entry applied all the same.
	if _, err := e.ApplyDelete(ctx, 4, []string{"nope"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Apply(ctx, 4, []newsfind.Article{a}); !errors.Is(err, store.ErrApplied) {
		t.Fatalf("Apply of entry 4 again: %v; want store.ErrApplied", err)
	}
	if found(t, e, "a") {
		t.Fatal("an entry applied twice brought a deleted article back")
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e = openApply(t, dir, nil)
	defer e.Close()
	if seq, err := e.AppliedSeq(); err != nil || seq != 4 {
		t.Fatalf("after restart AppliedSeq = %d, %v; want 4", seq, err)
	}
	if found(t, e, "a") || !found(t, e, "b") || !found(t, e, "c") {
		t.Fatal("after restart the store is not as the log left it")
	}
}

// TestApplyReadsNoClock: Apply takes what the accepting node validated,
// even where this node's clock would refuse it (a date past its window),
// so that every node stores the same articles whatever their clocks say.
func TestApplyReadsNoClock(t *testing.T) {
	ctx := context.Background()
	past := func() time.Time { return time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC) }
	e := openApply(t, t.TempDir(), past)
	defer e.Close()
	a := newsfind.Article{ID: "late", Title: "Later news", Body: "This happened in 2024.", Published: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	outs, err := e.Add(ctx, []newsfind.Article{a})
	if err != nil || outs[0].Status != newsfind.StatusError {
		t.Fatalf("Add with a 1990 clock: %+v %v; want the 2024 date refused", outs, err)
	}
	if _, err := e.Apply(ctx, 1, []newsfind.Article{a}); err != nil {
		t.Fatal(err)
	}
	if !found(t, e, "late") {
		t.Fatal("Apply re-validated the article against its own clock")
	}
}
