package tagger

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/biter777/countries"
)

// loadCountries builds the country phrase table: the library's names and
// capitals, then countries.tsv's additions, overrides and ignores.
func (t *Tagger) loadCountries(data string) (*phraseTable, error) {
	lines, err := parseData("countries.tsv", data, map[string]bool{
		"name": true, "alias": true, "demonym": true, "city": true, "institution": true, "ignore": true, "drop": true,
		"former": true, "period": true, "successor": true,
	})
	if err != nil {
		return nil, err
	}
	dropped := map[string]bool{}
	for i := range lines {
		if l := &lines[i]; l.kind == "drop" {
			dropped[l.key] = true
		}
	}
	var all []countries.CountryCode
	for _, c := range countries.All() {
		if a2 := c.Alpha2(); len(a2) == 2 && !dropped[a2] {
			all = append(all, c)
		}
	}
	// Former states (ISO 3166-3) are codes of their own beside the
	// library's, so that a 1987 story's Soviet Union is not today's Russia.
	library := map[string]bool{}
	for _, c := range all {
		library[c.Alpha2()] = true
	}
	former := map[string]string{} // code -> name
	for i := range lines {
		l := &lines[i]
		if l.kind != "former" {
			continue
		}
		if len(l.key) != 2 || strings.ToUpper(l.key) != l.key || library[l.key] {
			return nil, l.errorf("former state %q must be a two-letter upper-case code that is not a current country", l.key)
		}
		if _, dup := former[l.key]; dup || len(l.phrases) != 1 {
			return nil, l.errorf("a former state has one line with one name")
		}
		former[l.key] = l.phrases[0]
	}
	for code := range former {
		t.codes = append(t.codes, code)
	}
	for _, c := range all {
		t.codes = append(t.codes, c.Alpha2())
	}
	sort.Strings(t.codes)
	if len(t.codes) > len(bitSet{}.bits)*64 {
		return nil, fmt.Errorf("tagger: %d countries do not fit the tag set", len(t.codes))
	}
	t.codeIndex = map[string]int{}
	t.countryKey = map[string]uint16{}
	for i, c := range t.codes {
		t.codeIndex[c] = i
	}
	for code := range dropped {
		if countries.ByName(code).Alpha2() != code {
			return nil, fmt.Errorf("tagger: countries.tsv drops %q, which the library does not know", code)
		}
	}
	text := &phraseTable{rules: map[string]candidate{}, lost: map[string]int{}}
	lookup := func(s string, i int) {
		if k := normKey(s); k != "" {
			if _, ok := t.countryKey[k]; !ok {
				t.countryKey[k] = uint16(i)
			}
		}
	}

	// The data file first, so that its names win look-ups too.
	t.names = make([]string, len(t.codes))
	t.successors = map[string][]string{}
	t.predecessors = map[string][]string{}
	t.partOf = map[string][]string{}
	t.periods = map[string][2]time.Time{}
	for li := range lines {
		l := &lines[li]
		if l.kind == "drop" {
			continue
		}
		i, ok := t.codeIndex[l.key]
		if l.kind == "ignore" {
			if l.key != "-" {
				return nil, l.errorf("ignore rules take code \"-\", not %q", l.key)
			}
		} else if !ok {
			return nil, l.errorf("unknown or dropped country code %q", l.key)
		}
		rule := phraseRule{id: uint16(i), flags: ruleCap | l.flags}
		switch l.kind {
		case "ignore":
			rule = phraseRule{flags: ruleIgnore}
		case "name", "former":
			if len(l.phrases) != 1 || t.names[i] != "" {
				return nil, l.errorf("a country has one name")
			}
			t.names[i] = l.phrases[0]
		case "successor":
			if _, ok := former[l.key]; !ok || len(t.successors[l.key]) > 0 {
				return nil, l.errorf("successor lines are one per former state")
			}
			for _, p := range l.phrases {
				if _, ok := t.codeIndex[p]; !ok || p == l.key {
					return nil, l.errorf("successor %q is not another known code", p)
				}
				t.successors[l.key] = append(t.successors[l.key], p)
				t.predecessors[p] = append(t.predecessors[p], l.key)
				if l.flags&flagParts != 0 {
					t.partOf[p] = append(t.partOf[p], l.key)
				}
			}
			continue // codes, not phrases of the text
		case "period":
			if _, ok := former[l.key]; !ok || len(l.phrases) != 1 {
				return nil, l.errorf("period lines give one FROM..UNTIL for a former state")
			}
			from, until, ok := strings.Cut(l.phrases[0], "..")
			f, err1 := time.Parse(time.DateOnly, from)
			u, err2 := time.Parse(time.DateOnly, until)
			if !ok || err1 != nil || err2 != nil || !f.Before(u) {
				return nil, l.errorf("period %q is not FROM..UNTIL as YYYY-MM-DD, FROM first", l.phrases[0])
			}
			t.periods[l.key] = [2]time.Time{f, u}
			continue
		}
		if l.flags&flagParts != 0 {
			return nil, l.errorf("flag parts is for successor lines")
		}
		for _, p := range l.phrases {
			if err := text.add(p, rule, rankFile, l); err != nil {
				return nil, err
			}
		}
	}
	for code := range former {
		if len(t.successors[code]) == 0 || t.periods[code][0].IsZero() {
			return nil, fmt.Errorf("tagger: countries.tsv: former state %s needs a successor line and a period line", code)
		}
	}
	for i := range t.codes {
		lookup(t.codes[i], i)
		if t.names[i] != "" {
			lookup(t.names[i], i)
		}
	}
	for _, c := range all {
		i := t.codeIndex[c.Alpha2()]
		full := c.String()
		base, official := libraryNames(full)
		if t.names[i] == "" {
			t.names[i] = base
		}
		for _, n := range []string{base, official} {
			if n != "" {
				if err := text.add(n, phraseRule{id: uint16(i), flags: ruleCap}, rankName, nil); err != nil {
					return nil, err
				}
			}
		}
		lookup(full, i)
		lookup(base, i)
		lookup(official, i)
	}
	for _, c := range all {
		i := t.codeIndex[c.Alpha2()]
		capital := strings.TrimSpace(c.Capital().String())
		if capital == "" || capital == "None" || strings.HasPrefix(capital, "Unknown") {
			continue
		}
		// The library writes some capitals with their country appended
		// ("Georgetown Guyana"); news does not.
		base, _ := libraryNames(c.String())
		capital = strings.TrimSpace(strings.TrimSuffix(capital, " "+base))
		if err := text.add(capital, phraseRule{id: uint16(i), flags: ruleCap}, rankCapital, nil); err != nil {
			return nil, err
		}
	}
	for li := range lines {
		if l := &lines[li]; l.kind == "alias" || l.kind == "demonym" {
			for _, p := range l.phrases {
				lookup(p, t.codeIndex[l.key])
			}
		}
	}
	for _, c := range all {
		lookup(c.Alpha3(), t.codeIndex[c.Alpha2()])
	}
	return text, nil
}

// libraryNames splits a library name such as "Iran (Islamic Republic of)"
// into the short name news uses ("Iran") and, where the note reads as one,
// the official name ("Islamic Republic of Iran").
func libraryNames(name string) (base, official string) {
	open := strings.IndexByte(name, '(')
	if open < 0 {
		return name, ""
	}
	inner, rest, _ := strings.Cut(name[open+1:], ")")
	base = strings.Join(strings.Fields(name[:open]+" "+rest), " ")
	if strings.HasSuffix(inner, " of") {
		official = inner + " " + base
	}
	return base, official
}
