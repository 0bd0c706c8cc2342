package catalog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SourceKey is the form under which names of one source are the same
// source: case folded, white space collapsed, a leading "The" dropped.
// "The Guardian" (its feed) and "the Guardian" (its pages) are one source
// to the facet and to a filter. Articles keep the name as they gave it;
// the key is derived again wherever it is needed, so a re-index or a
// restart gives the same sources.
func SourceKey(name string) string {
	k := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if rest, ok := strings.CutPrefix(k, "the "); ok && rest != "" {
		k = rest
	}
	return k
}

// sourceIDs numbers sources by key. Each id keeps every name seen for it,
// for a filter to match articles under any of them, and shows the one
// displayName prefers, whatever order the names arrived in.
type sourceIDs struct {
	valueIDs            // by key; values are the names shown
	forms    [][]string // by id: every name seen, sorted
}

// id returns the id of name's source, adding the name to its forms.
func (v *sourceIDs) id(name string) uint16 {
	id := v.valueIDs.id(SourceKey(name))
	if int(id) == len(v.forms) { // a new key: valueIDs stored the key itself
		v.forms = append(v.forms, []string{name})
		v.values[id] = name
		return id
	}
	forms := v.forms[id]
	if i, found := slices.BinarySearch(forms, name); !found {
		// Snapshots hold the old lists: copy, never write in place.
		v.forms = slices.Clone(v.forms)
		v.forms[id] = slices.Insert(slices.Clone(forms), i, name)
		if displayBefore(name, v.values[id]) {
			v.values = slices.Clone(v.values)
			v.values[id] = name
		}
	}
	return id
}

// lookup returns every name seen of the source name is a name of, or nil
// when no article has that source.
func (v *sourceIDs) lookup(name string) []string {
	if id, ok := v.ids[SourceKey(name)]; ok {
		return v.forms[id]
	}
	return nil
}

// displayBefore reports whether name a is the better one to show of two
// names of one source: capitalised and not all capitals ("The Guardian"
// before "THE GUARDIAN" before "the Guardian"), then the longer ("The
// Guardian" before "Guardian"), then the one with more capitals ("BBC
// News" before "Bbc News"), then byte order, so that the choice does not
// depend on the order articles arrive in.
func displayBefore(a, b string) bool {
	if ra, rb := displayRank(a), displayRank(b); ra != rb {
		return ra < rb
	}
	if la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b); la != lb {
		return la > lb
	}
	if ua, ub := upper(a), upper(b); ua != ub {
		return ua > ub
	}
	return a < b
}

func displayRank(s string) int {
	first, _ := utf8.DecodeRuneInString(s)
	switch {
	case !unicode.IsUpper(first):
		return 2
	case strings.ToUpper(s) == s:
		return 1
	}
	return 0
}

func upper(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}
