package catalog

import "slices"

// share points an entry's strings that other entries hold alike at one
// copy: its source's name and language at the catalog's (sources.go,
// valueIDs), its story's id at its own id (a story is named after its
// first article) or at the story's, its tag lists at the interner's. f is
// the entry's numbered values (facetOrdsOf).
func (c *Catalog) share(e *Entry, f *FacetOrds) {
	if forms := c.sources.forms[f.Source]; len(forms) > 0 {
		if i, ok := slices.BinarySearch(forms, e.Source); ok {
			e.Source = forms[i]
		}
	}
	if int(f.Lang) < len(c.langs.values) && c.langs.values[f.Lang] == e.Lang {
		e.Lang = c.langs.values[f.Lang]
	}
	switch {
	case e.StoryID == e.ID:
		e.StoryID = e.ID
	case f.Story >= 0:
		e.StoryID = c.storyIDs[f.Story]
	}
	e.Countries, e.Commodities = c.intern.list(e.Countries), c.intern.list(e.Commodities)
	e.About.Countries, e.About.Commodities = c.intern.list(e.About.Countries), c.intern.list(e.About.Commodities)
}

// interner keeps one copy of the tag lists that many entries hold alike
// (a corpus has far fewer distinct lists of countries than articles) and
// of the tags in them. It only grows, as the facet value lists do. Entries read from the store at start bring each its
// own copy of every list, as many as there are articles; after Put they
// share the catalog's. (Sources, languages and stories are shared through
// their numbering: Catalog.share.)
type interner struct {
	strs  map[string]string
	lists map[string][]string // by the list joined with NULs
	key   []byte              // reused to look lists up without allocating
}

// str returns the catalog's copy of a tag.
func (in *interner) str(s string) string {
	if s == "" {
		return ""
	}
	if c, ok := in.strs[s]; ok {
		return c
	}
	if in.strs == nil {
		in.strs = map[string]string{}
	}
	in.strs[s] = s
	return s
}

// list returns the catalog's copy of a tag list: the same strings in the
// same order, with no spare capacity, so that an append to it copies.
// Empty lists are returned as they are (nil and empty differ in JSON).
func (in *interner) list(ss []string) []string {
	if len(ss) == 0 {
		return ss
	}
	in.key = in.key[:0]
	for i, s := range ss {
		if i > 0 {
			in.key = append(in.key, 0)
		}
		in.key = append(in.key, s...)
	}
	if c, ok := in.lists[string(in.key)]; ok {
		return c
	}
	if in.lists == nil {
		in.lists = map[string][]string{}
	}
	c := make([]string, len(ss))
	for i, s := range ss {
		c[i] = in.str(s)
	}
	in.lists[string(in.key)] = c
	return c
}
