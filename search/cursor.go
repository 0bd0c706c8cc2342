package search

import (
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// sortKey is where an article stands in a result's order: by score, or by
// date then score; the article id breaks ties, so the order is total and a
// cursor names one place in it.
type sortKey struct {
	date  time.Time // zero: undated
	score float64
	id    string
}

// before reports whether a comes before b in the order of sort.
func (a sortKey) before(b sortKey, sort newsfind.Sort) bool {
	if sort == newsfind.SortDate && !a.date.Equal(b.date) {
		if a.date.IsZero() || b.date.IsZero() {
			return b.date.IsZero() // undated last
		}
		return a.date.After(b.date)
	}
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id < b.id
}

func keyOf(e *catalog.Entry, score float64) sortKey {
	return sortKey{date: e.Published, score: score, id: e.ID}
}

// A cursor names where the next page starts, opaque to clients. Most
// are a place in a pinned answer (pin.go): "p|pin id|position",
// base64url. An answer too large to pin gets the sort key of its page's
// last hit instead:
// "r|score|id" or "d|date|score|id", base64url, the tag prefixed with "a"
// in article scope ("ar|…"): the two scopes score differently, so a key of
// one names no place in the other's order. Scores are written so that they
// read back exactly, or equal keys would not compare equal.
func encodeCursor(k sortKey, sort newsfind.Sort, scope newsfind.Scope) string {
	tag := ""
	if scope == newsfind.ScopeArticle {
		tag = "a"
	}
	score := strconv.FormatFloat(k.score, 'g', -1, 64)
	var s string
	if sort == newsfind.SortDate {
		date := "-"
		if !k.date.IsZero() {
			date = k.date.UTC().Format(time.RFC3339Nano)
		}
		s = tag + "d|" + date + "|" + score + "|" + k.id
	} else {
		s = tag + "r|" + score + "|" + k.id
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// pinCursor is a place in a pinned answer: the page starts at position
// pos of its order.
type pinCursor struct {
	pin string
	pos int
}

func encodePinCursor(c pinCursor) string {
	return base64.RawURLEncoding.EncodeToString([]byte("p|" + c.pin + "|" + strconv.Itoa(c.pos)))
}

// decodeAfter reads an after= value: a place in a pinned answer, or the
// sort key of a hit.
func decodeAfter(c string, sort newsfind.Sort, scope newsfind.Scope) (*pinCursor, *sortKey, error) {
	if b, err := base64.RawURLEncoding.DecodeString(c); err == nil && strings.HasPrefix(string(b), "p|") {
		parts := strings.Split(string(b), "|")
		pos, err := strconv.Atoi(parts[len(parts)-1])
		if len(parts) != 3 || parts[1] == "" || err != nil || pos < 0 {
			return nil, nil, badCursor(c)
		}
		return &pinCursor{pin: parts[1], pos: pos}, nil, nil
	}
	k, err := decodeCursor(c, sort, scope)
	if err != nil {
		return nil, nil, err
	}
	return nil, &k, nil
}

func badCursor(c string) error {
	return newsfind.Errorf(newsfind.EINVALID,
		"after=%q is not a cursor of this query's answers: pass the \"next\" of the previous page, with the same query, sort and scope", newsfind.Echo(c))
}

func decodeCursor(c string, sort newsfind.Sort, scope newsfind.Scope) (sortKey, error) {
	bad := badCursor(c)
	tag := ""
	if scope == newsfind.ScopeArticle {
		tag = "a"
	}
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return sortKey{}, bad
	}
	var k sortKey
	var parts []string
	if sort == newsfind.SortDate {
		parts = strings.SplitN(string(b), "|", 4)
		if len(parts) != 4 || parts[0] != tag+"d" {
			return sortKey{}, bad
		}
		if parts[1] != "-" {
			if k.date, err = time.Parse(time.RFC3339Nano, parts[1]); err != nil {
				return sortKey{}, bad
			}
		}
		parts = parts[2:]
	} else {
		parts = strings.SplitN(string(b), "|", 3)
		if len(parts) != 3 || parts[0] != tag+"r" {
			return sortKey{}, bad
		}
		parts = parts[1:]
	}
	if k.score, err = strconv.ParseFloat(parts[0], 64); err != nil || parts[1] == "" {
		return sortKey{}, bad
	}
	k.id = parts[1]
	return k, nil
}
