package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// OpenMem returns an index held in memory only (scorch with no path),
// for a few documents at a time: the articles of one commit, matched
// against the saved searches. Close frees it.
func OpenMem() (*Index, error) {
	m, err := NewMapping()
	if err != nil {
		return nil, err
	}
	b, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	return &Index{bleve: b, shared: &sharedAnalysis{mapping: b.Mapping()}}, nil
}
