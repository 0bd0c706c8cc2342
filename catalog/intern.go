package catalog

// interner keeps one copy of the tag lists that many entries hold alike
// (Reuters' 21,577 articles have a few thousand lists of countries) and of
// the tags in them. Entries read from the store at start bring each its
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
