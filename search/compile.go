package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
)

// compiler turns a parsed query into a Bleve query over passage documents.
type compiler struct {
	analyzer analysis.Analyzer
	values   *values
	// walk compiles phrases for the walk over every match (phraseQuery),
	// which reports no locations; a query for marking hits is compiled
	// without it.
	walk       bool
	usedPhrase bool
}

// compile returns nil for a node that can match nothing searchable (a
// stop word alone): the caller treats it as neutral in an AND.
func (c *compiler) compile(n Node) (query.Query, error) {
	switch n := n.(type) {
	case Word:
		if n.Prefix {
			q := query.NewPrefixQuery(strings.ToLower(n.Text))
			q.SetField(index.FieldText)
			return q, nil
		}
		if n.Fuzzy > 0 {
			q := query.NewFuzzyQuery(strings.ToLower(n.Text))
			q.SetFuzziness(n.Fuzzy)
			q.SetField(index.FieldText)
			return q, nil
		}
		return c.text(n.Text), nil
	case Phrase:
		return c.text(n.Text), nil
	case Field:
		return c.values.fieldQuery(n.Name, n.Value)
	case Or:
		var qs []query.Query
		for _, sub := range n.Any {
			q, err := c.compile(sub)
			if err != nil {
				return nil, err
			}
			if q != nil {
				qs = append(qs, q)
			}
		}
		if len(qs) == 0 {
			return nil, nil
		}
		return query.NewDisjunctionQuery(qs), nil
	case And:
		var must, not []query.Query
		for _, sub := range n.Must {
			q, err := c.compile(sub)
			if err != nil {
				return nil, err
			}
			if q != nil {
				must = append(must, q)
			}
		}
		for _, sub := range n.Not {
			q, err := c.compile(sub)
			if err != nil {
				return nil, err
			}
			if q != nil {
				not = append(not, q)
			}
		}
		return and(must, not), nil
	}
	return nil, newsfind.Errorf(newsfind.EINTERNAL, "unknown query node %T", n)
}

// and combines queries that must and must not match.
func and(must, not []query.Query) query.Query {
	if len(must) == 0 && len(not) == 0 {
		return nil
	}
	if len(not) == 0 && len(must) == 1 {
		return must[0]
	}
	b := query.NewBooleanQuery(nil, nil, nil)
	if len(must) == 0 {
		// Bleve's boolean query with only exclusions matches nothing.
		must = []query.Query{query.NewMatchAllQuery()}
	}
	b.AddMust(must...)
	b.AddMustNot(not...)
	return b
}

// text matches a word or phrase through the passage analyzer, so a query
// token is cut the way the text was: "rare-earth" and "C5+1" become
// phrases of their parts, "tariffs" the stem "tariff", "U.S." the acronym.
func (c *compiler) text(s string) query.Query {
	toks := c.analyzer.Analyze([]byte(s))
	switch len(toks) {
	case 0:
		return nil
	case 1:
		q := query.NewTermQuery(string(toks[0].Term))
		q.SetField(index.FieldText)
		return q
	}
	if c.walk {
		c.usedPhrase = true
		pq := &phraseQuery{}
		for _, t := range toks {
			pq.terms = append(pq.terms, string(t.Term))
			pq.offsets = append(pq.offsets, uint64(t.Position-toks[0].Position))
		}
		return pq
	}
	q := query.NewMatchPhraseQuery(s)
	q.SetField(index.FieldText)
	q.Analyzer = index.TextAnalyzer
	return q
}
