package story

import (
	"math"
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
//
// It is held for every article the server has, so it is laid out in
// packed slices addressed by ordinals (docs/benchmarks.md, "Eighth
// session: serving memory"): a slot per article, the sketches' hashes in
// one array (the same text's sketch kept once: re-sends and reprints are
// common), a row per story with its members linked through their slots.
// The strings it keeps are the articles' ids and one id per story.
type Index struct {
	mu     sync.RWMutex
	slots  []slot
	byID   map[string]int32
	hashes []uint32        // every slot's sketch, at slot.at; only appended to, until compacted
	wasted int             // hashes no slot may point at any more: compactHashes when they outgrow the rest
	heads  map[uint32]head // posted hash -> its postings
	posts  []posting

	stories []storyRow       // by story ordinal; never reused
	storyOf map[string]int32 // story id -> ordinal
	live    int              // stories with members
}

// slot is one article. A deleted article keeps its slot (story -1), so
// that the postings that name it stay valid.
type slot struct {
	id        string
	published int64 // Unix seconds; noDate when unknown
	at        uint32
	shingles  int32 // Sketch.Shingles
	story     int32 // ordinal; -1 when the article is deleted
	next      int32 // the next member of its story, or -1
	n         uint8 // hashes in the sketch, at most TextSize
}

func (sl *slot) alive() bool { return sl.story >= 0 }

// storyRow is a story: its id and its members, linked through the slots.
type storyRow struct {
	name  string
	first int32 // a member's slot, or -1
	n     int32 // members
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
	return &Index{byID: map[string]int32{}, heads: map[uint32]head{}, storyOf: map[string]int32{}}
}

// sketch returns slot o's sketch. Its hashes are the index's: they are
// never written in place (compaction makes a new array).
func (x *Index) sketch(o int32) Sketch {
	sl := &x.slots[o]
	if sl.n == 0 {
		return Sketch{Shingles: int(sl.shingles)}
	}
	end := sl.at + uint32(sl.n)
	return Sketch{Shingles: int(sl.shingles), Text: x.hashes[sl.at:end:end]}
}

// storyName returns the id of slot o's story.
func (x *Index) storyName(o int32) string { return x.stories[x.slots[o].story].name }

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
			if !x.slots[c].alive() {
				continue
			}
			sk := x.sketch(c)
			ov := Compare(s, &sk)
			if !ov.Same() {
				continue
			}
			if SameText(s, &sk) {
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
	return x.storyName(best), x.slots[best].id, bestO
}

// NewStory returns a story id for an article that starts one: its own id,
// or its id with a suffix when a live story already has that id (its
// founder left it, or was deleted and came back as another text).
func (x *Index) NewStory(id string) string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	s := id
	for n := 2; x.hasMembers(s); n++ {
		s = id + "~" + strconv.Itoa(n)
	}
	return s
}

func (x *Index) hasMembers(story string) bool {
	r, ok := x.storyOf[story]
	return ok && x.stories[r].n > 0
}

// Put records an article's sketch, story and date, replacing what it had.
func (x *Index) Put(id string, s Sketch, story string, published int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	o, ok := x.byID[id]
	if !ok {
		o = int32(len(x.slots))
		x.slots = append(x.slots, slot{id: id, story: -1, next: -1})
		x.byID[id] = o
	}
	sl := &x.slots[o]
	if sl.alive() {
		x.leave(o)
	}
	old := x.sketch(o)
	fresh := !ok || !sameHashes(old.Text, s.Text)
	if fresh {
		x.wasted += int(sl.n)
		x.setSketch(o, &s)
	}
	sl.shingles = int32(min(s.Shingles, math.MaxInt32))
	sl.published = published
	x.join(o, story)
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
	// A compaction reads every slot: it waits for waste of a few hashes
	// a slot, so that deleting every article costs a few passes in all.
	if x.wasted > len(x.hashes)/2+4096 && x.wasted > 4*len(x.slots) {
		x.compactHashes()
	}
}

// maxShare bounds the postings Put reads to find a slot with the same
// text, whose hashes it then shares: a copy's original is among the
// latest postings of its smallest hash, unless that hash is common.
const maxShare = 32

// setSketch gives slot o the hashes of s: those of a live slot with the
// same text when one is found, else a copy appended to the array.
func (x *Index) setSketch(o int32, s *Sketch) {
	n := min(len(s.Text), TextSize)
	sl := &x.slots[o]
	if n == 0 {
		sl.at, sl.n = 0, 0
		return
	}
	if at, ok := x.sameSketch(o, s.Text[:n]); ok {
		sl.at, sl.n = at, uint8(n)
		return
	}
	if len(x.hashes)+n > math.MaxUint32 {
		x.compactHashes()
	}
	sl.at, sl.n = uint32(len(x.hashes)), uint8(n)
	x.hashes = append(x.hashes, s.Text[:n]...)
}

// sameSketch looks for a live slot other than o whose sketch has the
// hashes hs, among the latest postings of the smallest, and returns where
// its hashes are.
func (x *Index) sameSketch(o int32, hs []uint32) (uint32, bool) {
	hd, ok := x.heads[hs[0]]
	if !ok {
		return 0, false
	}
	for p, i := hd.last, 0; p >= 0 && i < maxShare; p, i = x.posts[p].next, i+1 {
		c := x.posts[p].slot
		if c == o || !x.slots[c].alive() {
			continue
		}
		if other := x.sketch(c); sameHashes(other.Text, hs) {
			return x.slots[c].at, true
		}
	}
	return 0, false
}

// compactHashes makes the hash array again with only the live slots'
// sketches, each distinct run once. Sketches handed out keep the old
// array.
func (x *Index) compactHashes() {
	moved := make(map[uint32]uint32) // old start -> new start, of runs kept
	hashes := make([]uint32, 0, max(len(x.hashes)-x.wasted, 0)+TextSize)
	for i := range x.slots {
		sl := &x.slots[i]
		if sl.n == 0 {
			continue
		}
		if !sl.alive() {
			sl.n, sl.at = 0, 0
			continue
		}
		if at, ok := moved[sl.at]; ok {
			sl.at = at
			continue
		}
		at := uint32(len(hashes))
		hashes = append(hashes, x.hashes[sl.at:sl.at+uint32(sl.n)]...)
		moved[sl.at], sl.at = at, at
	}
	x.hashes, x.wasted = hashes, 0
}

// join makes slot o a member of story, numbering the story if it is new.
func (x *Index) join(o int32, story string) {
	r, ok := x.storyOf[story]
	if !ok {
		r = int32(len(x.stories))
		x.stories = append(x.stories, storyRow{name: story, first: -1})
		x.storyOf[story] = r
	}
	row := &x.stories[r]
	if row.n == 0 {
		x.live++
	}
	sl := &x.slots[o]
	sl.story, sl.next = r, row.first
	row.first = o
	row.n++
}

// Delete forgets an article; its story keeps its other members.
func (x *Index) Delete(id string) {
	x.mu.Lock()
	defer x.mu.Unlock()
	o, ok := x.byID[id]
	if !ok || !x.slots[o].alive() {
		return
	}
	x.leave(o)
	sl := &x.slots[o]
	x.wasted += int(sl.n)
	sl.n, sl.at, sl.shingles = 0, 0, 0
}

// leave takes slot o out of its story's members.
func (x *Index) leave(o int32) {
	sl := &x.slots[o]
	row := &x.stories[sl.story]
	for p := &row.first; *p >= 0; p = &x.slots[*p].next {
		if *p == o {
			*p = sl.next
			break
		}
	}
	row.n--
	if row.n == 0 {
		x.live--
	}
	sl.story, sl.next = -1, -1
}

// Story returns the story of an article.
func (x *Index) Story(id string) (string, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	o, ok := x.byID[id]
	if !ok || !x.slots[o].alive() {
		return "", false
	}
	return x.storyName(o), true
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
	if !ok || !x.slots[o].alive() {
		return Entry{}, false
	}
	return Entry{Sketch: x.sketch(o), Story: x.storyName(o), Published: x.slots[o].published}, true
}

// SameText reports whether two sketches are of the same text, as far as
// sketches tell.
func SameText(a, b *Sketch) bool { return a.Shingles == b.Shingles && sameHashes(a.Text, b.Text) }

// Members returns a story's articles, the canonical one first: the
// earliest published (undated last), then by id.
func (x *Index) Members(story string) []Member {
	x.mu.RLock()
	defer x.mu.RUnlock()
	r, ok := x.storyOf[story]
	if !ok {
		return []Member{}
	}
	out := make([]Member, 0, x.stories[r].n)
	for o := x.stories[r].first; o >= 0; o = x.slots[o].next {
		out = append(out, Member{ID: x.slots[o].id, Published: x.slots[o].published})
	}
	sortMembers(out)
	return out
}

// Stories returns how many stories have members.
func (x *Index) Stories() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.live
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
