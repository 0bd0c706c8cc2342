package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestRefusedOutcomeEchoesShortID: an article refused for its 2 MB id is
// answered with the id cut short, in the outcome and in its error.
func TestRefusedOutcomeEchoesShortID(t *testing.T) {
	e := open(t, t.TempDir())
	long := strings.Repeat("x", 2<<20)
	outs, err := e.Add(context.Background(), []newsfind.Article{{ID: long, Title: "T", Body: "Text."}})
	if err != nil {
		t.Fatal(err)
	}
	o := outs[0]
	if o.Status != newsfind.StatusError || len(o.ID) > 100 || len(o.Error) > 300 {
		t.Errorf("outcome: status %s, id of %d bytes, error of %d bytes", o.Status, len(o.ID), len(o.Error))
	}
}
