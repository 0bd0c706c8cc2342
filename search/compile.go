package search

import (
	"slices"
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
	// forms is the index's forms analyzer, nil when the index has no
	// forms field (built before it): quoted text then matches stems, and
	// prefix and fuzzy words the stemmed terms, as they used to.
	forms analysis.Analyzer
	// langs are the other languages the catalog has articles in: each
	// text leaf is also compiled with their analyzers and kept to their
	// articles, and the English leaf to the rest.
	langs  []langAnalyzers
	values *values
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
// A word or phrase is matched in each language's own terms (langs).
func (c *compiler) Leaf(n nfquery.Node) (query.Query, error) {
	switch n.(type) {
	case nfquery.Word, nfquery.Phrase, nfquery.Near:
		if len(c.langs) > 0 {
			return c.inLanguages(n)
		}
	}
	return c.leaf(n)
}

// inLanguages compiles a text leaf once per language, each kept to the
// passages of its language; English also takes those of unknown language.
// A leaf that is a common word in one of them is not searched in any:
// "die Zölle" must find the German article, where "die" is not indexed,
// and an AND cannot be neutral in one language only.
func (c *compiler) inLanguages(n nfquery.Node) (query.Query, error) {
	en, err := c.leaf(n)
	if err != nil || en == nil {
		return nil, err
	}
	var alts, others []query.Query
	for _, l := range c.langs {
		lc := &compiler{analyzer: l.text, forms: l.forms, values: c.values, walk: c.walk}
		if c.forms == nil {
			lc.forms = nil // an index without forms, as for English
		}
		q, err := lc.leaf(n)
		if err != nil {
			return nil, err
		}
		c.usedPhrase = c.usedPhrase || lc.usedPhrase
		if q == nil {
			c.dropped = append(c.dropped, n.String())
			return nil, nil
		}
		t := query.NewTermQuery(l.lang)
		t.SetField(index.FieldLang)
		t.SetBoost(0)
		others = append(others, t)
		alts = append(alts, and([]query.Query{q, t}, nil))
	}
	alts = append([]query.Query{and([]query.Query{en}, others)}, alts...)
	return query.NewDisjunctionQuery(alts), nil
}

// langAnalyzers are one language's analyzers for the text and forms fields.
type langAnalyzers struct {
	lang        string // the analysis language, a primary subtag ("de")
	text, forms analysis.Analyzer
}

func (c *compiler) leaf(n nfquery.Node) (query.Query, error) {
	switch n := n.(type) {
	case nfquery.Word:
		if len(n.Forms) > 0 {
			return &formsQuery{forms: n.Forms, analyzer: c.analyzer}, nil
		}
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
		var q query.Query
		if n.Slop > 0 {
			q = c.sloppy(n)
		} else {
			q = c.leafText(n, n.Text)
		}
		if q == nil || n.Stemmed || c.forms == nil {
			return q, nil
		}
		if ps := pairs(c.analyzer, c.forms, n.Text); ps != nil {
			q = &exactQuery{q: q, forms: ps}
		}
		return q, nil
	case nfquery.Near:
		return c.near(n), nil
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

// op is text analyzed as the passages were: one term, or a phrase of
// terms at offsets from the first; no terms for stop words.
func (c *compiler) op(s string) proxOp {
	var op proxOp
	toks := c.analyzer.Analyze([]byte(s))
	for _, t := range toks {
		op.terms = append(op.terms, string(t.Term))
		op.offsets = append(op.offsets, uint64(t.Position-toks[0].Position))
	}
	return op
}

// sloppy compiles "a b"~N; a phrase of one term has nothing to be out of
// place.
func (c *compiler) sloppy(n nfquery.Phrase) query.Query {
	op := c.op(n.Text)
	if len(op.terms) < 2 {
		return c.leafText(n, n.Text)
	}
	return &proxQuery{ops: []proxOp{op}, sloppy: true, slop: n.Slop}
}

// near compiles a NEAR chain. A stop word in it is not indexed, so it
// drops out, and its neighbours must be within both distances and the
// word itself of each other ("oil NEAR/2 the NEAR/3 price" is oil
// NEAR/6 price).
func (c *compiler) near(n nfquery.Near) query.Query {
	var ops []proxOp
	var texts []nfquery.Node
	var dist []int
	between := slices.Clone(n.Dist) // the tree is compiled more than once
	for i, t := range n.Terms {
		op := c.op(leafString(t))
		if len(op.terms) == 0 {
			c.dropped = append(c.dropped, t.String())
			if i > 0 && i < len(between) && len(ops) > 0 {
				between[i] += between[i-1] + 1
			}
			continue
		}
		if len(ops) > 0 {
			dist = append(dist, between[i-1])
		}
		ops = append(ops, op)
		texts = append(texts, t)
	}
	switch len(ops) {
	case 0:
		return nil
	case 1:
		return c.text(leafString(texts[0]))
	}
	return &proxQuery{ops: ops, dist: dist}
}

func leafString(n nfquery.Node) string {
	switch n := n.(type) {
	case nfquery.Phrase:
		return n.Text
	case nfquery.Word:
		return n.Text
	}
	return n.String()
}
