package search

import (
	"crypto/sha256"
	"encoding/json"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
)

// A pin is one answer held for its cursors: every matching article with
// the score and passage count it had when the first page was answered,
// in the page order, and the counts of that moment. Scores move when the
// corpus does (a word's IDF changes with every article added or deleted),
// so a cursor that only says where the last hit stood finds another place
// in the next answer; a pin's order does not move. Articles are held by
// catalog ordinal, which an article keeps through updates and a delete
// (the catalog never reuses one), so a deleted article is skipped and an
// updated one is read once, as it is now.
type pin struct {
	id    string
	query [sha256.Size]byte // the query it answers (queryKey)
	used  time.Time         // under the cache's lock
	bytes int64

	members []pinned // every matching article, each unit's together
	// units: unit u is members[starts[u]:starts[u+1]] (a story, with
	// distinct=story), or members[u] alone when starts is nil.
	starts []int32
	// order is the units in page order. order[:sorted] was ordered by the
	// page that made the pin; the rest is ordered at the first read from
	// it (rest), so a first page costs a copy, not a sort of every match.
	order  []int32
	sorted int
	rest   sync.Once
	by     newsfind.Sort

	totalArticles, totalPassages, totalStories int
	facets                                     newsfind.Facets
	warnings                                   []string
	expanded                                   string
}

// pinned is one matching article as the pinned answer had it.
type pinned struct {
	ord   int32
	hits  int32
	score float64
}

// pinBytes is what a pin of n articles and u units costs, besides its
// facets: members, order and story starts.
func pinBytes(n, u int, stories bool) int64 {
	b := int64(n)*16 + int64(u)*4 + 512
	if stories {
		b += int64(u+1) * 4
	}
	return b
}

// queryKey names what a query asks, leaving out where its page starts
// and how long it is: a cursor may be read at another size.
func queryKey(q newsfind.Query) [sha256.Size]byte {
	q.After, q.Page, q.Size = "", 0, 0
	b, _ := json.Marshal(q) // a Query always marshals
	return sha256.Sum256(b)
}

// newPin pins the answer of one page: ordered are the units (article
// ordinals: the best of each story with groups) the page ordered, in
// order; rest are the others, in any order.
func newPin(p *plan, res *newsfind.Result, set *matchSet, groups *storyGroups, ordered, rest []int32) *pin {
	pn := &pin{query: queryKey(p.q), by: p.q.Sort, sorted: len(ordered),
		totalArticles: res.TotalArticles, totalPassages: res.TotalPassages, totalStories: res.TotalStories,
		facets: cloneFacets(res.Facets), warnings: slices.Clone(res.Warnings), expanded: res.Expanded}
	add := func(o int32) { pn.members = append(pn.members, pinned{ord: o, hits: set.hits[o], score: set.score[o]}) }
	if groups == nil {
		pn.members = make([]pinned, 0, len(ordered)+len(rest))
		pn.order = make([]int32, 0, len(ordered)+len(rest))
		for _, o := range ordered {
			pn.order = append(pn.order, int32(len(pn.members)))
			add(o)
		}
		for _, o := range rest {
			pn.order = append(pn.order, int32(len(pn.members)))
			add(o)
		}
	} else {
		pn.members = make([]pinned, 0, len(groups.members))
		for _, o := range groups.members {
			add(o)
		}
		pn.starts = groups.starts
		at := make(map[int32]int, len(ordered)) // a story's best on the page: where it stands
		for i, o := range ordered {
			at[o] = i
		}
		pn.order = make([]int32, len(ordered), len(groups.best))
		for u, o := range groups.best {
			if i, ok := at[o]; ok {
				pn.order[i] = int32(u)
			} else {
				pn.order = append(pn.order, int32(u))
			}
		}
	}
	pn.bytes = pinBytes(len(pn.members), len(pn.order), groups != nil) + facetBytes(&pn.facets)
	for _, w := range pn.warnings {
		pn.bytes += int64(len(w)) + 16
	}
	return pn
}

// unit returns the members of unit u.
func (pn *pin) unit(u int32) []pinned {
	if pn.starts == nil {
		return pn.members[u : u+1]
	}
	return pn.members[pn.starts[u]:pn.starts[u+1]]
}

// less orders pinned articles as the page order does (hitOrder), with
// the pinned scores and the articles' dates as they are now.
func (pn *pin) less(entries []catalog.Entry) func(a, b *pinned) bool {
	return func(a, b *pinned) bool {
		ea, eb := &entries[a.ord], &entries[b.ord]
		if pn.by == newsfind.SortDate && !ea.Published.Equal(eb.Published) {
			if ea.Published.IsZero() || eb.Published.IsZero() {
				return eb.Published.IsZero() // undated last
			}
			return ea.Published.After(eb.Published)
		}
		if a.score != b.score {
			return a.score > b.score
		}
		return ea.ID < eb.ID
	}
}

// best returns the unit's article to show: its best that still exists.
func (pn *pin) best(entries []catalog.Entry, u int32, less func(a, b *pinned) bool) (pinned, bool) {
	var b *pinned
	ms := pn.unit(u)
	for i := range ms {
		if entries[ms[i].ord].Deleted {
			continue
		}
		if b == nil || less(&ms[i], b) {
			b = &ms[i]
		}
	}
	if b == nil {
		return pinned{}, false
	}
	return *b, true
}

// read returns the articles of the page that starts at position pos of
// the order, skipping units whose articles were all deleted since, where
// the next page starts, and whether any unit after it still exists.
func (pn *pin) read(entries []catalog.Entry, pos, size int) (page []pinned, next int, more bool) {
	less := pn.less(entries)
	pn.rest.Do(func() {
		// The rest is sorted once, by the first read: every unit is in the
		// order once, so it is read once whatever moves later.
		rest := pn.order[pn.sorted:]
		type keyed struct {
			u int32
			k pinned
		}
		ks := make([]keyed, len(rest))
		for i, u := range rest {
			b, ok := pn.best(entries, u, less)
			if !ok {
				b = pn.unit(u)[0]
			}
			ks[i] = keyed{u, b}
		}
		sort.Slice(ks, func(i, j int) bool { return less(&ks[i].k, &ks[j].k) })
		for i := range ks {
			rest[i] = ks[i].u
		}
	})
	next = pos
	for ; next < len(pn.order) && len(page) < size; next++ {
		if b, ok := pn.best(entries, pn.order[next], less); ok {
			page = append(page, b)
		}
	}
	for i := next; i < len(pn.order); i++ {
		if _, ok := pn.best(entries, pn.order[i], less); ok {
			return page, next, true
		}
	}
	return page, next, false
}

// cloneFacets copies facets, so that no answer shares its lists with a
// pin that later answers hand out again.
func cloneFacets(f newsfind.Facets) newsfind.Facets {
	f.Country, f.Commodity = slices.Clone(f.Country), slices.Clone(f.Commodity)
	f.AboutCountry, f.AboutCommodity = slices.Clone(f.AboutCountry), slices.Clone(f.AboutCommodity)
	f.Source, f.Lang = slices.Clone(f.Source), slices.Clone(f.Lang)
	f.Date.Buckets = slices.Clone(f.Date.Buckets)
	return f
}

func facetBytes(f *newsfind.Facets) int64 {
	var n int64
	for _, l := range [][]newsfind.FacetValue{f.Country, f.Commodity, f.AboutCountry, f.AboutCommodity, f.Source, f.Lang} {
		for _, v := range l {
			n += 40 + int64(len(v.Value)+len(v.Label))
		}
	}
	for _, b := range f.Date.Buckets {
		n += 80 + int64(len(b.Value))
	}
	return n
}
