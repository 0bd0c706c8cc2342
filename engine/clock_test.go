package engine_test

import (
	"context"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
)

// TestAddReadsItsClock: what the engine accepts depends on the clock it
// is given, not on the machine's: an article dated a week from today is
// refused by an engine at today and stored by one whose clock is a week
// on, so that a write accepted once can be applied again, later, alike.
func TestAddReadsItsClock(t *testing.T) {
	ahead := time.Now().AddDate(0, 0, 7).UTC().Truncate(24 * time.Hour)
	art := newsfind.Article{ID: "ahead", Title: "Copper", Body: "Copper rose.", Published: ahead}
	for _, c := range []struct {
		name   string
		now    func() time.Time
		status string
	}{
		{"wall clock", nil, newsfind.StatusError},
		{"a week on", func() time.Time { return ahead }, newsfind.StatusCreated},
	} {
		e, err := engine.Open(context.Background(), engine.Options{Dir: t.TempDir(), Logger: zerolog.Nop(), Now: c.now})
		if err != nil {
			t.Fatal(err)
		}
		outs, err := e.Add(context.Background(), []newsfind.Article{art})
		e.Close()
		if err != nil {
			t.Fatal(err)
		}
		if outs[0].Status != c.status {
			t.Errorf("%s: %s %s, want %s", c.name, outs[0].Status, outs[0].Error, c.status)
		}
	}
}
