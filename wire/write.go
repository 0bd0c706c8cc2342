package wire

import "github.com/newsfind/newsfind"

// WriteAnswer is the POST /api/articles answer: each article's outcome by
// its position in the request, and their count by status. It comes with
// 200 when every article was valid, 400 when any was not.
type WriteAnswer struct {
	Results []newsfind.Outcome `json:"results"`
	newsfind.Tally
	// Seq is the last of the articles' sequence numbers in a cluster's
	// log, for a search's min_seq=; absent from a single process.
	Seq uint64 `json:"seq,omitempty"`
}

// NewWriteAnswer counts outs.
func NewWriteAnswer(outs []newsfind.Outcome) WriteAnswer {
	a := WriteAnswer{Results: outs}
	for _, o := range outs {
		a.Add(o)
		a.Seq = max(a.Seq, o.Seq)
	}
	return a
}

// DeleteRequest is the POST /api/delete body: the ids of the articles to
// remove, at most 10,000 (max_delete_ids).
type DeleteRequest struct {
	IDs []string `json:"ids"`
}

// DeleteAnswer is the answer of DELETE /api/articles/{id} and POST
// /api/delete: the ids removed, in the order asked, unknown ones left out.
type DeleteAnswer struct {
	Deleted []string `json:"deleted"`
	// Seq is the delete's sequence number in a cluster's log: a read
	// given min_seq=Seq waits until its node has applied the delete.
	Seq uint64 `json:"seq,omitempty"`
}

// ReindexAnswer is the answer of POST and GET /api/reindex: 202 when a
// rebuild was started, 409 when one was already running, 200 on GET.
type ReindexAnswer = newsfind.ReindexStatus

// StatusAnswer is the answer of the probes, /healthz ("ok") and /readyz
// ("ready").
type StatusAnswer struct {
	Status string `json:"status"`
}

// FeedsAnswer is the GET /api/feeds answer.
type FeedsAnswer struct {
	Feeds []newsfind.FeedStatus `json:"feeds"`
}
