package newsfind

import (
	"fmt"
	"time"
)

// FeedStatus is what the feed poller knows of one polled feed: what an
// operator reads to learn why articles stopped arriving. It is here, not
// with the poller, so that whoever reports it (the web server) needs only
// the domain.
type FeedStatus struct {
	URL          string    `json:"url"` // without its password
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPoll     time.Time `json:"last_poll,omitzero"`
	LastChange   time.Time `json:"last_change,omitzero"` // last poll that brought a new feed body
	LastError    string    `json:"last_error,omitempty"`
	Created      int       `json:"created"` // articles, over the poller's life
	Updated      int       `json:"updated"`
	Failed       int       `json:"failed"`   // items refused
	OverCap      int       `json:"over_cap"` // items past the per-poll cap, not read
	// LastRefused names the first items the last new body had refused,
	// by their position in the feed.
	LastRefused []Refusal `json:"last_refused,omitempty"`
}

// Refusal is one refused feed item: its position in the feed (0 for the
// first item) and why.
type Refusal struct {
	Item   int    `json:"item"`
	Reason string `json:"reason"`
}

func (r Refusal) String() string { return fmt.Sprintf("item %d: %s", r.Item, r.Reason) }
