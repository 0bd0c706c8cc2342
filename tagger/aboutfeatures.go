package tagger

import (
	"math"
	"slices"
	"strings"
)

// The about model's features, made once in two ways: named (CommodityFeatures,
// what training reads and the model file writes) and scored (what indexing
// runs on every article), where each feature is a 64-bit FNV-1a hash of its
// name, folded in piece by piece from constants and the text's bytes, and
// its weight is looked up by that hash. Scoring therefore builds no strings:
// before, derive.Prepare made some 30 more allocations per article for the
// model than without it. One function emits both, so the two cannot drift.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// featureHash is the hash a named feature is scored by.
func featureHash(name string) uint64 { return fnvString(fnvOffset, name) }

// hashWeights is the model's weights by featureHash.
func hashWeights(m *AboutModel) map[uint64]float64 {
	out := make(map[uint64]float64, len(m.Weights))
	for name, w := range m.Weights {
		out[featureHash(name)] += w
	}
	return out
}

// featureSink receives the features: it keeps their names when named is
// set, and otherwise adds their weights to z.
type featureSink struct {
	named   bool
	fs      []Feature
	z       float64
	weights map[uint64]float64
	hashes  []uint64 // scratch for one text's words
}

// on adds the feature whose name is the parts joined, with value v.
func (s *featureSink) on(v float64, parts ...string) {
	if s.named {
		s.fs = append(s.fs, Feature{strings.Join(parts, ""), v})
		return
	}
	h := uint64(fnvOffset)
	for _, p := range parts {
		h = fnvString(h, p)
	}
	s.z += s.weights[h] * v
}

// words adds a feature prefix+w for each distinct word w of text that the
// model reads: lower case, letters only, three letters or more, outside a
// ticker's "<...>" (a company's name).
func (s *featureSink) words(prefix, text string) {
	var seen map[string]bool
	if s.named {
		seen = map[string]bool{}
	}
	s.hashes = s.hashes[:0]
	start := fnvString(fnvOffset, prefix)
	n := 0 // letters of the word before text[i]
	inTicker := false
	for i := 0; i <= len(text); i++ {
		var c byte = ' '
		if i < len(text) {
			c = text[i]
		}
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			n++
			continue
		}
		if n >= 3 && !inTicker {
			w := singular(text[i-n : i])
			if s.named {
				if k := prefix + strings.ToLower(w); !seen[k] {
					seen[k] = true
					s.fs = append(s.fs, Feature{k, 1})
				}
			} else {
				h := start
				for k := 0; k < len(w); k++ {
					h = (h ^ uint64(w[k]|0x20)) * fnvPrime
				}
				s.hashes = append(s.hashes, h)
			}
		}
		n = 0
		if c == '<' {
			inTicker = true
		} else if c == '>' {
			inTicker = false
		}
	}
	if !s.named {
		slices.Sort(s.hashes)
		for i, h := range s.hashes {
			if i == 0 || h != s.hashes[i-1] {
				s.z += s.weights[h]
			}
		}
	}
}

// CommodityFeatures returns what the about model weighs for each commodity
// signal of at, which TagArticle made of a: one list per entry of
// at.Signals, nil for countries.
func (t *Tagger) CommodityFeatures(a Article, at *ArticleTags) [][]Feature {
	ctx := t.featureContext(a, at, true)
	out := make([][]Feature, len(at.Signals))
	for i := range at.Signals {
		if at.Signals[i].Commodity {
			sink := featureSink{named: true}
			t.commodityFeatures(&sink, &at.Signals[i], &ctx)
			out[i] = append(sink.fs, ctx.words...)
		}
	}
	return out
}

// commodityScore is the model's probability for one commodity signal.
func (t *Tagger) commodityScore(s *Signal, ctx *featureContext) float64 {
	sink := featureSink{weights: t.aboutWeights, hashes: ctx.hashes}
	t.commodityFeatures(&sink, s, ctx)
	ctx.hashes = sink.hashes
	z := t.aboutModel.Bias + sink.z + ctx.wordsZ
	return 1 / (1 + math.Exp(-z))
}

// featureContext is what the features know of the article beyond one
// signal.
type featureContext struct {
	kind        string
	commodities int // commodities named (signals)
	topCount    int // the most any commodity is named in the body
	titled      int // commodities the title names
	body        []string
	// The title's and the lead's words, the same for every commodity:
	// named (words) or their weights' sum (wordsZ).
	words  []Feature
	wordsZ float64
	hashes []uint64
}

func (t *Tagger) featureContext(a Article, at *ArticleTags, named bool) featureContext {
	c := featureContext{kind: at.Kind, body: a.Body}
	for _, s := range at.Signals {
		if s.Commodity {
			c.commodities++
			c.topCount = max(c.topCount, s.Count)
			if s.Title {
				c.titled++
			}
		}
	}
	sink := featureSink{named: named, weights: t.aboutWeights}
	if !named {
		// One scratch for every text's words: a passage rarely has more.
		sink.hashes = make([]uint64, 0, 256)
	}
	sink.words("t:", a.Title)
	if len(a.Body) > 0 {
		sink.words("l:", a.Body[0])
	}
	c.words, c.wordsZ, c.hashes = sink.fs, sink.z, sink.hashes
	return c
}

// Names of the count and position features, so that none is built per
// article.
var (
	countNames = [...]string{"count:0", "count:1", "count:2", "count:3-5", "count:3-5", "count:3-5", "count:6+"}
	firstNames = [...]string{"first:0", "first:1", "first:2-3", "first:2-3", "first:4+"}
)

// commodityFeatures are one commodity's: where and how often it is named,
// the rules that hold, the story's kind with each, the commodity itself and
// the words of the passage that first names it.
func (t *Tagger) commodityFeatures(sink *featureSink, s *Signal, c *featureContext) {
	kind := c.kind
	sink.on(1, "k:", kind)
	where := func(w string) {
		sink.on(1, w)
		sink.on(1, "k:", kind, "&", w)
	}
	where(countNames[min(s.Count, len(countNames)-1)])
	switch {
	case s.First < 0:
		where("first:none")
	default:
		where(firstNames[min(s.First, len(firstNames)-1)])
	}
	if s.Title {
		where("title")
	}
	if s.Lead {
		where("lead")
	}
	if s.Related > 0 {
		where("related")
	}
	if s.Listed {
		where("listed")
	}
	if s.Count > 0 && s.Count == c.topCount {
		where("most named")
	}
	// A title that names another commodity and not this one says what
	// the story is about: "EC APPROVES BARLEY EXPORTS" that go on to
	// name wheat. On folds 0-3, forward in time, fold 2 F1 0.851 ->
	// 0.856, fold 3 0.896 -> 0.900 (TestExploreVariants).
	if !s.Title && c.titled > 0 {
		sink.on(1, "another in title")
	}
	switch {
	case c.commodities == 1:
		sink.on(1, "commodities:1")
	case c.commodities == 2:
		sink.on(1, "commodities:2")
	default:
		sink.on(1, "commodities:3+")
	}
	sink.on(math.Log1p(float64(s.Count)), "log count")
	sink.on(s.Share, "share")
	for _, r := range s.Rules {
		sink.on(1, "rule:", r)
	}
	sink.on(1, "slug:", s.Value)
	if s.Title {
		sink.on(1, "slug:", s.Value, "&title")
	}
	if len(c.body) > 0 {
		sink.on(float64(s.Passages)/float64(len(c.body)), "passages share")
	}
	// How the commodity is first spoken of: "oil prices", "tonnes of
	// wheat" against "oil and gas reserves", "gold mine": the words
	// around it, and those of its passage.
	if s.First >= 0 && s.First < len(c.body) {
		sink.around("c:", s.Value, c.body[s.First], int(s.at[0]), int(s.at[1]))
		sink.words("p:", c.body[s.First])
	}
}

// aroundWords is how many words on each side of a naming around reads.
const aroundWords = 2

// around adds a feature prefix+w for each distinct word w (letters only,
// lower case) among the aroundWords words before text[start:end] and
// after it, within its clause: "tonnes of wheat", "wheat prices", "oil
// and gas reserves"; and prefix+w+"&"+slug, the word for this commodity
// alone: "reserves" beside gas is not what it is beside oil. The crossed
// words helped both forecasts on folds 0-3 with "another in title"
// (fold 2 F1 0.851 -> 0.858, fold 3 0.896 -> 0.900; TestExploreVariants).
func (s *featureSink) around(prefix, slug, text string, start, end int) {
	if start < 0 || end > len(text) || start > end {
		return
	}
	var spans [2 * aroundWords][2]int
	n := 0
	// Backwards from start.
	i := start
	for k := 0; k < aroundWords; k++ {
		for i > 0 && !isASCIILetter(text[i-1]) && !clauseEnd(text[i-1]) {
			i--
		}
		j := i
		for j > 0 && isASCIILetter(text[j-1]) {
			j--
		}
		if j == i {
			break
		}
		spans[n] = [2]int{j, i}
		n++
		i = j
	}
	i = end
	for k := 0; k < aroundWords; k++ {
		for i < len(text) && !isASCIILetter(text[i]) && !clauseEnd(text[i]) {
			i++
		}
		j := i
		for j < len(text) && isASCIILetter(text[j]) {
			j++
		}
		if j == i {
			break
		}
		spans[n] = [2]int{i, j}
		n++
		i = j
	}
next:
	for k := 0; k < n; k++ {
		w := singular(text[spans[k][0]:spans[k][1]])
		for _, p := range spans[:k] {
			if strings.EqualFold(singular(text[p[0]:p[1]]), w) {
				continue next
			}
		}
		if s.named {
			name := prefix + strings.ToLower(w)
			s.fs = append(s.fs, Feature{name, 1}, Feature{name + "&" + slug, 1})
			continue
		}
		h := fnvString(fnvOffset, prefix)
		for b := 0; b < len(w); b++ {
			h = (h ^ uint64(w[b]|0x20)) * fnvPrime
		}
		s.z += s.weights[h] + s.weights[fnvString(fnvString(h, "&"), slug)]
	}
}

// clauseEnd reports whether c ends the words around a naming.
func clauseEnd(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '(', ')', '"':
		return true
	}
	return false
}

// singular drops a plural's "s" ("prices", "tonnes", "exports"), so that
// one word's forms share a weight: fewer features, each seen more often.
func singular(w string) string {
	if n := len(w); n > 3 && (w[n-1] == 's' || w[n-1] == 'S') && w[n-2] != 's' && w[n-2] != 'S' {
		return w[:n-1]
	}
	return w
}
