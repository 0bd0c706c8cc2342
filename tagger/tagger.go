package tagger

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"
)

// Tags are what the tagger found in a text.
type Tags struct {
	Countries   []string // ISO 3166-1 alpha-2 codes, upper case, sorted, unique
	Commodities []string // vocabulary slugs, sorted, unique
}

// Tagger finds countries and commodities in news text. It is built once by
// New and never changes afterwards, so one Tagger serves any number of
// goroutines.
//
// Matching is a dictionary look-up of word n-grams: the text is tokenized
// once into a normalized buffer (lower case, diacritics folded, hyphens as
// spaces, "'s" dropped) and, at each token, successively longer phrases are
// looked up in one map until no longer phrase can match. This keeps the cost
// at about one map probe per token, which bulk indexing needs, and keeps the
// knowledge in data files a person can edit rather than in code.
type Tagger struct {
	// phrases maps a normalized phrase to what it means in each facet.
	phrases map[string]node
	// firstWords has the bit shape(w) set for the first word w of every
	// phrase; most words of a text fail it and skip the map probe.
	firstWords [1024]uint64

	countryRules   []phraseRule
	commodityRules []phraseRule

	codes      []string          // country index -> alpha-2, sorted
	names      []string          // country index -> display name
	codeIndex  map[string]int    // alpha-2 -> country index
	countryKey map[string]uint16 // normalized code/name/alias -> country index
	// successors and predecessors link former states (SU, DD, YU, ...)
	// with the states that followed them, for Lineage.
	successors, predecessors map[string][]string
	partOf                   map[string][]string     // successor -> former states it was part of
	periods                  map[string][2]time.Time // former state -> [from, until)

	slugs        []string          // commodity index -> slug, sorted
	labels       []string          // commodity index -> label
	slugIndex    map[string]int    // slug -> commodity index
	commodityKey map[string]uint16 // normalized slug/label/term -> commodity index

	aboutData  aboutData   // data/about.tsv
	aboutModel *AboutModel // data/about_model.tsv; nil: commodities by the rules
	// aboutWeights are aboutModel's weights by featureHash, for scoring.
	aboutWeights map[uint64]float64

	// functionWords are capitalized only because they start a sentence or
	// a title, so they do not make a name with the next word ("In Jordan").
	functionWords map[string]bool
}

// node is one phrase of the dictionary. country and commodity are 1-based
// indexes into the rule tables (0: the phrase means nothing in that facet),
// and more says whether a longer phrase starts with this one, so that the
// scan can stop probing as soon as it cannot succeed.
type node struct {
	country   uint16
	commodity uint16
	more      bool
}

// Rule flags. Country phrases are proper nouns, so by default they only
// match when the text capitalizes them ("China", not "china clay"); commodity
// phrases are common nouns and match in any case.
const (
	ruleIgnore  = 1 << iota // the phrase consumes its words and tags nothing
	ruleCap                 // the phrase must start with a capital letter
	ruleExact               // the word must be written exactly so, outside all-caps text
	rulePerson              // not when next to another capitalized name word
	ruleLower               // not when capitalized in mid-sentence (a name)
	ruleDot                 // the last word must be followed by a dot ("Calif.")
	flagParts               // data: a successor line's states were parts of the former one
	ruleRelated             // the commodity as a firm's business ("oil and gas company")
)

type phraseRule struct {
	id    uint16 // country or commodity index
	also  uint16 // 1 + a second commodity index the phrase names, 0 if none
	flags uint8
	exact string // the exact spelling for ruleExact
}

// Tag returns the countries and commodities that text mentions.
func (t *Tagger) Tag(text string) Tags {
	var h hits
	t.scan(text, &h)
	return t.tags(&h)
}

func (t *Tagger) tags(h *hits) Tags {
	return Tags{Countries: h.countries.strings(t.codes), Commodities: h.commodities.strings(t.slugs)}
}

// hits collects what one scan found: the sets, and, when namings is set,
// each naming in text order (for the about rules: article.go).
type hits struct {
	countries, commodities bitSet
	namings                *[]naming
}

// naming is one match of a scan.
type naming struct {
	id     uint16
	what   uint8 // namedCountry, namedCommodity or namedRelated
	listed bool  // an item of a list of countries or of commodities
	// start, end: the phrase's bytes in the text (commodities only), for
	// the words around it ("tonnes of wheat", "oil and gas reserves").
	start, end int32
}

const (
	namedCountry = iota
	namedCommodity
	namedRelated // a commodity named as an industry or a product ("oil and gas properties")
)

// scan matches text against the dictionary and adds what it finds to h.
func (t *Tagger) scan(text string, h *hits) {
	// Fixed arrays keep scratch space on the stack for passage-sized texts,
	// so that tagging allocates only its result.
	var normArr [1024]byte
	var tokArr [160]token
	norm, toks := normArr[:0], tokArr[:0]
	if len(text) > len(normArr) {
		// Sized to fit, rather than grown by doubling: normalized text is
		// about as long as the text, and words average over five bytes.
		norm, toks = make([]byte, 0, len(text)+8), make([]token, 0, len(text)/5+8)
	}
	norm, toks = tokenize(text, norm, toks)

	nextCountry, nextCommodity := 0, 0
	// The last country and commodity named: the token after it, and its
	// naming, so that the next one can tell it is the next item of a list.
	prevEnd, prevCEnd := -2, -2
	prevN, prevCN := -1, -1
	for i := range toks {
		wantCountry, wantCommodity := i >= nextCountry, i >= nextCommodity
		if !wantCountry && !wantCommodity {
			continue
		}
		if toks[i].flags&tokAngle != 0 {
			// "<Canadian Eastern Finance Ltd>" is the wire's mark of a
			// company name: it names a firm, not a place or a market
			// (docs/tagger.md).
			continue
		}
		if h := shape(norm[toks[i].start:toks[i].end]); t.firstWords[h>>6]&(1<<(h&63)) == 0 {
			continue
		}
		bestCountry, bestCommodity := 0, 0 // rule index + 1
		lenCountry, lenCommodity := 0, 0
		for j := i; j < len(toks); j++ {
			if j > i && toks[j].flags&tokBreak != 0 {
				break
			}
			node, ok := t.phrases[string(norm[toks[i].start:toks[j].end])]
			if !ok {
				break
			}
			if wantCountry && node.country != 0 && t.accept(&t.countryRules[node.country-1], text, norm, toks, i, j) {
				bestCountry, lenCountry = int(node.country), j-i+1
			}
			if wantCommodity && node.commodity != 0 && t.accept(&t.commodityRules[node.commodity-1], text, norm, toks, i, j) {
				bestCommodity, lenCommodity = int(node.commodity), j-i+1
			}
			if !node.more {
				break
			}
		}
		if bestCountry != 0 {
			nextCountry = i + lenCountry
			if r := &t.countryRules[bestCountry-1]; r.flags&ruleIgnore == 0 {
				h.countries.add(r.id)
				if h.namings != nil {
					n := naming{id: r.id, what: namedCountry}
					if prevN >= 0 && (*h.namings)[prevN].id != r.id && t.inList(norm, toks, prevEnd, i) {
						n.listed, (*h.namings)[prevN].listed = true, true
					}
					prevEnd, prevN = nextCountry, len(*h.namings)
					*h.namings = append(*h.namings, n)
				}
			}
		}
		if bestCommodity != 0 {
			nextCommodity = i + lenCommodity
			if r := &t.commodityRules[bestCommodity-1]; r.flags&ruleIgnore == 0 {
				h.commodities.add(r.id)
				if r.also != 0 {
					h.commodities.add(r.also - 1)
				}
				switch {
				case h.namings == nil:
				case r.flags&ruleRelated != 0:
					*h.namings = append(*h.namings, naming{id: r.id, what: namedRelated})
					if r.also != 0 {
						*h.namings = append(*h.namings, naming{id: r.also - 1, what: namedRelated})
					}
				default:
					n := naming{id: r.id, what: namedCommodity, start: toks[i].ostart, end: toks[nextCommodity-1].oend}
					if prevCN >= 0 && (*h.namings)[prevCN].id != r.id && t.inList(norm, toks, prevCEnd, i) {
						n.listed, (*h.namings)[prevCN].listed = true, true
					}
					prevCEnd, prevCN = nextCommodity, len(*h.namings)
					*h.namings = append(*h.namings, n)
					if r.also != 0 {
						// The same words name the second commodity: no
						// list of its own, the same place in the text.
						*h.namings = append(*h.namings, naming{id: r.also - 1, what: namedCommodity, start: n.start, end: n.end})
					}
				}
			}
		}
	}
}

// inList reports whether a country named at token i follows the one that
// ended at token prevEnd as the next item of a list: after a comma, or
// after one of "and", "or", "the".
func (t *Tagger) inList(norm []byte, toks []token, prevEnd, i int) bool {
	switch {
	case prevEnd < 0 || i < prevEnd || i > prevEnd+2:
		return false
	case i == prevEnd:
		return toks[i].flags&tokBreak != 0
	}
	for k := prevEnd; k < i; k++ {
		switch string(norm[toks[k].start:toks[k].end]) {
		case "and", "or", "the":
		default:
			return false
		}
	}
	return true
}

// shape hashes a normalized word to 16 bits from its length and its
// first, middle and last bytes: cheap, and spread enough that the
// firstWords filter rejects most words.
func shape(w []byte) uint32 {
	if len(w) == 0 {
		return 0
	}
	x := uint32(len(w)) | uint32(w[0])<<8 | uint32(w[len(w)/2])<<16 | uint32(w[len(w)-1])<<24
	return (x * 0x9E3779B1) >> 16
}

// accept reports whether rule r may apply to the phrase toks[i..j] as the
// text writes it.
func (t *Tagger) accept(r *phraseRule, text string, norm []byte, toks []token, i, j int) bool {
	f := r.flags
	if f&ruleIgnore != 0 {
		return true
	}
	first := toks[i].flags
	if f&ruleCap != 0 && first&tokCapFirst == 0 {
		return false
	}
	if f&ruleExact != 0 {
		if i != j || text[toks[i].ostart:toks[i].oend] != r.exact {
			return false
		}
		// "US" in "LET US KNOW" is the pronoun shouted; only mixed-case
		// text shows that an upper-case "US" is meant as a name. "US$"
		// is a currency, used for prices anywhere.
		if shouting(toks, i) || int(toks[i].oend) < len(text) && text[toks[i].oend] == '$' {
			return false
		}
	}
	if f&ruleDot != 0 && toks[j].flags&tokDotAfter == 0 {
		return false // "Ind." is Indiana, "Ind" is not
	}
	if f&rulePerson != 0 && first&tokHasLower != 0 {
		// "Michael Jordan", "Jordan Peterson", "Lake Chad": a name word
		// beside it makes it part of a longer name. A possessive ("Jordan's
		// King Abdullah") or a capitalized function word ("In Jordan") does
		// not.
		if i > 0 && first&tokBreak == 0 && namey(toks[i-1].flags) && !t.functionWords[string(norm[toks[i-1].start:toks[i-1].end])] {
			return false
		}
		if j+1 < len(toks) && toks[j+1].flags&tokBreak == 0 && namey(toks[j+1].flags) && toks[j].flags&tokPossessive == 0 {
			return false
		}
	}
	if f&ruleLower != 0 && namey(first) && first&tokSentStart == 0 {
		return false // "Condoleezza Rice", "Rice University"
	}
	return true
}

// namey reports whether a word is capitalized the way names are
// (Capital then lower case), as opposed to lower case or all caps.
func namey(f uint8) bool { return f&tokCapFirst != 0 && f&tokHasLower != 0 }

// shouting reports whether the words around toks[i] are all in capitals.
func shouting(toks []token, i int) bool {
	upper := false
	for k := max(0, i-2); k <= min(len(toks)-1, i+2); k++ {
		if k == i {
			continue
		}
		f := toks[k].flags
		if f&tokHasLower != 0 {
			return false
		}
		if f&tokHasUpper != 0 {
			upper = true
		}
	}
	return upper
}

// bitSet is a small bit set of country or commodity indexes; iterating it in
// index order yields sorted codes because the indexes follow sorted order.
type bitSet struct{ bits [5]uint64 }

func (s *bitSet) add(i uint16) { s.bits[i>>6] |= 1 << (i & 63) }

func (s *bitSet) empty() bool { return s.bits == [len(bitSet{}.bits)]uint64{} }

func (s *bitSet) or(o *bitSet) {
	for i := range s.bits {
		s.bits[i] |= o.bits[i]
	}
}

func (s *bitSet) strings(values []string) []string {
	n := 0
	for _, w := range s.bits {
		n += bits.OnesCount64(w)
	}
	if n == 0 {
		return nil
	}
	out := make([]string, 0, n)
	for wi, w := range s.bits {
		for ; w != 0; w &= w - 1 {
			out = append(out, values[wi<<6+bits.TrailingZeros64(w)])
		}
	}
	return out
}

// Country returns the alpha-2 code for a code (alpha-2 or alpha-3), an
// English name, an official name, an alias or a demonym, in any case:
// "KZ", "kz", "KAZ", "Kazakhstan", "kazakhstan", "Kazakh". Cities are not
// names of a country and are not accepted. Names that Tag ignores as
// ambiguous in running text ("Georgia") are accepted here, where the caller
// means a country.
func (t *Tagger) Country(s string) (code string, ok bool) {
	i, ok := t.countryKey[normKey(s)]
	if !ok {
		return "", false
	}
	return t.codes[i], true
}

// Lineage returns code with the states that succeeded it and those it
// succeeded, sorted: "RU" gives [RU SU], "SU" gives the fifteen republics
// and SU, "DE" gives [DD DE]. A filter that asks for a country's history
// matches any of them. An unknown code is returned alone.
func (t *Tagger) Lineage(code string) []string {
	code = strings.ToUpper(strings.TrimSpace(code))
	out := append([]string{code}, t.successors[code]...)
	out = append(out, t.predecessors[code]...)
	sort.Strings(out)
	return slices.Compact(out)
}

// AsOf returns codes (sorted, as Tags has them) as of day: the codes of states that were then parts
// of a former state become that state's ("RU" in 1987 is "SU"), sorted
// and unique. A zero day (an undated article) changes nothing: without a
// date the text's present is unknown.
func (t *Tagger) AsOf(codes []string, day time.Time) []string {
	if day.IsZero() || !slices.ContainsFunc(codes, func(c string) bool { return t.asOne(c, day) != c }) {
		return codes
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = t.asOne(c, day)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// CountryName returns the English name of a country code, "" when unknown.
func (t *Tagger) CountryName(code string) string {
	if i, ok := t.codeIndex[strings.ToUpper(strings.TrimSpace(code))]; ok {
		return t.names[i]
	}
	return ""
}

// Commodity returns the slug for a slug, label or synonym, in any case:
// "rare-earths", "Rare earths", "rare earth".
func (t *Tagger) Commodity(s string) (slug string, ok bool) {
	i, ok := t.commodityKey[normKey(s)]
	if !ok {
		return "", false
	}
	return t.slugs[i], true
}

// CommodityLabel returns the label of a slug, "" when unknown.
func (t *Tagger) CommodityLabel(slug string) string {
	if i, ok := t.slugIndex[strings.ToLower(strings.TrimSpace(slug))]; ok {
		return t.labels[i]
	}
	return ""
}

// CommoditySlugs returns the vocabulary, sorted.
func (t *Tagger) CommoditySlugs() []string {
	return append([]string(nil), t.slugs...)
}
