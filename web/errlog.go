package web

import (
	"sync"
	"time"
)

// logLimiter lets through one log line per error code per interval and
// counts the ones it holds back, so that the next line can say how many.
// A full disk fails every write the same way: logging each one made
// 11,776 lines a second and spun more than a core, and the lines said
// nothing the first had not.
type logLimiter struct {
	mu   sync.Mutex
	now  func() time.Time
	last map[string]time.Time
	held map[string]int
}

func newLogLimiter(now func() time.Time) *logLimiter {
	return &logLimiter{now: now, last: map[string]time.Time{}, held: map[string]int{}}
}

// allow reports whether a line for code may be logged now, and if so how
// many were held back since the last one.
func (l *logLimiter) allow(code string, every time.Duration) (ok bool, held int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	t := l.now()
	if last, seen := l.last[code]; seen && t.Sub(last) < every {
		l.held[code]++
		return false, 0
	}
	l.last[code] = t
	held = l.held[code]
	l.held[code] = 0
	return true, held
}
