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
	forms  analysis.Analyzer
	same   *formCounts // shared by the compilers of one search
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

// langAnalyzers are one language's analyzers for the text and forms fields.
type langAnalyzers struct {
	lang        string // the analysis language, a primary subtag ("de")
	text, forms analysis.Analyzer
}

// Leaf is a Word, Phrase or Field as a Bleve query; nil for stop words.
func (c *compiler) Leaf(n nfquery.Node) (query.Query, error) {
	switch n := n.(type) {
	case nfquery.Word:
		if len(n.Forms) > 0 {
			return &formsQuery{forms: n.Forms, analyzer: c.analyzer, same: c.same, sparse: isSparse(c.forms)}, nil
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
		if n.Stemmed || c.forms == nil {
			return c.stemmed(n), nil
		}
		return c.exact(n), nil
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

// stemmed compiles a phrase that matches stems: unquoted words that make
// a phrase (a synonym's), and quoted text on an index without forms.
func (c *compiler) stemmed(n nfquery.Phrase) query.Query {
	if n.Slop > 0 {
		return c.sloppy(n, c.op(n.Text))
	}
	return c.leafText(n, n.Text)
}

// exact compiles quoted text: its forms in order at adjacent positions
// ("oil price" is not "oil prices … price", nor "bank of england" "bank
// in england"), or within its slop. A quoted word is its stem kept to the
// passages holding its form, which needs no positions; so is a phrase on
// an index that keeps none (postingsOnly), as exactly as that can be.
func (c *compiler) exact(n nfquery.Phrase) query.Query {
	op := proxOp{exactSlots(c.analyzer, c.forms, n.Text)}
	_, old := c.forms.(postingsOnly)
	if len(op.slots) == 0 || old || len(op.slots) == 1 {
		var q query.Query
		if n.Slop > 0 {
			q = c.sloppy(n, c.op(n.Text))
		} else {
			q = c.leafText(n, n.Text)
		}
		if ps := pairs(c.analyzer, c.forms, n.Text); q != nil && ps != nil {
			q = &exactQuery{q: q, forms: ps, same: c.same, sparse: isSparse(c.forms)}
		}
		return q
	}
	if !op.stems() { // stop words alone are not searched, quoted or not
		c.dropped = append(c.dropped, n.String())
		return nil
	}
	return &proxQuery{ops: []proxOp{op}, sloppy: n.Slop > 0, slop: n.Slop, same: c.same}
}

// op is text analyzed as the passages were: one stem, or a phrase of
// stems at offsets from the first; none for stop words.
func (c *compiler) op(s string) proxOp {
	var op proxOp
	toks := c.analyzer.Analyze([]byte(s))
	for _, t := range toks {
		op.slots = append(op.slots, slot{stem: string(t.Term), off: uint64(t.Position - toks[0].Position)})
	}
	return op
}

// nearOp is a NEAR chain's term: a quoted phrase matches its forms, as it
// does alone, a word its stems.
func (c *compiler) nearOp(t nfquery.Node) proxOp {
	if p, ok := t.(nfquery.Phrase); ok && !p.Stemmed && c.forms != nil {
		if _, old := c.forms.(postingsOnly); !old {
			if slots := exactSlots(c.analyzer, c.forms, p.Text); slots != nil {
				return proxOp{slots}
			}
		}
	}
	return c.op(leafString(t))
}

// sloppy compiles "a b"~N; a phrase of one word has nothing to be out of
// place.
func (c *compiler) sloppy(n nfquery.Phrase, op proxOp) query.Query {
	if len(op.slots) < 2 {
		return c.leafText(n, n.Text)
	}
	return &proxQuery{ops: []proxOp{op}, sloppy: true, slop: n.Slop, same: c.same}
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
		op := c.nearOp(t)
		if !op.stems() {
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
		q, _ := c.Leaf(texts[0]) // a word or a phrase: no error
		return q
	}
	return &proxQuery{ops: ops, dist: dist, same: c.same}
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
