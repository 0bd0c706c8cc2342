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

// words returns the lower-case words of s.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
}

// kind reads a story's kind from its title. The wire marks a company's
// ticker in angle brackets ("SUN <SUN> RAISES HEATING OIL BARGE PRICE").
func (t *Tagger) kind(title string) storyKind {
	if strings.Contains(title, "<") {
		return companyNews
	}
	ws := words(title)
	for _, w := range ws {
		if t.aboutData.company[w] {
			return companyNews
		}
	}
	for _, w := range ws {
		if t.aboutData.economy[w] {
			return economyNews
		}
	}
	return marketNews
}

// about decides what an article is about from its signals.
func (t *Tagger) about(a Article, at *ArticleTags) Tags {
	var countries []*Signal
	for i := range at.Signals {
		if !at.Signals[i].Commodity {
			countries = append(countries, &at.Signals[i])
		}
	}
	kind := t.kind(a.Title)
	at.Kind = kind.String()
	headWords := words(a.Title)
	if len(a.Body) > 0 {
		headWords = append(headWords, words(a.Body[0])...)
	}
	var out Tags
	for i := range at.Signals {
		s := &at.Signals[i]
		if s.Commodity {
			if t.aboutCommodity(s, kind, headWords) {
				out.Commodities = append(out.Commodities, s.Value)
			}
		} else if aboutCountry(s, len(countries)) {
			out.Countries = append(out.Countries, s.Value)
		}
	}
	return out
}

func early(s *Signal, passages int) bool { return s.First >= 0 && s.First < passages }

// aboutCountry: filed from it, in the title, dwelt on, alone, or listed
// early in a story of many countries.
func aboutCountry(s *Signal, named int) bool {
	return s.Dateline || s.Title ||
		s.Lead && s.Count >= leadCountryCount ||
		s.Count >= bodyCountryCount ||
		named == 1 ||
		s.Listed && early(s, listPassages) && named >= listCountries
}

// aboutCommodity: market news is about what its title and first passages
// name, or what it repeats; company and economy news only about what they
// dwell on.
func (t *Tagger) aboutCommodity(s *Signal, kind storyKind, headWords []string) bool {
	if kind == companyNews {
		return s.Title && s.Lead ||
			s.Count >= companyEarlyCount && s.First == 1 || s.Lead && s.Count >= companyEarlyCount ||
			s.Count >= companyBodyCount
	}
	for _, f := range t.aboutData.families {
		if f.members[s.Value] && s.Count > 0 {
			for _, w := range headWords {
				if f.words[w] {
					return true
				}
			}
		}
	}
	if kind == economyNews {
		return s.Title || s.Count >= economyEarlyCount && early(s, 2) || s.Count >= economyBodyCount
	}
	return s.Title || early(s, 2) || s.Count >= marketBodyCount || s.Count >= marketRepeated && early(s, marketRepeatedWithin)
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
