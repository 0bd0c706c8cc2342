package search

import (
	"container/list"
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// Cursor defaults: how long a pinned answer lasts after its last use, and
// how much the service keeps. A pin costs 20 bytes a matching article
// (q=trade on Reuters: 2,894 articles, 58 KB), so the default holds about
// three million paged matches at once.
const (
	DefaultCursorTTL   = 10 * time.Minute
	DefaultCursorBytes = 64 << 20
	DefaultCursorPins  = 1024
)

// CursorOptions bound the answers the service pins for cursors. Zero
// fields take the defaults.
type CursorOptions struct {
	// TTL is how long a pin lasts after its last use.
	TTL time.Duration
	// MaxBytes bounds the pins' memory together; one answer larger than a
	// quarter of it is not pinned (its cursor is a sort key, and the
	// answer warns that paging it may skip or repeat while writes land).
	MaxBytes int64
	// MaxPins bounds how many pins are kept.
	MaxPins int
	// Now is the clock, for tests; nil is time.Now.
	Now func() time.Time
}

// WithCursors sets the bounds of the pinned answers cursors read from.
func WithCursors(o CursorOptions) Option {
	return func(s *Service) error {
		s.pins = newPinCache(o)
		return nil
	}
}

// pinCache keeps pinned answers by id, least recently used first out,
// each dropped TTL after its last use. It runs no timer: expired pins are
// dropped by the next search that puts or gets one, so an idle service
// holds at most MaxBytes until then.
type pinCache struct {
	ttl      time.Duration
	maxBytes int64
	maxPins  int
	now      func() time.Time

	mu    sync.Mutex
	byID  map[string]*list.Element // of *pin
	lru   *list.List               // front: most recently used
	bytes int64
}

func newPinCache(o CursorOptions) *pinCache {
	c := &pinCache{ttl: o.TTL, maxBytes: o.MaxBytes, maxPins: o.MaxPins, now: o.Now,
		byID: map[string]*list.Element{}, lru: list.New()}
	if c.ttl <= 0 {
		c.ttl = DefaultCursorTTL
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultCursorBytes
	}
	if c.maxPins <= 0 {
		c.maxPins = DefaultCursorPins
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// fits reports whether a pin of n bytes may be kept: a single answer may
// take a quarter of the cache, so that one broad query cannot evict every
// other reader's pin at once.
func (c *pinCache) fits(n int64) bool { return n <= c.maxBytes/4 }

// put keeps pn under a new random id and returns the id.
func (c *pinCache) put(pn *pin) (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	pn.id = base64.RawURLEncoding.EncodeToString(b[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	pn.used = now
	c.byID[pn.id] = c.lru.PushFront(pn)
	c.bytes += pn.bytes
	c.trim(now)
	return pn.id, nil
}

// get returns the pin of id and marks it used, or nil when it expired or
// was evicted (or never was).
func (c *pinCache) get(id string) *pin {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	c.trim(now)
	el, ok := c.byID[id]
	if !ok {
		return nil
	}
	pn := el.Value.(*pin)
	pn.used = now
	c.lru.MoveToFront(el)
	return pn
}

// trim drops expired pins, then the least recently used while over a
// bound. The back of the list is the least recently used, so expired
// pins are all at the back.
func (c *pinCache) trim(now time.Time) {
	for el := c.lru.Back(); el != nil; el = c.lru.Back() {
		pn := el.Value.(*pin)
		if now.Sub(pn.used) < c.ttl && c.bytes <= c.maxBytes && c.lru.Len() <= c.maxPins {
			return
		}
		c.lru.Remove(el)
		delete(c.byID, pn.id)
		c.bytes -= pn.bytes
	}
}
