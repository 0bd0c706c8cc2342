package newsfind

import (
	"context"
	"time"
)

// MaxSavedSearches bounds the saved searches of one data directory: each
// is percolated against every write, so their number is a cost every
// write shares.
const MaxSavedSearches = 10000

// SavedSearch is a query a researcher keeps and watches: its feed shows
// its newest matches, and every write that adds or updates a matching
// article records the match (and, with a webhook, posts it).
type SavedSearch struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Query Query  `json:"query"`
	// Webhook, when set, receives each new match as a signed JSON POST.
	Webhook string `json:"webhook,omitempty"`
	// Secret keys the webhook's HMAC-SHA256 signature; made when the
	// search is created, kept across updates.
	Secret  string    `json:"secret,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	// Seq is the cluster log's entry that last changed the search (in
	// cluster mode; 0 otherwise): a read given min_seq=Seq on any node
	// waits until that node has it.
	Seq uint64 `json:"seq,omitempty"`
}

// SearchOp says what a SearchWrite does.
type SearchOp string

const (
	SearchCreate SearchOp = "create"
	SearchUpdate SearchOp = "update"
	SearchDelete SearchOp = "delete"
)

// SearchWrite is one change to the saved searches. Every change goes
// through one method (SavedSearches.WriteSearch), so that a cluster can
// order them through its log as it orders article writes.
type SearchWrite struct {
	Op     SearchOp
	Search SavedSearch // ID names the search to update or delete
}

// A SearchHit is one match recorded for a saved search: an article that
// a write added or updated while it matched. Seq orders the hits of one
// search and is the cursor of GET /api/searches/{id}/new.
type SearchHit struct {
	Seq     uint64    `json:"seq"`
	Article string    `json:"article"`
	At      time.Time `json:"at"` // when the match was recorded
	// Title and URL are the article's, as it is now, when read back.
	Title string `json:"title,omitempty"`
	URL   string `json:"url,omitempty"`
}

// SavedSearches keeps the saved searches and what they matched.
type SavedSearches interface {
	// WriteSearch creates, updates or deletes a saved search, refusing a
	// query that does not parse, and returns the search as stored.
	WriteSearch(ctx context.Context, w SearchWrite) (SavedSearch, error)
	// SavedSearch returns one search, or an error with code ENOTFOUND.
	SavedSearch(id string) (SavedSearch, error)
	// ListSearches returns every saved search, oldest first.
	ListSearches() ([]SavedSearch, error)
	// SearchHits returns at most limit of a search's hits after cursor
	// since, oldest first.
	SearchHits(id string, since uint64, limit int) ([]SearchHit, error)
	// LatestHits returns at most limit of a search's newest hits, newest
	// first.
	LatestHits(id string, limit int) ([]SearchHit, error)
}
