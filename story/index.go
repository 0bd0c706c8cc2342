package story

import (
	"slices"
	"strconv"
	"strings"
	"sync"
)

// probes is how many of a sketch's smallest hashes are posted for finding
// candidates. If B's text holds A's, B's smallest hashes that fall in A
// are A's smallest too, so a copy shares one of its first probes with
// the original unless none of the original's first probes falls in the
// copy: for a copy of half the original, a chance of 2^-16.
const probes = 8

// maxPosting caps the articles one hash finds: a shingle in that many
// texts ("said it would") is furniture, not evidence of a copy. Copies
// still share their other probes.
const maxPosting = 256

// Index holds the sketch and story of every article written, and finds
// the story a new text copies. It is safe for concurrent use; writes are
// expected in the order the articles are stored (the engine's write
// lock), since a text joins the story of an earlier article.
type Index struct {
	mu      sync.RWMutex
	slots   []slot
	byID    map[string]int32
	heads   map[uint32]head // posted hash -> its postings
	posts   []posting
	members map[string][]int32 // story -> live slots
}

type slot struct {
	id        string
	sketch    Sketch
	story     string
	published int64 // Unix seconds; noDate when unknown
	alive     bool
}

type posting struct {
	slot int32
	next int32 // the hash's previous posting, or -1
}

// head is a posted hash's last posting and how many it has.
type head struct{ last, n int32 }

// noDate sorts undated articles after every dated one.
const noDate = int64(1<<63 - 1)

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{byID: map[string]int32{}, heads: map[uint32]head{}, members: map[string][]int32{}}
}

// Member is an article of a story.
type Member struct {
	ID        string
	Published int64 // Unix seconds, or NoDate
}

// NoDate is Member.Published of an undated article.
const NoDate = noDate

// Match finds the story text with sketch s copies: the story of the
// earlier article it overlaps most among those the rule (Overlap.Same)
// makes the same story, leaving out the article id itself. It returns ""
// when s copies none.
func (x *Index) Match(id string, s *Sketch) (story, of string, o Overlap) {
	if s.Empty() {
		return "", "", Overlap{}
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	self := int32(-1)
	if o, ok := x.byID[id]; ok {
		self = o
	}
	var seen []int32 // candidates are few: a slice beats a map
	best := int32(-1)
	var bestO Overlap
probing:
	for _, h := range s.Text[:min(probes, len(s.Text))] {
		hd, ok := x.heads[h]
		if !ok {
			continue
		}
		p := hd.last
		for n := 0; p >= 0 && n < maxPosting; n++ {
			c := x.posts[p].slot
			p = x.posts[p].next
			if c == self || slices.Contains(seen, c) {
				continue
			}
			seen = append(seen, c)
			sl := &x.slots[c]
			if !sl.alive {
				continue
			}
			ov := Compare(s, &sl.sketch)
			if !ov.Same() {
				continue
			}
			if SameText(s, &sl.sketch) {
				// The same text: nothing can overlap more. A re-send or
				// a reprint is the common case, and stopping here keeps
				// it from comparing every earlier copy.
				best, bestO = c, ov
				break probing
			}
			// The most overlap wins; between equals, the earlier article
			// (the lower slot), so that the choice does not depend on
			// the order postings are walked.
			if best < 0 || ov.Text > bestO.Text || ov.Text == bestO.Text && c < best {
				best, bestO = c, ov
			}
		}
	}
	if best < 0 {
		return "", "", Overlap{}
	}
	return x.slots[best].story, x.slots[best].id, bestO
}

// NewStory returns a story id for an article that starts one: its own id,
// or its id with a suffix when a live story already has that id (its
// founder left it, or was deleted and came back as another text).
func (x *Index) NewStory(id string) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	s := id
	for n := 2; len(x.members[s]) > 0; n++ {
		s = id + "~" + strconv.Itoa(n)
	}
	return s
}

// Put records an article's sketch, story and date, replacing what it had.
func (x *Index) Put(id string, s Sketch, story string, published int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	o, ok := x.byID[id]
	if !ok {
		o = int32(len(x.slots))
		x.slots = append(x.slots, slot{id: id})
		x.byID[id] = o
	}
	sl := &x.slots[o]
	if sl.alive {
		x.leave(o)
	}
	fresh := !ok || !sameHashes(sl.sketch.Text, s.Text)
	sl.sketch, sl.story, sl.published, sl.alive = s, story, published, true
	x.members[story] = append(x.members[story], o)
	if fresh && !s.Empty() {
		// An updated text posts its new hashes; its old postings stay,
		// found and skipped by the comparison with its new sketch.
		for _, h := range s.Text[:min(probes, len(s.Text))] {
			hd, ok := x.heads[h]
			if !ok {
				hd.last = -1
			}
			if hd.n >= maxPosting {
				continue
			}
			x.posts = append(x.posts, posting{slot: o, next: hd.last})
			x.heads[h] = head{last: int32(len(x.posts) - 1), n: hd.n + 1}
		}
	}
}

// Delete forgets an article; its story keeps its other members.
func (x *Index) Delete(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	o, ok := x.byID[id]
	if !ok || !x.slots[o].alive {
		return
	}
	x.leave(o)
	sl := &x.slots[o]
	sl.alive, sl.sketch = false, Sketch{}
}

// leave takes slot o out of its story's members.
func (x *Index) leave(o int32) {
	st := x.slots[o].story
	ms := x.members[st]
	for i, m := range ms {
		if m == o {
			ms = append(ms[:i:i], ms[i+1:]...)
			break
		}
	}
	if len(ms) == 0 {
		delete(x.members, st)
	} else {
		x.members[st] = ms
	}
}

// Story returns the story of an article.
func (x *Index) Story(id string) (string, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	o, ok := x.byID[id]
	if !ok || !x.slots[o].alive {
		return "", false
	}
	return x.slots[o].story, true
}

// Entry is what the index holds of one article.
type Entry struct {
	Sketch    Sketch
	Story     string
	Published int64
}

// Entry returns what the index holds of an article.
func (x *Index) Entry(id string) (Entry, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	o, ok := x.byID[id]
	if !ok || !x.slots[o].alive {
		return Entry{}, false
	}
	sl := &x.slots[o]
	return Entry{Sketch: sl.sketch, Story: sl.story, Published: sl.published}, true
}

// SameText reports whether two sketches are of the same text, as far as
// sketches tell.
func SameText(a, b *Sketch) bool { return a.Shingles == b.Shingles && sameHashes(a.Text, b.Text) }

// Members returns a story's articles, the canonical one first: the
// earliest published (undated last), then by id.
func (x *Index) Members(story string) []Member {
	x.mu.RLock()
	defer x.mu.RUnlock()
	ms := x.members[story]
	out := make([]Member, len(ms))
	for i, o := range ms {
		out[i] = Member{ID: x.slots[o].id, Published: x.slots[o].published}
	}
	sortMembers(out)
	return out
}

// Stories returns how many stories have members.
func (x *Index) Stories() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.members)
}

func sortMembers(ms []Member) {
	// Stories are small: insertion sort keeps it allocation-free.
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && earlier(ms[j], ms[j-1]); j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func earlier(a, b Member) bool {
	if a.Published != b.Published {
		return a.Published < b.Published
	}
	return strings.Compare(a.ID, b.ID) < 0
}

func sameHashes(a, b []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
