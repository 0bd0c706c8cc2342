package search

import (
	"context"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	nfquery "github.com/newsfind/newsfind/query"
)

// scopeOf reads a query's scope; the empty scope is the default.
func scopeOf(s newsfind.Scope) (newsfind.Scope, error) {
	switch s {
	case "":
		return newsfind.DefaultScope, nil
	case newsfind.ScopeArticle, newsfind.ScopePassage:
		return s, nil
	}
	return "", newsfind.Errorf(newsfind.EINVALID, "unknown scope %q: use article or passage", s)
}

// scopePlan is what article scope adds to a plan: the query's leaves, each
// a Bleve query over passages, and the boolean tree over them. tree is nil
// when the query reads the same per article as per passage (one leaf, or
// leaves under OR only), so that such a query costs what it did.
type scopePlan struct {
	tree     *scopeNode
	leaves   []query.Query // for the walk
	positive []bool        // by leaf: under an even number of NOTs
	counted  []bool        // by leaf: its passages count as the article's matched ones
	universe bool          // some AND has only exclusions: it starts from every article
	unmarked bool          // no leaf is counted (-oil): every passage of a hit matches
}

// scopeNode is a node of the boolean tree of leaves. An Or keeps its
// alternatives in must.
type scopeNode struct {
	leaf      int // index into scopePlan.leaves; -1 for And and Or
	and       bool
	must, not []*scopeNode
}

// planScope prepares article scope for a query's tree, if it needs it, and
// marks hits by every positive leaf: an article may match with its words
// in different passages, and each of them is worth showing.
func (s *Service) planScope(p *plan, node nfquery.Node) error {
	if p.q.Scope != newsfind.ScopeArticle || node == nil {
		return nil
	}
	b := &scopeBuilder{walk: &compiler{analyzer: s.analyzer, forms: p.forms, same: p.same, values: s.values, walk: true},
		mark: &compiler{analyzer: s.analyzer, forms: p.forms, same: p.same, values: s.values}}
	tree, err := nfquery.Fold[*scopeNode](node, b)
	if err != nil {
		return err
	}
	// Each other language's tree, its leaves kept to its articles: an
	// article is matched by English's tree or by its language's.
	trees := []*scopeNode{tree}
	for _, l := range p.langs {
		b.walk = &compiler{analyzer: l.text, forms: p.formsOf(l), same: p.same, values: s.values, walk: true}
		b.mark = &compiler{analyzer: l.text, forms: p.formsOf(l), same: p.same, values: s.values}
		b.only = langTerm(l.lang)
		t, err := nfquery.Fold[*scopeNode](node, b)
		if err != nil {
			return err
		}
		trees = append(trees, t)
	}
	if trees = dropNilNodes(trees); len(trees) > 1 {
		tree = &scopeNode{leaf: -1, must: trees}
	} else if len(trees) == 1 {
		tree = trees[0]
	}
	if tree == nil || !tree.combines() {
		return nil
	}
	sp := scopePlan{tree: tree, leaves: b.leaves, positive: make([]bool, len(b.leaves))}
	var marks []query.Query
	var polarity func(n *scopeNode, pos bool)
	polarity = func(n *scopeNode, pos bool) {
		if n.leaf >= 0 {
			sp.positive[n.leaf] = sp.positive[n.leaf] || pos
			return
		}
		if n.and && len(n.must) == 0 {
			sp.universe = true
		}
		for _, m := range n.must {
			polarity(m, pos)
		}
		for _, m := range n.not {
			polarity(m, !pos)
		}
	}
	polarity(tree, true)
	// A facet field holds in every passage of an article: its passages
	// say nothing of where the query matched, unless nothing else does.
	sp.counted = make([]bool, len(sp.positive))
	text := false
	for i, pos := range sp.positive {
		sp.counted[i] = pos && !b.fields[i]
		text = text || sp.counted[i]
	}
	if !text {
		copy(sp.counted, sp.positive)
	}
	sp.unmarked = !slices.Contains(sp.counted, true)
	for i, c := range sp.counted {
		if c {
			marks = append(marks, b.marks[i])
		}
	}
	p.scopePlan = sp
	switch len(marks) {
	case 0:
	case 1:
		p.mark = marks[0]
	default:
		p.mark = query.NewDisjunctionQuery(marks)
	}
	return nil
}

// combines reports whether the tree joins leaves with AND or NOT, the only
// operators that read differently per article: OR is a union either way.
func (n *scopeNode) combines() bool {
	if n.leaf >= 0 {
		return false
	}
	if n.and && (len(n.must) > 1 || len(n.not) > 0) {
		return true
	}
	for _, m := range n.must {
		if m.combines() {
			return true
		}
	}
	return false
}

// scopeBuilder folds a query into a scopeNode tree, compiling each leaf
// twice: for the walk and for marking. Stop words drop out as they do in
// compile.
type scopeBuilder struct {
	walk, mark *compiler
	only       query.Query // a filter every leaf is kept to (a language); nil: none
	leaves     []query.Query
	marks      []query.Query
	fields     []bool // by leaf: a facet field, true of every passage of its articles
}

func (b *scopeBuilder) Leaf(n nfquery.Node) (*scopeNode, error) {
	w, err := b.walk.Leaf(n)
	if err != nil || w == nil {
		return nil, err
	}
	m, err := b.mark.Leaf(n)
	if err != nil {
		return nil, err
	}
	if b.only != nil {
		w, m = and([]query.Query{w, b.only}, nil), and([]query.Query{m, b.only}, nil)
	}
	b.leaves = append(b.leaves, w)
	b.marks = append(b.marks, m)
	_, field := n.(nfquery.Field)
	b.fields = append(b.fields, field)
	return &scopeNode{leaf: len(b.leaves) - 1}, nil
}

func (b *scopeBuilder) And(must, not []*scopeNode) *scopeNode {
	must, not = dropNilNodes(must), dropNilNodes(not)
	switch {
	case len(must) == 0 && len(not) == 0:
		return nil
	case len(must) == 1 && len(not) == 0:
		return must[0]
	}
	return &scopeNode{leaf: -1, and: true, must: must, not: not}
}

func (b *scopeBuilder) Or(alts []*scopeNode) *scopeNode {
	alts = dropNilNodes(alts)
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return &scopeNode{leaf: -1, must: alts}
}

func dropNilNodes(ns []*scopeNode) []*scopeNode {
	var out []*scopeNode
	for _, n := range ns {
		if n != nil {
			out = append(out, n)
		}
	}
	return out
}

// leafSets is what the walk of the leaves found, per catalog ordinal. A
// leaf keeps a bit per article, not a score: a query may have 256 leaves
// and a catalog a million articles.
type leafSets struct {
	present  [][]uint64 // by leaf: bit o set when the leaf matched in article o
	sum      []float64  // by ordinal: the scores of the positive leaves' passages, summed
	hits     []int32    // passages matching some counted leaf
	articles []int32    // ordinals with a positive leaf, in first-match order
	seen     []bool     // by ordinal: in articles
}

// leafPool keeps leafSets for reuse: their three catalog-long arrays cost
// what a match set's did (matchSets), and go back cleared over the
// ordinals a search touched.
type leafPool struct{ pool sync.Pool }

func (lp *leafPool) get(leaves, n int) *leafSets {
	ls, ok := lp.pool.Get().(*leafSets)
	if !ok || cap(ls.sum) < n {
		ls = &leafSets{sum: make([]float64, n), hits: make([]int32, n), seen: make([]bool, n)}
	}
	ls.sum, ls.hits, ls.seen = ls.sum[:n], ls.hits[:n], ls.seen[:n]
	ls.present = make([][]uint64, leaves)
	return ls
}

// put clears a set and keeps it; nothing may use it afterwards.
func (lp *leafPool) put(ls *leafSets) {
	// Only positive leaves write sum, hits and seen, and each ordinal
	// they write is in articles.
	for _, o := range ls.articles {
		ls.sum[o], ls.hits[o], ls.seen[o] = 0, 0, false
	}
	ls.articles, ls.present = ls.articles[:0], nil
	lp.pool.Put(ls)
}

// has reports whether leaf i matched somewhere in article o.
func (l *leafSets) has(i int, o int32) bool { return l.present[i][o>>6]&(1<<(o&63)) != 0 }

// eval reads the tree for one article: a leaf is true when it matched in
// any passage, AND is intersection, OR union, NOT difference.
func (n *scopeNode) eval(l *leafSets, o int32) bool {
	if n.leaf >= 0 {
		return l.has(n.leaf, o)
	}
	if n.and {
		for _, m := range n.not {
			if m.eval(l, o) {
				return false
			}
		}
		for _, m := range n.must {
			if !m.eval(l, o) {
				return false
			}
		}
		return true
	}
	for _, m := range n.must {
		if m.eval(l, o) {
			return true
		}
	}
	return false
}

// articleScope fills set with the articles that match the query per
// article. whole holds what the query matched per passage: an article with
// a passage that matches all of it keeps that passage's score, and every
// other ranks below all such, by the summed scores of its positive
// leaves' passages squeezed under the lowest of them, so that where the
// words meet in one passage comes first.
func (s *Service) articleScope(ctx context.Context, r bindex.IndexReader, p *plan, tune tuning, filters []query.Query,
	keep func(int32) bool, ords catalog.Ords, es []catalog.Entry, whole, set *matchSet) error {
	leaves := make([]query.Query, len(p.leaves))
	for i, l := range p.leaves {
		leaves[i] = and(append([]query.Query{l}, filters...), nil)
	}
	ls := s.leafSets.get(len(leaves), len(es))
	defer s.leafSets.put(ls)
	snap, bits := r.(*scorch.IndexSnapshot)
	var lb *leafBits
	if bits = bits && !tune.fullLeaves; bits {
		var err error
		if lb, err = markLeaves(ctx, s.columns, snap, s.mapping, p.leaves, leaves, filters, p.positive, ords, keep, ls); err != nil {
			return err
		}
	} else if err := walkLeaves(ctx, s.columns, r, s.mapping, leaves, tune.searcher(), p.positive, p.counted, ords, keep, ls); err != nil {
		return err
	}
	candidates := ls.articles
	if p.universe {
		candidates = nil
		for o := range es {
			if p.filter.matches(&es[o]) {
				candidates = append(candidates, int32(o))
			}
		}
	}
	var matched []int32
	floor := 0.0 // the lowest score of an article with a passage matching all
	hitsOf := func(o int32) int32 {
		if p.unmarked {
			// As a query of filters alone counts them (search).
			return int32(es[o].Passages)
		}
		return ls.hits[o]
	}
	for _, o := range candidates {
		if !p.tree.eval(ls, o) {
			continue
		}
		matched = append(matched, o)
		if whole.hits[o] > 0 {
			// Passages with only some of the words are left out of the
			// evidence: "product" in every paragraph of a company story
			// says nothing of "gross national product".
			whole.score[o] = articleScore(whole.score[o], whole.hits[o], whole.places[o])
			if floor == 0 || whole.score[o] < floor {
				floor = whole.score[o]
			}
		}
	}
	if floor == 0 {
		floor = 1
	}
	if lb != nil {
		// Only the matched articles' passages are counted, and scored
		// only where no passage has all the words.
		isMatched, need := make([]uint64, (len(es)+63)/64), make([]uint64, (len(es)+63)/64)
		for _, o := range matched {
			isMatched[o>>6] |= 1 << (o & 63)
			if whole.hits[o] == 0 {
				need[o>>6] |= 1 << (o & 63)
			}
		}
		n, err := lb.score(ctx, snap, s.mapping, leaves, p.positive, p.counted, isMatched, need, ls)
		s.columns.scored.Add(uint64(n))
		if err != nil {
			return err
		}
	}
	for _, o := range matched {
		score := whole.score[o]
		if whole.hits[o] == 0 {
			sum := ls.sum[o]
			score = roundScore(floor * sum / (sum + 1))
		}
		set.add(o, score, hitsOf(o), whole.places[o])
	}
	return nil
}

// walkLeaves walks the passages of every leaf, one leaf after another.
// An article's passages are not neighbours in the index (Bleve numbers a
// batch's documents in the order its analysis finishes), so an article's
// evidence is summed over all its matching passages rather than taken as
// each leaf's best, which would need a score per leaf and article: the
// sum is what a whole-article score would add up, and it does not depend
// on how the index was written. A bit per document counts a passage
// matched by several leaves once.
func walkLeaves(ctx context.Context, cc *columnCache, r bindex.IndexReader, m mapping.IndexMapping, leaves []query.Query, opts search.SearcherOptions,
	positive, counted []bool, ords catalog.Ords, keep func(int32) bool, ls *leafSets) error {
	cc.walks.Add(1)
	n := len(ls.sum)
	var ordOf func(bindex.IndexInternalID) (int32, place, error)
	var err error
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		ordOf, err = cc.ordinals(ctx, snap, ords)
	} else {
		ordOf, err = docValueOrdinals(r, ords)
	}
	if err != nil {
		return err
	}
	var counts []uint64 // bit per document: a passage already counted
	for i, q := range leaves {
		present := make([]uint64, (n+63)/64)
		ls.present[i] = present
		if err := walkLeaf(ctx, r, m, q, opts, func(dm *search.DocumentMatch) error {
			ord, _, err := ordOf(dm.IndexInternalID)
			if err != nil || ord < 0 || int(ord) >= n || (keep != nil && !keep(ord)) {
				return err
			}
			present[ord>>6] |= 1 << (ord & 63)
			if !positive[i] {
				return nil
			}
			ls.sum[ord] += roundScore(dm.Score)
			cc.scored.Add(1)
			if !ls.seen[ord] {
				ls.seen[ord] = true
				ls.articles = append(ls.articles, ord)
			}
			if counted[i] {
				d := dm.IndexInternalID.Value()
				if w := int(d >> 6); w >= len(counts) {
					counts = append(counts, make([]uint64, w+1-len(counts)+len(counts)/2)...)
				}
				if counts[d>>6]&(1<<(d&63)) == 0 {
					counts[d>>6] |= 1 << (d & 63)
					ls.hits[ord]++
				}
			}
			return nil
		}); err != nil {
			return err
		}
	}
	return nil
}

// walkLeaf calls visit with every passage a leaf matches.
func walkLeaf(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, q query.Query, opts search.SearcherOptions, visit func(*search.DocumentMatch) error) error {
	s, err := q.Searcher(ctx, r, m, opts)
	if err != nil {
		return err
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	for steps := 1; ; steps++ {
		if steps&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil || dm == nil {
			return err
		}
		if err := visit(dm); err != nil {
			return err
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}
