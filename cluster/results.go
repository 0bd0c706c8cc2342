package cluster

import "github.com/newsfind/newsfind"

// results keeps what applying the last entries did (an add's status, a
// delete's found ids), for the writers waiting on them: a writer learns
// its entry's number from the acknowledgement, which may come after the
// node applied it, so the results are kept by number for a while rather
// than handed to waiters registered beforehand.
type results struct {
	ring []result
}

// resultsKept covers the entries a burst of writes logs while their
// writers wait: a few full requests.
const resultsKept = 1 << 16

type result struct {
	seq     uint64
	status  string   // an add's: created, updated or unchanged
	found   []string // a delete's
	search  newsfind.SavedSearch
	refused error // a saved-search write's, when it changed nothing
}

func newResults() results { return results{ring: make([]result, resultsKept)} }

func (r *results) put(seq uint64, res result) {
	res.seq = seq
	r.ring[seq%resultsKept] = res
}

// get returns the result of entry seq, if still kept.
func (r *results) get(seq uint64) (result, bool) {
	res := r.ring[seq%resultsKept]
	return res, res.seq == seq
}
