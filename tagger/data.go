package tagger

import (
	_ "embed"
	"fmt"
	"sort"
	"strings"
)

// The country list itself (codes, English names, capitals) comes from the
// countries library; these files only add what news writes and the library
// lacks, and the commodity vocabulary. See the comments at their tops.
var (
	//go:embed data/countries.tsv
	countriesTSV string
	//go:embed data/commodities.tsv
	commoditiesTSV string
	//go:embed data/functionwords.txt
	functionWordsTXT string
)

// dataWords returns the whitespace-separated words of a word-list file,
// skipping "#" comment lines.
func dataWords(data string) []string {
	var out []string
	for _, line := range strings.Split(data, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			out = append(out, strings.Fields(line)...)
		}
	}
	return out
}

// dataLine is one rule of a data file.
type dataLine struct {
	file    string
	line    int
	key     string // country code or commodity slug, "-" for none
	kind    string
	phrases []string
	flags   uint8
}

func (l *dataLine) errorf(format string, args ...any) error {
	return fmt.Errorf("tagger: data %s:%d: %s", l.file, l.line, fmt.Sprintf(format, args...))
}

func parseFlag(name string) (uint8, bool) {
	switch name {
	case "exact":
		return ruleExact, true
	case "person":
		return rulePerson, true
	case "lower":
		return ruleLower, true
	case "parts":
		return flagParts, true
	}
	return 0, false
}

// parseData reads a data file: TAB-separated KEY, KIND, PHRASES ("|" between
// phrases) and optional FLAGS ("," between flags); "#" starts a comment line.
func parseData(file, data string, kinds map[string]bool) ([]dataLine, error) {
	var out []dataLine
	for n, text := range strings.Split(data, "\n") {
		text = strings.TrimRight(text, "\r")
		if t := strings.TrimSpace(text); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		l := dataLine{file: file, line: n + 1}
		if len(f) < 3 || len(f) > 4 {
			return nil, l.errorf("want 3 or 4 TAB-separated fields, got %d", len(f))
		}
		l.key, l.kind = strings.TrimSpace(f[0]), strings.TrimSpace(f[1])
		if !kinds[l.kind] {
			return nil, l.errorf("unknown kind %q", l.kind)
		}
		for _, p := range strings.Split(f[2], "|") {
			if p = strings.TrimSpace(p); p == "" {
				return nil, l.errorf("empty phrase")
			}
			l.phrases = append(l.phrases, p)
		}
		if len(f) == 4 {
			for _, name := range strings.Split(f[3], ",") {
				if name = strings.TrimSpace(name); name == "" {
					continue
				}
				flag, ok := parseFlag(name)
				if !ok {
					return nil, l.errorf("unknown flag %q", name)
				}
				l.flags |= flag
			}
		}
		out = append(out, l)
	}
	return out, nil
}

// phraseTable collects the phrases of one facet for matching in running text.
// Sources rank: the data files override the library, and the library's names
// override its capitals. Two library phrases of equal rank that name
// different countries are ambiguous and dropped (for example "Kingston").
type phraseTable struct {
	rules map[string]candidate
	lost  map[string]int // ambiguous library phrases -> their rank
}

type candidate struct {
	rule  phraseRule
	rank  int
	words []token
	src   *dataLine // nil for the library
}

const (
	rankCapital = iota + 1
	rankName
	rankFile
)

func (x *phraseTable) add(phrase string, rule phraseRule, rank int, src *dataLine) error {
	key, words, ok := phraseKey(phrase)
	if !ok {
		if src != nil {
			return src.errorf("phrase %q has punctuation that text matching never spans", phrase)
		}
		return nil // a library name like "Bonaire, Sint Eustatius And Saba": look-up only
	}
	// A phrase written with a final dot that is not part of a dotted
	// abbreviation ("Calif.", unlike "U.S.") needs the dot in the text too.
	if strings.HasSuffix(phrase, ".") && !strings.Contains(key[words[len(words)-1].start:], ".") {
		rule.flags |= ruleDot
	}
	if rule.flags&ruleExact != 0 {
		if len(words) != 1 {
			return src.errorf("flag exact needs a single word, got %q", phrase)
		}
		rule.exact = phrase
	}
	if rank <= x.lost[key] {
		return nil
	}
	old, dup := x.rules[key]
	switch {
	case !dup || rank > old.rank:
		x.rules[key] = candidate{rule: rule, rank: rank, words: words, src: src}
	case rank < old.rank || old.rule.id == rule.id && old.rule.flags == rule.flags && src == nil:
		// Outranked, or the library saying the same thing twice
		// ("Djibouti" is a name and a capital).
	case src != nil:
		// A data file is edited by hand: a repeated phrase is a mistake.
		return src.errorf("phrase %q is already given at line %d", phrase, old.src.line)
	default:
		delete(x.rules, key)
		x.lost[key] = rank
	}
	return nil
}

// New builds a tagger from the countries library and the embedded data
// files. It fails, rather than guessing, when the data files are malformed.
func New(opts ...Option) (*Tagger, error) {
	t := &Tagger{phrases: map[string]node{}, functionWords: map[string]bool{}}
	var err error
	if t.aboutModel, err = ParseAboutModel(aboutModelTSV); err != nil {
		return nil, err
	}
	if len(t.aboutModel.Commodities) == 0 {
		t.aboutModel = nil // none shipped: the rules decide
	}
	for _, o := range opts {
		o(t)
	}
	if t.aboutModel != nil {
		t.aboutWeights = hashWeights(t.aboutModel)
	}
	for _, w := range dataWords(functionWordsTXT) {
		t.functionWords[w] = true
	}
	countryText, err := t.loadCountries(countriesTSV)
	if err != nil {
		return nil, err
	}
	commodityText, err := t.loadCommodities(commoditiesTSV)
	if err != nil {
		return nil, err
	}
	if t.aboutData, err = parseAbout(aboutTSV, t.slugIndex); err != nil {
		return nil, err
	}
	for _, facet := range []struct {
		text  *phraseTable
		rules *[]phraseRule
		set   func(*node, uint16)
	}{
		{countryText, &t.countryRules, func(n *node, i uint16) { n.country = i }},
		{commodityText, &t.commodityRules, func(n *node, i uint16) { n.commodity = i }},
	} {
		if len(facet.text.rules) >= 1<<16 {
			return nil, fmt.Errorf("tagger: %d phrases in one facet, more than rules can number", len(facet.text.rules))
		}
		// Sorted so that rule numbering does not depend on map order.
		for _, key := range sortedKeys(facet.text.rules) {
			c := facet.text.rules[key]
			*facet.rules = append(*facet.rules, c.rule)
			h := shape([]byte(key[:c.words[0].end]))
			t.firstWords[h>>6] |= 1 << (h & 63)
			n := t.phrases[key]
			facet.set(&n, uint16(len(*facet.rules)))
			t.phrases[key] = n
			for _, w := range c.words[:len(c.words)-1] {
				prefix := key[:w.end]
				p := t.phrases[prefix]
				p.more = true
				t.phrases[prefix] = p
			}
		}
	}
	return t, nil
}

func (t *Tagger) loadCommodities(data string) (*phraseTable, error) {
	lines, err := parseData("commodities.tsv", data, map[string]bool{"label": true, "term": true, "related": true, "ignore": true})
	if err != nil {
		return nil, err
	}
	labels := map[string]string{}
	for li := range lines {
		l := &lines[li]
		if l.kind != "label" {
			continue
		}
		if !validSlug(l.key) {
			return nil, l.errorf("slug %q is not lower-case letters, digits and hyphens", l.key)
		}
		if _, dup := labels[l.key]; dup || len(l.phrases) != 1 {
			return nil, l.errorf("slug %q needs exactly one label", l.key)
		}
		labels[l.key] = l.phrases[0]
	}
	t.slugs = sortedKeys(labels)
	if len(t.slugs) > len(bitSet{}.bits)*64 {
		return nil, fmt.Errorf("tagger: %d commodities do not fit the tag set", len(t.slugs))
	}
	t.slugIndex = map[string]int{}
	for i, s := range t.slugs {
		t.slugIndex[s] = i
		t.labels = append(t.labels, labels[s])
	}

	text := &phraseTable{rules: map[string]candidate{}, lost: map[string]int{}}
	t.commodityKey = map[string]uint16{}
	owner := map[string]*dataLine{}
	lookup := func(l *dataLine, s string, i int) error {
		k := normKey(s)
		if old, ok := t.commodityKey[k]; ok && int(old) != i {
			return l.errorf("%q already means %q (line %d)", s, t.slugs[old], owner[k].line)
		}
		t.commodityKey[k], owner[k] = uint16(i), l
		return nil
	}
	for li := range lines {
		l := &lines[li]
		i, ok := t.slugIndex[l.key]
		// A related or term line may name two slugs: "oil+gas" (a firm's
		// business), "iron-ore+steel" (an ore names its metal too).
		also := 0
		if first, second, two := strings.Cut(l.key, "+"); two && (l.kind == "related" || l.kind == "term") {
			i, ok = t.slugIndex[first]
			j, ok2 := t.slugIndex[second]
			ok = ok && ok2
			also = j + 1
		}
		switch {
		case l.kind == "ignore" && l.key != "-":
			return nil, l.errorf("ignore rules take slug \"-\", not %q", l.key)
		case l.kind != "ignore" && !ok:
			return nil, l.errorf("slug %q has no label line", l.key)
		}
		switch l.kind {
		case "label":
			// Slugs and labels are for look-ups only: as text, a slug
			// such as "lead" is far more often something else.
			if err := lookup(l, l.key, i); err != nil {
				return nil, err
			}
			if err := lookup(l, l.phrases[0], i); err != nil {
				return nil, err
			}
		case "term":
			for _, p := range l.phrases {
				if err := lookup(l, p, i); err != nil {
					return nil, err
				}
				if err := text.add(p, phraseRule{id: uint16(i), also: uint16(also), flags: l.flags}, rankFile, l); err != nil {
					return nil, err
				}
			}
		case "related":
			for _, p := range l.phrases {
				if err := text.add(p, phraseRule{id: uint16(i), also: uint16(also), flags: l.flags | ruleRelated}, rankFile, l); err != nil {
					return nil, err
				}
			}
		case "ignore":
			for _, p := range l.phrases {
				if err := text.add(p, phraseRule{flags: ruleIgnore}, rankFile, l); err != nil {
					return nil, err
				}
			}
		}
	}
	return text, nil
}

func validSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, c := range s {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
