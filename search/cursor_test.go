package search

import (
	"math"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// FuzzCursor: any after= value is either refused with EINVALID or read
// back as a key; keys written by encodeCursor read back equal.
func FuzzCursor(f *testing.F) {
	f.Add("x", 1.5, int64(1762387200), true)
	f.Add("reuters-17405|odd", 0.0, int64(0), false)
	f.Add("", math.SmallestNonzeroFloat64, int64(-1), true)
	f.Fuzz(func(t *testing.T, id string, score float64, unix int64, byDate bool) {
		sort := newsfind.SortRelevance
		if byDate {
			sort = newsfind.SortDate
		}
		scope := newsfind.ScopePassage
		if unix%2 == 0 {
			scope = newsfind.ScopeArticle
		}
		if _, err := decodeCursor(id, sort, scope); err != nil && newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Fatalf("decodeCursor(%q): %v", id, err)
		}
		if id == "" || math.IsNaN(score) {
			return
		}
		k := sortKey{score: score, id: id}
		if byDate && unix > 0 && unix < 1<<40 {
			k.date = time.Unix(unix, 0).UTC()
		}
		got, err := decodeCursor(encodeCursor(k, sort, scope), sort, scope)
		if err != nil {
			t.Fatalf("%+v: %v", k, err)
		}
		if !byDate {
			k.date = time.Time{}
		}
		if got.score != k.score || got.id != k.id || !got.date.Equal(k.date) {
			t.Fatalf("%+v read back as %+v", k, got)
		}
	})
}
