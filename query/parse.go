package query

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
)

// Limits checked before and while parsing, so that a hostile query is
// refused quickly instead of expanding inside Bleve.
const (
	MaxQueryBytes = 1024
	MaxDepth      = 20
	MaxClauses    = 256
	// MaxExpanding caps the prefix and fuzzy words of one query: each may
	// expand to search.MaxExpansions words, and Bleve holds a searcher for every
	// one of them (140 prefixes in a 1 KB query took 800 MB).
	MaxExpanding = 8
	MaxFuzziness = 2
	minPrefix    = 2
	minFuzzy     = 3
)

// Fields a query may name: the facet fields, which take a value, and
// title, which takes a word, phrase or group to find in the title.
var queryFields = []string{"country", "commodity", "source", "lang", "title", "about"}

// Parse parses newsfind query syntax: words (all must match), "phrases",
// -exclusion, OR, parentheses, field:value and trailing * prefixes. An
// empty query gives a nil Node, meaning every article.
func Parse(s string) (Node, error) {
	if len(s) > MaxQueryBytes {
		return nil, newsfind.LimitErrorf(newsfind.ETOOLARGE, "max_query_bytes", "query is %d bytes; the limit is %d (max_query_bytes)", len(s), MaxQueryBytes)
	}
	return parse(s)
}

// parse is Parse without the size limit, which guards the server, not
// the syntax: a query's String can be a few bytes longer than its text
// ("(a b)(c d)" prints as "(a b) (c d)"), and the round trip must not fail
// on that.
func parse(s string) (Node, error) {
	if !utf8.ValidString(s) {
		return nil, newsfind.Errorf(newsfind.EINVALID, "query is not valid UTF-8")
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, src: s}
	if len(toks) == 0 {
		return nil, nil
	}
	n, err := p.and(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == tRParen {
			return nil, p.errAt(t.pos, `unbalanced ")": no "(" before it`)
		}
		return nil, p.errAt(t.pos, "unexpected %s", t.describe())
	}
	if p.expanding > MaxExpanding {
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_expanding_words",
			"query has %d prefix or fuzzy words; the limit is %d (max_expanding_words)", p.expanding, MaxExpanding)
	}
	if p.clauses > MaxClauses {
		return nil, newsfind.LimitErrorf(newsfind.ETOOLARGE, "max_clauses", "query has %d terms; the limit is %d (max_clauses)", p.clauses, MaxClauses)
	}
	return n, nil
}

func syntaxError(src string, pos int, format string, args ...any) *newsfind.Error {
	col := utf8.RuneCountInString(src[:pos]) + 1
	return newsfind.Errorf(newsfind.EINVALID, "syntax error at position %d: %s", col, fmt.Sprintf(format, args...))
}

type parser struct {
	toks      []token
	src       string
	i         int
	clauses   int
	expanding int // prefix and fuzzy words
}

func (p *parser) errAt(pos int, format string, args ...any) error {
	return syntaxError(p.src, pos, format, args...)
}

// limitAt is errAt for a query over one of the limits, which it names.
func (p *parser) limitAt(pos int, limit, format string, args ...any) error {
	e := syntaxError(p.src, pos, format, args...)
	e.Limit = limit
	return e
}

func (p *parser) peek() (token, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return token{}, false
}

// and := or (["AND"] or)*
//
// OR binds tighter than AND, implied or written, as web search engines
// read a query: "grain OR wheat embargo" is "(grain OR wheat) embargo",
// and "a AND b OR c" is "a (b OR c)". An explicit AND is the implied one
// spelled out, so it binds no differently.
func (p *parser) and(depth int) (Node, error) {
	if depth > MaxDepth {
		return nil, newsfind.LimitErrorf(newsfind.EINVALID, "max_depth", "query nests parentheses deeper than %d (max_depth)", MaxDepth)
	}
	var a And
	for {
		t, ok := p.peek()
		if !ok || t.kind == tRParen {
			break
		}
		if t.kind == tOr {
			return nil, p.errAt(t.pos, "expected a term before OR")
		}
		if t.kind == tAnd {
			if len(a.Must)+len(a.Not) == 0 {
				return nil, p.errAt(t.pos, "AND needs a term before it")
			}
			p.i++
			if nt, ok := p.peek(); !ok || nt.kind == tRParen || nt.kind == tOr || nt.kind == tAnd {
				return nil, p.errAt(t.pos, "AND needs a term after it")
			}
			continue
		}
		n, neg, err := p.or(depth)
		if err != nil {
			return nil, err
		}
		if neg {
			a.Not = append(a.Not, n)
		} else {
			a.Must = append(a.Must, n)
		}
	}
	if len(a.Must)+len(a.Not) == 0 {
		if t, ok := p.peek(); ok {
			return nil, p.errAt(t.pos, "expected a term before %s", t.describe())
		}
		return nil, p.errAt(len(p.src), "expected a term at the end of the query")
	}
	if len(a.Must) == 1 && len(a.Not) == 0 {
		return a.Must[0], nil
	}
	return a, nil
}

// or := unary ("OR" unary)*
//
// A lone operand comes back with neg set when it was excluded, for the
// AND around it; under OR an excluded operand is an And of its own
// ("a OR -b": a, or anything without b).
func (p *parser) or(depth int) (n Node, neg bool, err error) {
	first, neg, err := p.unary(depth)
	if err != nil {
		return nil, false, err
	}
	if t, ok := p.peek(); !ok || t.kind != tOr {
		return first, neg, nil
	}
	nodes := []Node{excluded(first, neg)}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tOr {
			break
		}
		p.i++
		if nt, ok := p.peek(); !ok || nt.kind == tRParen || nt.kind == tOr || nt.kind == tAnd {
			return nil, false, p.errAt(t.pos, "OR needs a term after it")
		}
		n, neg, err := p.unary(depth)
		if err != nil {
			return nil, false, err
		}
		nodes = append(nodes, excluded(n, neg))
	}
	return Or{Any: nodes}, false, nil
}

func excluded(n Node, neg bool) Node {
	if neg {
		return And{Not: []Node{n}}
	}
	return n
}

// unary := ["-" | "NOT"] primary
func (p *parser) unary(depth int) (Node, bool, error) {
	t, _ := p.peek()
	neg := false
	if t.kind == tNot {
		neg = true
		p.i++
		if nt, ok := p.peek(); !ok || nt.kind == tRParen || nt.kind == tOr || nt.kind == tAnd || nt.kind == tNot {
			return nil, false, p.errAt(t.pos, "%s needs a term after it", t.describe())
		}
	}
	n, err := p.primary(depth)
	return n, neg, err
}

func (p *parser) primary(depth int) (Node, error) {
	t := p.toks[p.i]
	p.i++
	switch t.kind {
	case tLParen:
		if nt, ok := p.peek(); ok && nt.kind == tRParen {
			return nil, p.errAt(t.pos, "empty parentheses")
		}
		if _, ok := p.peek(); !ok {
			return nil, p.errAt(t.pos, `unbalanced "(": add a ")"`)
		}
		n, err := p.and(depth + 1)
		if err != nil {
			return nil, err
		}
		if nt, ok := p.peek(); !ok || nt.kind != tRParen {
			return nil, p.errAt(t.pos, `unbalanced "(": add a ")"`)
		}
		p.i++
		return n, nil
	case tRParen:
		return nil, p.errAt(t.pos, `unbalanced ")": no "(" before it`)
	case tPhrase:
		p.clauses++
		if strings.TrimSpace(t.text) == "" {
			return nil, p.errAt(t.pos, "empty phrase")
		}
		return p.near(Phrase{Text: t.text, Slop: t.n, Pos: t.pos}, t)
	case tNear:
		return nil, p.errAt(t.pos, "%s needs a word or quoted phrase before it", t.text)
	case tWord:
		p.clauses++
		if nt, ok := p.peek(); ok && nt.kind == tLParen && nt.pos == t.pos+len(t.text) && strings.EqualFold(t.text, "title:") {
			p.clauses-- // the group's terms count
			q, err := p.primary(depth)
			if err != nil {
				return nil, err
			}
			return Title{Q: q, Pos: t.pos}, nil
		}
		n, err := p.word(t)
		if err != nil {
			return nil, err
		}
		return p.near(n, t)
	}
	return nil, p.errAt(t.pos, "unexpected %s", t.describe())
}

func (p *parser) word(t token) (Node, error) {
	w := t.text
	if name, value, ok := strings.Cut(w, ":"); ok && name != "" && isLetters(name) && value != "" {
		if !isFieldName(name) {
			return nil, p.errAt(t.pos, "unknown field %q; fields are %s", name, strings.Join(queryFields, ", "))
		}
		if strings.EqualFold(name, "title") {
			return p.title(t, len(name)+1)
		}
		if strings.Contains(value, `"~`) || strings.Contains(value, `”~`) {
			return nil, p.errAt(t.pos, "only a phrase takes ~N, not the value of %s:", name)
		}
		value = strings.Trim(value, "\"“”")
		if value == "" {
			return nil, p.errAt(t.pos, "field %s: needs a value", name)
		}
		return Field{Name: strings.ToLower(name), Value: value, Pos: t.pos}, nil
	}
	if i := strings.LastIndexByte(w, '~'); i > 0 && !strings.Contains(w, "*") {
		return p.fuzzy(t, w[:i], w[i+1:])
	}
	// Only "*" is a wildcard: "?" ends questions pasted from headlines.
	if strings.Contains(w, "*") {
		stem := strings.TrimSuffix(w, "*")
		if strings.Contains(stem, "*") {
			return nil, p.limitAt(t.pos, "leading_wildcard", "wildcards are only allowed at the end of a word (%q)", w)
		}
		if utf8.RuneCountInString(stem) < minPrefix {
			return nil, p.limitAt(t.pos, "min_prefix_length", "a prefix needs at least %d letters before \"*\" (%q, min_prefix_length)", minPrefix, w)
		}
		p.expanding++
		return Word{Text: stem, Prefix: true, Pos: t.pos}, nil
	}
	return Word{Text: w, Pos: t.pos}, nil
}

// title reads title:word and title:"phrase", the value starting at byte
// at of the token; title:(group) is read in primary.
func (p *parser) title(t token, at int) (Node, error) {
	v := token{kind: tWord, text: t.text[at:], pos: t.pos + at}
	var q Node
	if r, _ := utf8.DecodeRuneInString(v.text); r == '"' || r == '“' || r == '”' {
		text, slop := v.text, 0
		if i := strings.LastIndex(text, "~"); i > 0 && strings.ContainsAny(text[i-1:i], "\"”") {
			// The lexer has checked the suffix.
			slop, _ = distance(p.src, v.pos+i, text[i+1:])
			text = text[:i]
		}
		text = strings.Trim(text, "\"“”")
		if strings.TrimSpace(text) == "" {
			return nil, p.errAt(v.pos, "empty phrase")
		}
		q = Phrase{Text: text, Slop: slop, Pos: v.pos}
	} else {
		var err error
		if q, err = p.word(v); err != nil {
			return nil, err
		}
	}
	return Title{Q: q, Pos: t.pos}, nil
}

// fuzzy reads word~ or word~N: the word within N edits (1 by default). N
// is capped because each edit multiplies the terms the query expands to.
func (p *parser) fuzzy(t token, word, dist string) (Node, error) {
	n := 1
	if dist != "" {
		if len(dist) != 1 || dist[0] < '0' || dist[0] > '9' {
			return nil, p.errAt(t.pos, "fuzzy search is word~ or word~N with N of 1 or 2 (%q)", t.text)
		}
		n = int(dist[0] - '0')
	}
	if n > MaxFuzziness {
		return nil, p.limitAt(t.pos, "max_fuzziness", "fuzzy edit distance %d is over the limit of %d (%q, max_fuzziness)", n, MaxFuzziness, t.text)
	}
	if utf8.RuneCountInString(word) < minFuzzy {
		return nil, p.limitAt(t.pos, "min_fuzzy_length", "fuzzy search needs a word of at least %d letters (%q, min_fuzzy_length)", minFuzzy, t.text)
	}
	p.expanding++
	return Word{Text: word, Fuzzy: n, Pos: t.pos}, nil
}

func isLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// near reads the rest of a chain "first NEAR/n b NEAR/m c", if one
// follows first (token t). NEAR binds tighter than OR and AND: it joins
// the words beside it, which is what "oil NEAR/5 price OR cost" reads as.
func (p *parser) near(first Node, t token) (Node, error) {
	if nt, ok := p.peek(); !ok || nt.kind != tNear {
		return first, nil
	}
	if err := p.nearOperand(first, t); err != nil {
		return nil, err
	}
	n := Near{Terms: []Node{first}, Pos: t.pos}
	for {
		op, ok := p.peek()
		if !ok || op.kind != tNear {
			return n, nil
		}
		p.i++
		next, ok := p.peek()
		if !ok || next.kind != tWord && next.kind != tPhrase {
			return nil, p.errAt(op.pos, "%s needs a word or quoted phrase after it", op.text)
		}
		p.i++
		p.clauses++
		var m Node = Phrase{Text: next.text, Slop: next.n, Pos: next.pos}
		if next.kind == tWord {
			var err error
			if m, err = p.word(next); err != nil {
				return nil, err
			}
		} else if strings.TrimSpace(next.text) == "" {
			return nil, p.errAt(next.pos, "empty phrase")
		}
		if err := p.nearOperand(m, next); err != nil {
			return nil, err
		}
		n.Terms = append(n.Terms, m)
		n.Dist = append(n.Dist, op.n)
	}
}

// nearOperand refuses what NEAR cannot join: its walk lines up the
// positions of plain terms, which a prefix, fuzzy word, field or
// sloppy phrase does not have one of.
func (p *parser) nearOperand(n Node, t token) error {
	switch n := n.(type) {
	case Word:
		if !n.Prefix && n.Fuzzy == 0 {
			return nil
		}
	case Phrase:
		if n.Slop == 0 {
			return nil
		}
	}
	return p.errAt(t.pos, "NEAR joins plain words and quoted phrases, not %s", n.String())
}
