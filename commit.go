package newsfind

// A Commit is what one write changed, handed to those who follow the
// corpus (saved-search alerts, a replica's checks) after it is stored
// and indexed, outside the engine's write lock, in the order writes were
// applied.
type Commit struct {
	// Seq numbers the commits of one open engine: 1, 2, … with no gap,
	// so a follower can tell it missed none.
	Seq uint64
	// Changed are the articles created or updated, as the catalog has
	// them: tags, about tags and story id included. An article sent
	// again unchanged is not here.
	Changed []Summary
	// Documents are the Changed articles as indexed (passages, tags), in
	// the same order: what saved searches are matched against.
	Documents []Document
	// Deleted are the ids of the articles deleted.
	Deleted []string
}

// A CommitFollower is told of every commit after it subscribes, in order.
// It is called on one goroutine; a slow one delays the next commit's
// delivery (never a write), so a follower with real work queues it.
type CommitFollower func(Commit)
