package ingest

import (
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// ParseDate reads a publication date: RFC 3339 or YYYY-MM-DD. "", "undated"
// and "unknown" give the zero time: an article that does not say when it
// appeared stays undated rather than getting a guessed date. A date outside
// the window (minDate to today + maxDateAhead) is an error: a person gave
// it, and can fix it.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "", "undated", "unknown":
		return time.Time{}, nil
	}
	var day time.Time
	if t, err := time.Parse(newsfind.DateLayout, s); err == nil {
		day = t
	} else if t, err := time.Parse(time.RFC3339, s); err == nil {
		day = dayOf(t)
	} else {
		return time.Time{}, newsfind.Errorf(newsfind.EINVALID,
			"published %q is not a date: use YYYY-MM-DD or RFC 3339 (2025-11-06T14:00:00Z), or \"undated\"", newsfind.Echo(s))
	}
	if now := time.Now(); !newsfind.InDateWindow(day, now) {
		return time.Time{}, newsfind.LimitErrorf(newsfind.EINVALID, "date_window",
			"published %q is outside %s: give the day the article appeared, or \"undated\"", newsfind.Echo(s), newsfind.DateWindow(now))
	}
	return day, nil
}

// foundDate returns the publication day of a page or feed item from the
// dates it states (published, then updated; nil when it states none): the
// first one in the window. When every stated date is outside it, the
// article is kept undated, with a note saying so rather than a silent
// loss or a date that is surely wrong.
func foundDate(stated ...*time.Time) (day time.Time, note string) {
	now := time.Now()
	for _, t := range stated {
		if t == nil {
			continue
		}
		d := dayOf(*t)
		if newsfind.InDateWindow(d, now) {
			return d, ""
		}
		if note == "" {
			note = "stated date " + d.Format(newsfind.DateLayout) + " is outside " + newsfind.DateWindow(now)
		}
	}
	return time.Time{}, note
}

// dayOf keeps the day as the publisher wrote it, not as it falls in UTC.
func dayOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// stamp is a date and time as a page states it: zoned when it gives a
// numeric offset (or Z), so that its instant is known.
type stamp struct {
	t         time.Time
	zoned, ok bool
}

// Layouts of the dates pages state: ISO 8601 with and without an offset,
// seconds or fraction (the Telegraph's "2017-11-16T14:15+0000", the
// Guardian's "…-0500"), with a space for the T (Seattle Times'
// "2019-04-28 06:01:07"), a day alone, RFC 1123 as feeds write it, and
// Java's Date.toString ("Fri Mar 13 21:30:09 EST 2015", the Herald Sun's).
var (
	zonedLayouts = []string{
		time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04Z0700",
		"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z0700", "2006-01-02 15:04:05.999999999 -0700",
		time.RFC1123Z, "Mon, 2 Jan 2006 15:04:05 -0700",
	}
	localLayouts = []string{
		"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02 15:04",
		newsfind.DateLayout, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 MST", time.UnixDate, "Mon Jan _2 15:04:05 MST 2006",
	}
)

// parseStamp reads a stated date in any layout above. A zone named by an
// abbreviation ("EST": Eastern in New York, Australian Eastern in
// Melbourne) is not trusted for an offset: its day is the one written.
func parseStamp(s string) stamp {
	s = strings.TrimSpace(s)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return stamp{t: t, zoned: true, ok: true}
		}
	}
	for _, l := range localLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return stamp{t: t, ok: true}
		}
	}
	return stamp{}
}
