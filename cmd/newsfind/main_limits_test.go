package main

import (
	"os"
	"testing"

	"github.com/newsfind/newsfind/search"
)

// TestMain sets Bleve's process-wide limits once, as main does: the tests
// call run, not main.
func TestMain(m *testing.M) {
	search.SetProcessLimits()
	os.Exit(m.Run())
}
