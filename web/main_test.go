package web_test

import (
	"os"
	"testing"

	"github.com/newsfind/newsfind/search"
)

// TestMain sets Bleve's process-wide limits once, as cmd/newsfind does at
// start-up: the hostile-query tests expect max_expansions.
func TestMain(m *testing.M) {
	search.SetProcessLimits()
	os.Exit(m.Run())
}
