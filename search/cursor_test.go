package search

import (
	"math"
	"strings"
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
		if _, _, err := decodeAfter(id, sort, scope); err != nil && newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Fatalf("decodeAfter(%q): %v", id, err)
		}
		if id != "" && !strings.Contains(id, "|") && unix >= 0 {
			c := pinCursor{pin: id, pos: int(unix % (1 << 31))}
			got, k, err := decodeAfter(encodePinCursor(c), sort, scope)
			if err != nil || k != nil || got == nil || *got != c {
				t.Fatalf("%+v read back as %+v, %+v, %v", c, got, k, err)
			}
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

// TestPinCache: pins go least recently used first when over the count or
// the bytes, and a TTL after their last use; one answer may take a
// quarter of the bytes.
func TestPinCache(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newPinCache(CursorOptions{TTL: time.Minute, MaxBytes: 1000, MaxPins: 3, Now: func() time.Time { return now }})
	put := func(bytes int64) string {
		t.Helper()
		id, err := c.put(&pin{bytes: bytes})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	kept := func(ids ...string) string {
		var out []string
		for _, id := range ids {
			if c.get(id) != nil {
				out = append(out, "kept")
			} else {
				out = append(out, "gone")
			}
		}
		return strings.Join(out, " ")
	}
	if !c.fits(250) || c.fits(251) {
		t.Errorf("fits: a quarter of 1000 bytes is 250")
	}
	a, b := put(100), put(100)
	if a == b || len(a) < 20 {
		t.Errorf("ids %q and %q: want distinct random ids", a, b)
	}
	c.get(a) // b is now the least recently used
	d, e := put(100), put(100)
	if got := kept(a, b, d, e); got != "kept gone kept kept" {
		t.Errorf("a fourth pin of three: %s", got)
	}
	// 250 + 250 + 250 + 250 + ... over 1000 bytes: the oldest go.
	f, g, h := put(250), put(250), put(250)
	if got := kept(f, g, h); got != "kept kept kept" || c.bytes > 1000 || c.lru.Len() > 3 {
		t.Errorf("after three of 250 bytes: %s, %d bytes in %d pins", got, c.bytes, c.lru.Len())
	}
	now = now.Add(59 * time.Second)
	if got := kept(f); got != "kept" {
		t.Errorf("59 s after: %s", got)
	}
	now = now.Add(59 * time.Second)
	if got := kept(f, g, h); got != "kept gone gone" {
		t.Errorf("59 s after f's last use, 118 s after the others': %s", got)
	}
	if c.bytes != 250 || len(c.byID) != 1 {
		t.Errorf("%d bytes in %d pins left; want f's 250", c.bytes, len(c.byID))
	}
}
