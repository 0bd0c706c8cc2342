package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"
	bindex "github.com/blevesearch/bleve_index_api"
)

// memIndexType is scorch analysing on a queue of its own, passed in its
// config under memQueueKey. Bleve gives every index one process-wide
// queue of four workers: a percolation pass's analysis would spread over
// every core beside the writes, and the writes' analysis would wait
// behind it.
const (
	memIndexType = "newsfind-scorch-own-queue"
	memQueueKey  = "newsfind_analysis_queue"
)

func init() {
	// Registered once, as Bleve registers its own index types.
	err := registry.RegisterIndexType(memIndexType, func(store string, cfg map[string]any, shared *bindex.AnalysisQueue) (bindex.Index, error) {
		if own, ok := cfg[memQueueKey].(*bindex.AnalysisQueue); ok {
			shared = own
		}
		return scorch.NewScorch(store, cfg, shared)
	})
	if err != nil {
		panic(err)
	}
}

// OpenMem returns an index held in memory only (scorch with no path),
// for a few documents at a time: the articles of one commit, matched
// against the saved searches. It analyses on one goroutine of its own,
// so that writing to it takes one core, whatever the writes to the index
// on disk are doing. Close frees it.
func OpenMem() (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	q := bindex.NewAnalysisQueue(1)
	b, err := bleve.NewUsing("", m, memIndexType, scorch.Name, map[string]any{memQueueKey: q})
	if err != nil {
		q.Close()
		return nil, err
	}
	return &Index{bleve: b, shared: &sharedAnalysis{mapping: b.Mapping()}, queue: q}, nil
}
