package tagger

import (
	_ "embed"
	"fmt"
	"strings"
)

// The about rules. A story names many countries and commodities; what it
// is about is fewer: where it was filed, what its title and lead speak of,
// what it keeps coming back to. The rules and their thresholds were chosen
// on the labels of Reuters-21578 (TRAIN and NOT-USED stories: people
// labelled what each story is about), rule by rule, keeping a rule only
// where it gained more than it cost; docs/tagger.md lists each with its
// effect. They are plain conditions on Signal, so that a reader can follow
// why an article is about what it is about.

//go:embed data/about.tsv
var aboutTSV string

// Country rules.
const (
	// A country the lead names is the subject when the body comes back
	// to it: named once in the lead, it is as often a trading partner or
	// a comparison.
	leadCountryCount = 3
	// A country the body names this often is a subject wherever it is.
	bodyCountryCount = 4
	// A story that names this many countries or more and lists them
	// early ("sales to Hong Kong, Malaysia, the Philippines and
	// Thailand") is about the list.
	listCountries = 6
	listPassages  = 2 // "early": in the first two body passages
)

// Commodity rules, by the story's kind (storyKind).
const (
	marketBodyCount      = 3 // market news: named this often anywhere
	marketRepeated       = 2 // ... or this often within the first four passages
	marketRepeatedWithin = 4
	economyBodyCount     = 4 // economy news: items of the figures unless dwelt on
	economyEarlyCount    = 2 // ... or named twice, starting in the first two passages
	companyBodyCount     = 6 // company news: the firm's business unless dwelt on
	companyEarlyCount    = 2 // ... or named twice, starting in the first two passages
)

// storyKind is what kind of news a story is, from its title.
type storyKind int

const (
	marketNews storyKind = iota
	companyNews
	economyNews
)

// aboutData is data/about.tsv, parsed.
type aboutData struct {
	company, economy map[string]bool
	families         []family
}

type family struct {
	words   map[string]bool
	members map[string]bool // slugs
}

func parseAbout(data string, slugIndex map[string]int) (aboutData, error) {
	d := aboutData{company: map[string]bool{}, economy: map[string]bool{}}
	for n, line := range strings.Split(data, "\n") {
		line = strings.TrimRight(line, "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		bad := func(msg string) error { return fmt.Errorf("tagger: data about.tsv:%d: %s", n+1, msg) }
		words := map[string]bool{}
		if len(f) >= 2 {
			for _, w := range strings.Split(f[1], "|") {
				if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
					words[w] = true
				}
			}
		}
		switch {
		case len(f) == 2 && f[0] == "company":
			for w := range words {
				d.company[w] = true
			}
		case len(f) == 2 && f[0] == "economy":
			for w := range words {
				d.economy[w] = true
			}
		case len(f) == 3 && f[0] == "family":
			fam := family{words: words, members: map[string]bool{}}
			for _, s := range strings.Split(f[2], "|") {
				s = strings.TrimSpace(s)
				if _, ok := slugIndex[s]; !ok {
					return d, bad(fmt.Sprintf("family member %q is not a commodity slug", s))
				}
				fam.members[s] = true
			}
			d.families = append(d.families, fam)
		default:
			return d, bad("want company or economy with WORDS, or family with WORDS and SLUGS")
		}
	}
	return d, nil
}

// anyWord reports whether a word of s, lower-cased, is in set. Words are
// runs of ASCII letters and digits; it does not allocate, since it runs on
// every article's title and lead.
func anyWord(s string, set map[string]bool) bool {
	var buf [32]byte
	n := 0
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		switch {
		case 'a' <= c && c <= 'z' || '0' <= c && c <= '9':
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		default:
			if n > 0 && n <= len(buf) && set[string(buf[:n])] {
				return true
			}
			n = 0
			continue
		}
		if n < len(buf) {
			buf[n] = c
		}
		n++
	}
	return false
}

// kind reads a story's kind from its title. The wire marks a company's
// ticker in angle brackets ("SUN <SUN> RAISES HEATING OIL BARGE PRICE").
func (t *Tagger) kind(title string) storyKind {
	switch {
	case strings.Contains(title, "<") || anyWord(title, t.aboutData.company):
		return companyNews
	case anyWord(title, t.aboutData.economy):
		return economyNews
	}
	return marketNews
}

// about decides what an article is about from its signals: a value is
// about the article when one of the rules below holds for it, and its
// Signal.Rules names those that do.
func (t *Tagger) about(a Article, at *ArticleTags) Tags {
	in := ruleInput{kind: t.kind(a.Title)}
	at.Kind = in.kind.String()
	for i := range at.Signals {
		if !at.Signals[i].Commodity {
			in.countries++
			in.filed = in.filed || at.Signals[i].Dateline
		}
	}
	// The families the title or the lead names.
	var families []bool
	for _, f := range t.aboutData.families {
		named := anyWord(a.Title, f.words) || len(a.Body) > 0 && anyWord(a.Body[0], f.words)
		families = append(families, named)
	}
	var out Tags
	// One backing array for every signal's Rules: a few allocations per
	// article instead of one per value.
	names := make([]string, 0, 2*len(at.Signals))
	for i := range at.Signals {
		s := &at.Signals[i]
		in.family = false
		rules := countryRules
		if s.Commodity {
			rules = commodityRules
			in.family = t.inFamily(s, families)
		}
		from := len(names)
		for _, r := range rules {
			if (r.kind == anyKind || r.kind == in.kind) && r.holds(s, &in) {
				names = append(names, r.name)
			}
		}
		if len(names) > from {
			s.Rules = names[from:len(names):len(names)]
		}
	}
	// Commodities the model was trained on are its to decide; the rules
	// that hold are among its evidence.
	var ctx featureContext
	for i := range at.Signals {
		if s := &at.Signals[i]; s.Commodity && t.aboutModel.decides(s.Value) {
			ctx = t.featureContext(a, at, false)
			break
		}
	}
	for i := range at.Signals {
		s := &at.Signals[i]
		switch {
		case s.Commodity && t.aboutModel.decides(s.Value):
			s.Score = t.commodityScore(s, &ctx)
			if s.Score >= t.aboutModel.Threshold {
				out.Commodities = append(out.Commodities, s.Value)
			}
		case len(s.Rules) == 0:
		case s.Commodity:
			out.Commodities = append(out.Commodities, s.Value)
		default:
			out.Countries = append(out.Countries, s.Value)
		}
	}
	return out
}

// ruleInput is what the rules know of the article beyond one signal.
type ruleInput struct {
	kind      storyKind
	countries int  // countries the article names
	filed     bool // the dateline names a country
	family    bool // the commodity's family is named in the title or lead
}

// aboutRule is one way for a value to be what an article is about.
type aboutRule struct {
	name  string
	kind  storyKind // the kind of story it applies to (commodities), or anyKind
	holds func(s *Signal, in *ruleInput) bool
}

const anyKind storyKind = -1

func early(s *Signal, passages int) bool { return s.First >= 0 && s.First < passages }

// countryRules: filed from it, in the title, dwelt on, alone, or listed
// early in a story of many countries.
var countryRules = []aboutRule{
	{"dateline", anyKind, func(s *Signal, _ *ruleInput) bool { return s.Dateline }},
	// A title's country that the body never names, in a story filed from
	// another, is mostly a modifier: "TAIWAN BUYS U.S. SOYBEANS" (Taipei).
	{"title", anyKind, func(s *Signal, in *ruleInput) bool { return s.Title && (s.Count > 0 || !in.filed) }},
	{"lead and body 3+", anyKind, func(s *Signal, _ *ruleInput) bool { return s.Lead && s.Count >= leadCountryCount }},
	{"body 4+", anyKind, func(s *Signal, _ *ruleInput) bool { return s.Count >= bodyCountryCount }},
	{"the only country", anyKind, func(_ *Signal, in *ruleInput) bool { return in.countries == 1 }},
	{"early list of 6+", anyKind, func(s *Signal, in *ruleInput) bool {
		return s.Listed && early(s, listPassages) && in.countries >= listCountries
	}},
}

// commodityRules: market news is about what its title and first passages
// name, or what it repeats; economy news about what it repeats early on;
// company news only about what it dwells on.
var commodityRules = []aboutRule{
	{"market: title", marketNews, func(s *Signal, _ *ruleInput) bool { return s.Title }},
	{"market: first two passages", marketNews, func(s *Signal, _ *ruleInput) bool { return early(s, 2) }},
	{"market: body 3+", marketNews, func(s *Signal, _ *ruleInput) bool { return s.Count >= marketBodyCount }},
	{"market: 2+ from the first four passages", marketNews, func(s *Signal, _ *ruleInput) bool {
		return s.Count >= marketRepeated && early(s, marketRepeatedWithin)
	}},
	{"market: family in title or lead", marketNews, func(_ *Signal, in *ruleInput) bool { return in.family }},
	{"economy: title", economyNews, func(s *Signal, _ *ruleInput) bool { return s.Title }},
	{"economy: 2+ from the first two passages", economyNews, func(s *Signal, _ *ruleInput) bool {
		return s.Count >= economyEarlyCount && early(s, 2)
	}},
	{"economy: body 4+", economyNews, func(s *Signal, _ *ruleInput) bool { return s.Count >= economyBodyCount }},
	{"economy: family in title or lead", economyNews, func(_ *Signal, in *ruleInput) bool { return in.family }},
	{"company: title and lead", companyNews, func(s *Signal, _ *ruleInput) bool { return s.Title && s.Lead }},
	{"company: 2+ from the first two passages", companyNews, func(s *Signal, _ *ruleInput) bool {
		return s.Count >= companyEarlyCount && early(s, 2)
	}},
	{"company: body 6+", companyNews, func(s *Signal, _ *ruleInput) bool { return s.Count >= companyBodyCount }},
}

// AboutRules names the about rules in the order they are tried, countries'
// first: the names Signal.Rules uses.
func AboutRules() []string {
	var out []string
	for _, r := range append(append([]aboutRule{}, countryRules...), commodityRules...) {
		out = append(out, r.name)
	}
	return out
}

// inFamily reports whether the title or the lead names a family the
// commodity belongs to ("grain" for wheat: named[i] for family i), and the
// body names the commodity itself.
func (t *Tagger) inFamily(s *Signal, named []bool) bool {
	if s.Count == 0 {
		return false
	}
	for i, f := range t.aboutData.families {
		if named[i] && f.members[s.Value] {
			return true
		}
	}
	return false
}

// String names a story kind, as ArticleTags.Kind shows it.
func (k storyKind) String() string {
	switch k {
	case companyNews:
		return "company"
	case economyNews:
		return "economy"
	}
	return "market"
}
