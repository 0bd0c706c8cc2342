package search

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/newsfind/newsfind"
)

// termCounts counts, per stem and per pair of adjacent stems, how many of
// the sample's passages have it, and the forms it is written in. Passages
// are the unit because the index's document frequencies, the background,
// count passages.
type termCounts struct {
	skip     map[string]bool                     // the query's stems
	stems    map[termAnalyzers]map[string]string // per analyzer, form -> stem ("" for a stop word)
	shared   *stemCache                          // the stems earlier answers worked out
	fresh    []stemmed                           // the stems this one worked out, for shared
	words    map[string]*termStat
	pairs    map[[2]string]*termStat // keyed by the two stems: no string built per pair
	passages int
}

type termStat struct {
	stems []string // one, or two for a pair
	count int      // passages with it
	last  int      // the passage counted last, so each counts once
	forms writtenAs
	// shouted are forms from passages with no lower-case letter (wire
	// headlines): "GRINDINGS" is shown only when no other form is seen.
	shouted writtenAs
}

func newTermCounts(skip map[string]bool, shared *stemCache) *termCounts {
	return &termCounts{skip: skip, shared: shared, words: map[string]*termStat{}, pairs: map[[2]string]*termStat{}, stems: map[termAnalyzers]map[string]string{}}
}

func (st *termStat) see(passage int, form string, shouted bool) {
	if st.last != passage {
		st.count++
		st.last = passage
	}
	if shouted {
		st.shouted.add(form)
	} else {
		st.forms.add(form)
	}
}

// form is the form people read: the one the sample uses most, ties to
// the first in order.
func (st *termStat) form() string {
	if st.forms.n == 0 {
		return st.shouted.best()
	}
	return st.forms.best()
}

// writtenAs counts the forms a term is written in. Most of a sample's
// words and pairs are written one way only (and most are seen once), so
// the first form is kept inline and a map made only for a second: a map
// per term was a fifth of counting a sample.
type writtenAs struct {
	one  string // the first form seen
	n    int    // uses of every form
	many map[string]int
}

func (f *writtenAs) add(form string) {
	switch {
	case f.many != nil:
		f.many[form]++
	case f.n > 0 && form != f.one:
		f.many = map[string]int{f.one: f.n, form: 1}
	}
	f.one = cmp.Or(f.one, form)
	f.n++
}

func (f *writtenAs) best() string {
	if f.many == nil {
		return f.one
	}
	best, n := "", 0
	for form, k := range f.many {
		if k > n || k == n && form < best {
			best, n = form, k
		}
	}
	return best
}

// passage counts one passage's words and pairs of adjacent words. Stop
// words (gone from the analysis, their place left empty), numbers and the
// query's words break a pair, as does anything but a space or a hyphen
// between two words: "cocoa, coffee" is no phrase.
func (c *termCounts) passage(a termAnalyzers, text string) {
	c.passages++
	id := c.passages
	shouted := !hasLower(text)
	type word struct {
		stem, form string
		pos, end   int
		ok         bool
	}
	stems := c.stems[a]
	if stems == nil {
		stems = map[string]string{}
		c.stems[a] = stems
	}
	var prev word
	for _, tok := range a.forms.Analyze([]byte(text)) {
		stem, seen := stems[string(tok.Term)]
		if !seen {
			stem = c.stem(a, string(tok.Term))
			stems[string(tok.Term)] = stem
		}
		if stem == "" {
			prev = word{}
			continue // a stop word: its place stays empty, as in the index
		}
		w := word{stem: stem, pos: tok.Position, end: tok.End}
		w.ok = c.keep(w.stem) && tok.Start >= 0 && tok.End <= len(text) && tok.Start < tok.End
		if w.ok {
			w.form = trimPossessive(text[tok.Start:tok.End])
			// The tokenizer leaves a dotted acronym's last dot: "U.S." not "U.S".
			if strings.Contains(w.form, ".") && tok.End < len(text) && text[tok.End] == '.' {
				w.form += "."
			}
			c.word(w.stem).see(id, w.form, shouted)
			if prev.ok && w.pos == prev.pos+1 && prev.end <= tok.Start {
				if gap := text[prev.end:tok.Start]; gap == "-" || isSpace(gap) {
					sep := " "
					if gap == "-" {
						sep = "-"
					}
					st := c.pair(prev.stem, w.stem)
					st.see(id, prev.form+sep+w.form, shouted)
				}
			}
		}
		prev = w
	}
}

// termAnalyzers are the analyzers a passage was indexed with. The forms
// analyzer is the text analyzer without its stop words and stemmer (the
// same tokens at the same positions), so a passage is cut once by the
// forms analyzer and each different form stemmed once: a sample has ~20k
// words but a few thousand forms.
type termAnalyzers struct{ text, forms analysis.Analyzer }

// stem is what the text analyzer makes of one form: its stem, or "" for
// a stop word.
func (a termAnalyzers) stem(form []byte) string {
	toks := a.text.Analyze(form)
	if len(toks) != 1 {
		return ""
	}
	return string(toks[0].Term)
}

// stem is a form's stem from the shared cache, else from the analyzer.
func (c *termCounts) stem(a termAnalyzers, form string) string {
	if s, ok := c.shared.get(a.text, form); ok {
		return s
	}
	s := a.stem([]byte(form))
	c.fresh = append(c.fresh, stemmed{key: stemKey{a.text, form}, stem: s})
	return s
}

func (c *termCounts) word(stem string) *termStat {
	st := c.words[stem]
	if st == nil {
		st = &termStat{stems: []string{stem}}
		c.words[stem] = st
	}
	return st
}

func (c *termCounts) pair(a, b string) *termStat {
	st := c.pairs[[2]string{a, b}]
	if st == nil {
		st = &termStat{stems: []string{a, b}}
		c.pairs[[2]string{a, b}] = st
	}
	return st
}

// keep reports whether a stem may be a term: not the query's, not a
// number or a code with digits, not a single letter.
func (c *termCounts) keep(stem string) bool {
	if c.skip[stem] || utf8.RuneCountInString(stem) < 2 {
		return false
	}
	letters := false
	for _, r := range stem {
		if unicode.IsDigit(r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// termsMinCount is how many of the sample's passages a term needs: G²
// rates a word seen twice in a small sample highly, but twice is chance.
func termsMinCount(passages int) int {
	if passages < 200 {
		return 2
	}
	return 3
}

// candidate is a term whose score is known or bounded.
type candidate struct {
	st       *termStat
	bound    float64 // its score were the background its sample count alone
	score    float64
	bg       int
	pair     bool
	subsumed bool
}

// best scores the candidates against the background and returns the size
// best. A term's score is bounded above by its score with no passage
// outside the sample having it, so candidates are taken in order of that
// bound and the look-ups stop once it falls below the size-th score
// found: most of a sample's words are never looked up.
//
// A pair of words is chosen on the background of its rarer word, which
// bounds the phrase's from above: a dictionary look-up, where the phrase's
// own count is a phrase search (a few ms each at ×9). The bound can only
// understate how distinctive a pair is; the pairs chosen are then counted
// exactly, and scored and shown with their own background.
func (c *termCounts) best(ctx context.Context, bg *background, size int) ([]newsfind.Term, error) {
	n, total := c.passages, bg.passages
	if total < n {
		total = n // a snapshot older than the sample's articles
	}
	minCount := termsMinCount(n)
	var cands []candidate
	add := func(st *termStat) {
		if st.count >= minCount {
			cands = append(cands, candidate{st: st, pair: len(st.stems) == 2, bound: g2(st.count, n, st.count, total)})
		}
	}
	for _, st := range c.words {
		add(st)
	}
	for _, st := range c.pairs {
		add(st)
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if d := cmp.Compare(b.bound, a.bound); d != 0 {
			return d
		}
		return strings.Compare(strings.Join(a.st.stems, " "), strings.Join(b.st.stems, " "))
	})
	df := map[string]int{}
	word := func(stem string) (int, error) {
		if k, ok := df[stem]; ok {
			return k, nil
		}
		k, err := bg.word(ctx, stem)
		df[stem] = k
		return k, err
	}
	// over reports whether a term in a of the sample's passages and bg of
	// the collection's is commoner in the sample than in the rest.
	over := func(a, bg int) bool {
		rest, restN := max(bg, a)-a, total-n
		// A sample that is the whole collection sets nothing apart.
		return restN > 0 && float64(a)/float64(n) > float64(rest)/float64(restN)
	}
	// Keep more than asked: a word is dropped below when a kept phrase
	// holds most of its uses.
	keep := 2 * size
	var top []candidate // best first
	for _, cd := range cands {
		if len(top) == keep && cd.bound <= top[keep-1].score || cd.bound < g2Significant {
			break
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if cd.pair {
			// Both words must stand out themselves: "delegates said" is
			// "delegates" and a word every story has.
			// Nor may either be in more than a tenth of all passages: a
			// word that common ("said") tells nothing of a phrase.
			cd.bg = total
			for _, stem := range cd.st.stems {
				k, err := word(stem)
				if err != nil {
					return nil, err
				}
				if w := c.words[stem]; w == nil || !over(w.count, k) || 10*k > total {
					cd.bg = -1
					break
				}
				cd.bg = min(cd.bg, k)
			}
			if cd.bg < 0 {
				continue
			}
		} else {
			var err error
			if cd.bg, err = word(cd.st.stems[0]); err != nil {
				return nil, err
			}
		}
		cd.bg = max(cd.bg, cd.st.count) // the sample is in the collection
		if !over(cd.st.count, cd.bg) {
			continue
		}
		cd.score = g2(cd.st.count, n, cd.bg, total)
		if cd.score < g2Significant {
			continue
		}
		top = insertByScore(top, cd, keep)
	}
	// A word whose uses are mostly inside a kept phrase ("ivory" in
	// "Ivory Coast") says nothing the phrase does not.
	for i := range top {
		for _, p := range top {
			if p.pair && !top[i].pair && slices.Contains(p.st.stems, top[i].st.stems[0]) && 5*p.st.count >= 4*top[i].st.count {
				top[i].subsumed = true
			}
		}
	}
	var shown []candidate
	for _, cd := range top {
		if cd.subsumed || len(shown) == size {
			continue
		}
		if cd.pair {
			k, err := bg.phrase(ctx, cd.st.stems)
			if err != nil {
				return nil, err
			}
			cd.bg = max(k, cd.st.count)
			cd.score = g2(cd.st.count, n, cd.bg, total)
		}
		shown = insertByScore(shown, cd, size)
	}
	out := make([]newsfind.Term, len(shown))
	for i, cd := range shown {
		out[i] = newsfind.Term{Term: cd.st.form(), Score: math.Round(cd.score*100) / 100, Count: cd.st.count, Background: cd.bg}
	}
	return out, nil
}

// insertByScore puts cd into top, best first, keeping at most keep.
func insertByScore(top []candidate, cd candidate, keep int) []candidate {
	i, _ := slices.BinarySearchFunc(top, cd.score, func(t candidate, s float64) int { return cmp.Compare(s, t.score) })
	top = slices.Insert(top, i, cd)
	if len(top) > keep {
		top = top[:keep]
	}
	return top
}

// g2Significant is the least score a term is answered with: G² is
// chi-square distributed with one degree of freedom, and 3.84 is its 95th
// percentile. In a large collection every term shown is far above it; in
// a small one it keeps "over-represented by one passage" out.
const g2Significant = 3.84

// g2 is Dunning's log-likelihood ratio for a term in a of the sample's n
// passages and in bg of the collection's total (the sample's among
// them): the 2×2 table of sample and rest by with and without the term.
// It is sound for the small counts a sample has, where chi-square
// overstates rare words, and 0 when the sample is like the rest.
func g2(a, n, bg, total int) float64 {
	b := n - a
	c := bg - a
	d := (total - n) - c
	if c < 0 || d < 0 || b < 0 {
		return 0
	}
	xlx := func(x int) float64 {
		if x <= 0 {
			return 0
		}
		f := float64(x)
		return f * math.Log(f)
	}
	g := xlx(a) + xlx(b) + xlx(c) + xlx(d) - xlx(a+b) - xlx(c+d) - xlx(a+c) - xlx(b+d) + xlx(a+b+c+d)
	return math.Max(0, 2*g)
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func isSpace(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// trimPossessive shows "ICCO's" as "ICCO", as the analysis stems it.
func trimPossessive(form string) string {
	for _, s := range []string{"'s", "’s", "'S", "’S"} {
		if strings.HasSuffix(form, s) && len(form) > len(s) {
			return form[:len(form)-len(s)]
		}
	}
	return form
}
