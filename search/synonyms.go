package search

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"

	nfquery "github.com/newsfind/newsfind/query"
)

//go:embed data/synonyms.txt
var builtinSynonyms string

// maxSynonymWords bounds the run of typed words tried as one form: no
// form in news is longer, and it keeps the scan linear in the query.
const maxSynonymWords = 6

// synonyms maps the analysed form of each member of a group (its terms
// joined by spaces) to the group. Keys are analysed so that a query
// matches a form however it is cased, inflected or hyphenated, as the
// text itself was indexed.
type synonyms struct {
	analyzer analysis.Analyzer
	groups   map[string]*synGroup
}

// synGroup holds one form per analysed key, the first spelling given.
type synGroup struct {
	keys  []string
	forms []string
}

func newSynonyms(a analysis.Analyzer) *synonyms {
	return &synonyms{analyzer: a, groups: map[string]*synGroup{}}
}

// key is a form as the index sees it; "" when only stop words are left.
func (s *synonyms) key(form string) string {
	toks := s.analyzer.Analyze([]byte(form))
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = string(t.Term)
	}
	return strings.Join(terms, " ")
}

// read adds the groups of a synonyms file. A group that shares a form
// with one already read is merged into it, so an operator's line extends
// a built-in group rather than splitting it.
func (s *synonyms) read(r io.Reader, name string) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		parts := strings.Split(text, "|")
		if len(parts) < 2 {
			return fmt.Errorf("%s:%d: a group needs at least two forms separated by \"|\": %q", name, line, strings.TrimSpace(text))
		}
		var g *synGroup
		var forms, keys []string
		for _, p := range parts {
			p = strings.TrimSpace(p)
			if p == "" {
				return fmt.Errorf("%s:%d: an empty form (two \"|\" in a row, or one at an end)", name, line)
			}
			k := s.key(p)
			if k == "" {
				return fmt.Errorf("%s:%d: %q has only common words, which are not indexed", name, line, p)
			}
			forms, keys = append(forms, p), append(keys, k)
			if g == nil {
				g = s.groups[k]
			}
		}
		if g == nil {
			g = &synGroup{}
		}
		for i, k := range keys {
			if old, ok := s.groups[k]; ok && old != g {
				return fmt.Errorf("%s:%d: %q is already in the group of %q", name, line, forms[i], old.forms[0])
			}
			if _, ok := s.groups[k]; !ok {
				g.keys, g.forms = append(g.keys, k), append(g.forms, forms[i])
				s.groups[k] = g
			}
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// expand replaces each unquoted word, and each run of unquoted words
// side by side in an AND, that is a form of a group by an OR of the
// group's forms (a form of several words as a phrase), the typed form
// first. Quoted phrases, prefixes and fuzzy words are searched as typed.
// It reports whether anything changed, and whether a form was left as
// typed because its group would take the query past max_clauses: the
// parser's bound on terms must hold for the query as searched too, or a
// query at the limit could be searched with five times as many.
func (s *synonyms) expand(n nfquery.Node) (_ nfquery.Node, changed, capped bool) {
	if s == nil || len(s.groups) == 0 {
		return n, false, false
	}
	terms := 0
	nfquery.Visit(n, func(m nfquery.Node) bool {
		switch m := m.(type) {
		case nfquery.Word, nfquery.Phrase, nfquery.Field:
			terms++
		case nfquery.Near:
			terms += len(m.Terms)
		}
		return true
	})
	// fits says whether an OR of alt for used typed words keeps the
	// query within the bound, and counts it in.
	fits := func(alt nfquery.Node, used int) bool {
		extra := len(alt.(nfquery.Or).Any) - used
		if terms+extra > nfquery.MaxClauses {
			capped = true
			return false
		}
		terms += extra
		return true
	}
	var walk func(nfquery.Node) nfquery.Node
	walk = func(n nfquery.Node) nfquery.Node {
		switch m := n.(type) {
		case nfquery.Word:
			if or, ok := s.alternatives([]nfquery.Word{m}); ok && fits(or, 1) {
				changed = true
				return or
			}
		case nfquery.And:
			out := nfquery.And{}
			for i := 0; i < len(m.Must); {
				if or, used := s.longestRun(m.Must[i:]); used > 0 && fits(or, used) {
					changed = true
					out.Must = append(out.Must, or)
					i += used
					continue
				}
				out.Must = append(out.Must, walk(m.Must[i]))
				i++
			}
			for _, x := range m.Not {
				out.Not = append(out.Not, walk(x))
			}
			return out
		case nfquery.Or:
			out := nfquery.Or{}
			for _, x := range m.Any {
				out.Any = append(out.Any, walk(x))
			}
			return out
		case nfquery.Title:
			return nfquery.Title{Q: walk(m.Q), Pos: m.Pos}
		}
		return n
	}
	out := walk(n)
	return out, changed, capped
}

// longestRun tries the longest run of plain words at the start of ns
// that is a form; it returns the OR and how many nodes it stands for.
func (s *synonyms) longestRun(ns []nfquery.Node) (nfquery.Node, int) {
	var words []nfquery.Word
	for _, n := range ns {
		w, ok := n.(nfquery.Word)
		if !ok || !plain(w) || len(words) == maxSynonymWords {
			break
		}
		words = append(words, w)
	}
	for l := len(words); l > 0; l-- {
		if or, ok := s.alternatives(words[:l]); ok {
			return or, l
		}
	}
	return nil, 0
}

func plain(w nfquery.Word) bool { return !w.Prefix && w.Fuzzy == 0 }

func (s *synonyms) alternatives(words []nfquery.Word) (nfquery.Node, bool) {
	if len(words) == 1 && !plain(words[0]) {
		return nil, false
	}
	texts := make([]string, len(words))
	for i, w := range words {
		texts[i] = w.Text
	}
	// A run starting with a common word ("the United States") is left
	// to the run after it, so the word stays where it was typed.
	if len(words) > 1 && s.key(words[0].Text) == "" {
		return nil, false
	}
	typed := strings.Join(texts, " ")
	k := s.key(typed)
	g, ok := s.groups[k]
	if !ok {
		return nil, false
	}
	alt := []nfquery.Node{form(typed, words[0].Pos)}
	for i, f := range g.forms {
		if g.keys[i] != k {
			alt = append(alt, form(f, words[0].Pos))
		}
	}
	return nfquery.Or{Any: alt}, true
}

// form is a synonym as a query node: a word, or a phrase when it has
// spaces (the analyzer makes "rare-earth" a phrase by itself).
func form(f string, pos int) nfquery.Node {
	if strings.ContainsFunc(f, func(r rune) bool { return r == ' ' }) {
		return nfquery.Phrase{Text: f, Pos: pos, Stemmed: true}
	}
	return nfquery.Word{Text: f, Pos: pos}
}
