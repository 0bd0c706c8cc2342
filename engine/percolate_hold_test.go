package engine

import (
	"fmt"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestPercolatorHoldsBounded: the percolator keeps committed documents
// only while a saved search exists, and never more than maxHeldDocs. It
// kept every document of a bulk load with no saved search at all: at x9,
// 194k articles with their passages in memory while serving.
func TestPercolatorHoldsBounded(t *testing.T) {
	docs := make([]newsfind.Document, maxHeldDocs+100)
	for i := range docs {
		docs[i].ID = fmt.Sprintf("a%d", i)
	}
	commit := newsfind.Commit{Documents: docs}

	none := newPercolator(func() bool { return false }, nil)
	none.follow(commit)
	if n := len(none.docs); n != 0 {
		t.Errorf("no saved search: %d documents held, want 0", n)
	}
	some := newPercolator(func() bool { return true }, nil)
	some.follow(commit)
	if n := len(some.docs); n != maxHeldDocs {
		t.Errorf("saved searches: %d documents held, want the bound %d", n, maxHeldDocs)
	}
}
