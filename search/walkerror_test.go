package search

import (
	"context"
	"errors"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// failingSearcher yields n hits and then fails, as a searcher whose
// segment cannot be read does. A real index gives no way to make Bleve's
// searchers fail mid-walk, so this is the one fake here; walkRange uses
// no other method of it.
type failingSearcher struct {
	search.Searcher
	n, at int
}

var errSegment = errors.New("segment unreadable")

func (f *failingSearcher) DocumentMatchPoolSize() int { return 1 }

func (f *failingSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if f.at == f.n {
		return nil, errSegment
	}
	f.at++
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(nil, uint64(f.at))
	return dm, nil
}

// TestWalkReportsSearcherError: a walk whose searcher fails part way
// answers the error, not the matches so far as if they were all: a count
// cut short would look like a true one.
func TestWalkReportsSearcherError(t *testing.T) {
	set := newMatchSet(10)
	ordOf := func(id bindex.IndexInternalID) (int32, place, error) { return int32(id.Value()) % 10, 0, nil }
	err := walkRange(context.Background(), &failingSearcher{n: 3}, ordOf, 0, ^uint64(0), nil, set)
	if !errors.Is(err, errSegment) {
		t.Fatalf("walk of a searcher failing after 3 hits: err %v, want %v", err, errSegment)
	}
}
