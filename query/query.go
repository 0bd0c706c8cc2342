package query

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/newsfind/newsfind"
)

// Node is a parsed query. Its String is query syntax that parses back to
// the same tree (positions aside), so a rewritten query can be shown to
// the user or logged as something they could have typed.
type Node interface {
	String() string
	node()
}

// Word is a bare word; Prefix when it ended in "*", Fuzzy the edit
// distance when it ended in "~N".
type Word struct {
	Text   string
	Prefix bool
	Fuzzy  int
	Pos    int // byte offset in the query text, for error messages
	// Forms are the words as written in the index that a Prefix or
	// Fuzzy word matches, when the searcher has looked them up: such a
	// word matches forms, not stems. The parser leaves it nil.
	Forms []string
}

// Phrase is a quoted phrase; with Slop, "a b"~N, its words may stand
// further apart or out of order, as in Lucene: the positions' total
// distance from the phrase's layout is at most Slop (a swap costs 2).
type Phrase struct {
	Text string
	Slop int
	Pos  int
	// Stemmed is set on phrases the query did not quote, such as a
	// synonym's form of several words: they match stems, as unquoted
	// words do, where quoted text matches word forms exactly.
	Stemmed bool
}

// Near is a chain a NEAR/n b NEAR/m c: each pair of neighbours in Terms
// (plain words or exact phrases) within Dist of them words of each other,
// in either order, in one passage.
type Near struct {
	Terms []Node
	Dist  []int // len(Terms)-1
	Pos   int
}

// Field restricts a facet field: country:KZ, source:"TRT World".
type Field struct {
	Name, Value string
	Pos         int
}

// Title requires Q to match in an article's title (its passage 0):
// title:cocoa, title:"rare earth", title:(cocoa OR coffee).
type Title struct {
	Q   Node
	Pos int
}

// And matches passages that match all of Must and none of Not.
type And struct {
	Must, Not []Node
}

// Or matches passages that match any of its nodes.
type Or struct{ Any []Node }

func (Word) node()   {}
func (Phrase) node() {}
func (Near) node()   {}
func (Field) node()  {}
func (Title) node()  {}
func (And) node()    {}
func (Or) node()     {}

func (w Word) String() string {
	switch {
	case w.Prefix:
		return w.Text + "*"
	case w.Fuzzy == 1:
		return w.Text + "~"
	case w.Fuzzy > 1:
		return w.Text + "~" + strconv.Itoa(w.Fuzzy)
	case strings.LastIndexByte(w.Text, '~') > 0:
		// Only "abc~~0" parses to a plain word with a "~" inside; printed
		// bare, "abc~" would come back fuzzy.
		return w.Text + "~0"
	case w.Text == "AND" || w.Text == "NOT" || w.Text == "NEAR":
		// "AND~0" is the word; printed bare it would be the operator.
		return w.Text + "~0"
	}
	return w.Text
}

// String uses straight quotes whatever the query had: the parser takes
// “curly” ones as the same phrase.
func (p Phrase) String() string {
	if p.Slop > 0 {
		return `"` + p.Text + `"~` + strconv.Itoa(p.Slop)
	}
	return `"` + p.Text + `"`
}

func (n Near) String() string {
	var b strings.Builder
	for i, t := range n.Terms {
		if i > 0 {
			b.WriteString(" NEAR/" + strconv.Itoa(n.Dist[i-1]) + " ")
		}
		b.WriteString(t.String())
	}
	return b.String()
}

func (f Field) String() string {
	if strings.ContainsFunc(f.Value, endsWord) {
		return f.Name + `:"` + f.Value + `"`
	}
	return f.Name + ":" + f.Value
}

func (t Title) String() string {
	// A chain's later words would fall outside title: without the group.
	if _, near := t.Q.(Near); isCompound(t.Q) || near {
		return "title:" + group(t.Q)
	}
	return "title:" + t.Q.String()
}

// endsWord reports whether the lexer ends a bare word at r.
func endsWord(r rune) bool {
	return unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' || r == '“' || r == '”'
}

func (a And) String() string {
	var parts []string
	for _, n := range a.Must {
		if isCompound(n) {
			parts = append(parts, group(n))
		} else {
			parts = append(parts, n.String())
		}
	}
	for _, n := range a.Not {
		s := n.String()
		switch {
		case isCompound(n):
			parts = append(parts, "-"+group(n))
		case strings.HasPrefix(s, "-"):
			// "--x" is a word, not NOT "-x": the lexer reads "-" as NOT
			// only before something other than a space or another "-".
			parts = append(parts, "NOT "+s)
		default:
			parts = append(parts, "-"+s)
		}
	}
	return strings.Join(parts, " ")
}

func (o Or) String() string {
	parts := make([]string, len(o.Any))
	for i, n := range o.Any {
		// OR binds tighter than AND, so an And under OR needs parentheses,
		// and a nested Or too to stay one node; a lone exclusion reads
		// back as one without ("a OR -b").
		if a, ok := n.(And); ok && len(a.Must) == 0 && len(a.Not) == 1 {
			parts[i] = a.String()
		} else if isCompound(n) {
			parts[i] = group(n)
		} else {
			parts[i] = n.String()
		}
	}
	return strings.Join(parts, " OR ")
}

func isCompound(n Node) bool {
	switch n.(type) {
	case And, Or:
		return true
	}
	return false
}

// group parenthesises n. A trailing "-" gets a space before ")", which it
// would otherwise read as NOT.
func group(n Node) string {
	s := n.String()
	if strings.HasSuffix(s, "-") {
		s += " "
	}
	return "(" + s + ")"
}

// Visit calls f for n and, while f returns true, for the nodes under it,
// parents before children, Must before Not.
func Visit(n Node, f func(Node) bool) {
	if n == nil || !f(n) {
		return
	}
	switch n := n.(type) {
	case And:
		for _, m := range n.Must {
			Visit(m, f)
		}
		for _, m := range n.Not {
			Visit(m, f)
		}
	case Or:
		for _, m := range n.Any {
			Visit(m, f)
		}
	case Title:
		Visit(n.Q, f)
	}
}

// Map rebuilds n from the leaves up: the children of an And or Or are
// mapped first, then f gets the node holding the new children and returns
// what takes its place (the node itself to keep it). n is not modified.
func Map(n Node, f func(Node) Node) Node {
	switch m := n.(type) {
	case And:
		n = And{Must: mapAll(m.Must, f), Not: mapAll(m.Not, f)}
	case Or:
		n = Or{Any: mapAll(m.Any, f)}
	case Title:
		n = Title{Q: Map(m.Q, f), Pos: m.Pos}
	}
	return f(n)
}

func mapAll(ns []Node, f func(Node) Node) []Node {
	if ns == nil {
		return nil // keeps a mapped tree DeepEqual to one parsed
	}
	out := make([]Node, len(ns))
	for i, n := range ns {
		out[i] = Map(n, f)
	}
	return out
}

// A Folder turns a tree into one value from the leaves up, for Fold. It is
// how search compiles a query to Bleve and bench's baseline to plain
// Bleve: each says what a leaf is and how to combine, and the walk is
// written once.
type Folder[T any] interface {
	// Leaf is called for each Word, Phrase, Near, Field and Title. A
	// Near, like a phrase, is matched within one passage. A Title is
	// one leaf, matched within one passage (the title) whatever the
	// group under it; a folder folds its Q itself.
	Leaf(n Node) (T, error)
	// And combines the values of an And's Must and Not nodes, in order.
	And(must, not []T) T
	// Or combines the values of an Or's nodes, in order.
	Or(nodes []T) T
}

// Fold walks n depth first, left to right, and returns what f makes of
// it; the first error from a leaf stops the walk.
func Fold[T any](n Node, f Folder[T]) (T, error) {
	switch n := n.(type) {
	case Word, Phrase, Near, Field, Title:
		return f.Leaf(n)
	case And:
		must, err := foldAll(n.Must, f)
		if err != nil {
			var zero T
			return zero, err
		}
		not, err := foldAll(n.Not, f)
		if err != nil {
			var zero T
			return zero, err
		}
		return f.And(must, not), nil
	case Or:
		nodes, err := foldAll(n.Any, f)
		if err != nil {
			var zero T
			return zero, err
		}
		return f.Or(nodes), nil
	}
	var zero T
	return zero, newsfind.Errorf(newsfind.EINTERNAL, "unknown query node %T", n)
}

func foldAll[T any](ns []Node, f Folder[T]) ([]T, error) {
	var out []T
	for _, n := range ns {
		v, err := Fold(n, f)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
