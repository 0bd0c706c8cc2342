package newsfind

import "time"

// ReindexStatus is the state of the running or last index rebuild.
type ReindexStatus struct {
	Running  bool      `json:"running"`
	Done     int       `json:"done"`
	Total    int       `json:"total"`
	Started  time.Time `json:"started,omitzero"`
	Finished time.Time `json:"finished,omitzero"`
	Error    string    `json:"error,omitempty"`
}

// Reindexer rebuilds the index from the stored articles in the background,
// one rebuild at a time.
type Reindexer interface {
	// StartReindex begins a rebuild unless one is running, and returns
	// the status either way.
	StartReindex() (ReindexStatus, bool)
	ReindexStatus() ReindexStatus
}
