package search

import (
	"context"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// TestAloneAfterDelete: a stem that stood as a form of its own only in a
// passage since deleted stands alone no more, though its segment's
// answer was remembered; prefix words then list it no more.
func TestAloneAfterDelete(t *testing.T) {
	s := storedService(t, []newsfind.Article{
		article("alone", "The oil rose."),
		article("variant", "Oils fell."),
	})
	ctx := context.Background()
	alone := func() bool {
		t.Helper()
		var a bool
		err := s.index.Use(func(x *index.Index) error {
			r, err := x.Reader()
			if err != nil {
				return err
			}
			defer r.Close()
			a, err = newFormCounts(s.formStems, s.variants).standsAlone(ctx, r, "oil")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	if !alone() {
		t.Fatal("oil stands alone in a passage, and is not found to")
	}
	err := s.index.Use(func(x *index.Index) error { return x.Delete(map[string]int{"alone": 4}) })
	if err != nil {
		t.Fatal(err)
	}
	if alone() {
		t.Error("oil stands alone only in a deleted passage, and is still found to")
	}
	if got := allIDs(t, s, "oi*"); len(got) != 1 || got[0] != "variant" {
		t.Errorf("oi*: found %v, want [variant]", got)
	}
}
