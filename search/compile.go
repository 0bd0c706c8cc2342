package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/index"
	nfquery "github.com/newsfind/newsfind/query"
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
	// dropped are the words and phrases that compiled to nothing, as
	// typed, for the answer's warnings.
	dropped []string
}

// compile returns nil for a node that can match nothing searchable (a
// stop word alone): the caller treats it as neutral in an AND.
func (c *compiler) compile(n nfquery.Node) (query.Query, error) {
	return nfquery.Fold[query.Query](n, c)
}

// Leaf is a Word, Phrase or Field as a Bleve query; nil for stop words.
func (c *compiler) Leaf(n nfquery.Node) (query.Query, error) {
	switch n := n.(type) {
	case nfquery.Word:
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
		return c.leafText(n, n.Text), nil
	case nfquery.Phrase:
		return c.leafText(n, n.Text), nil
	case nfquery.Field:
		return c.values.fieldQuery(n.Name, n.Value)
	case nfquery.Title:
		q, err := c.compile(n.Q)
		if q == nil || err != nil {
			return q, err
		}
		t := query.NewBoolFieldQuery(true)
		t.SetField(index.FieldTitle)
		return query.NewConjunctionQuery([]query.Query{q, t}), nil
	}
	return nil, newsfind.Errorf(newsfind.EINTERNAL, "unknown query node %T", n)
}

// And drops the nodes that compiled to nothing (stop words).
func (c *compiler) And(must, not []query.Query) query.Query {
	return and(dropNil(must), dropNil(not))
}

// Or drops the nodes that compiled to nothing; with none left, so is it.
func (c *compiler) Or(qs []query.Query) query.Query {
	qs = dropNil(qs)
	if len(qs) == 0 {
		return nil
	}
	return query.NewDisjunctionQuery(qs)
}

func dropNil(qs []query.Query) []query.Query {
	var out []query.Query
	for _, q := range qs {
		if q != nil {
			out = append(out, q)
		}
	}
	return out
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

func (c *compiler) leafText(n nfquery.Node, s string) query.Query {
	q := c.text(s)
	if q == nil {
		c.dropped = append(c.dropped, n.String())
	}
	return q
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
