package ingest

import (
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// ParseDate reads a publication date: RFC 3339 or YYYY-MM-DD. "", "undated"
// and "unknown" give the zero time: an article that does not say when it
// appeared stays undated rather than getting a guessed date.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "undated", "unknown":
		return time.Time{}, nil
	}
	if t, err := time.Parse(newsfind.DateLayout, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		// Keep the day as the publisher wrote it, not as it falls in UTC.
		y, m, d := t.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	}
	return time.Time{}, newsfind.Errorf(newsfind.EINVALID,
		"published %q is not a date: use YYYY-MM-DD or RFC 3339 (2025-11-06T14:00:00Z), or \"undated\"", s)
}
