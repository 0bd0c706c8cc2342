package story

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// randomTexts returns n texts of random words with figures in them: each
// its own story.
func randomTexts(n int) []string {
	r := rand.New(rand.NewPCG(1, 2))
	words := strings.Fields(wireText)
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for j := range 120 {
			if j%9 == 0 {
				fmt.Fprintf(&b, "%d ", r.IntN(100000))
			}
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		out[i] = b.String()
	}
	return out
}

// heapAfterGC is the live heap after a collection.
func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestIndexMemory: the story index is held for every article a server
// has, so what it keeps per article is bounded. At ×9 (every text nine
// times, the bench's corpus) it kept ~380 bytes an article before its
// slots were packed and a text's sketch kept once; the bound leaves room
// for the maps' growth steps.
func TestIndexMemory(t *testing.T) {
	const texts, copies = 3000, 9
	sketches := make([]Sketch, texts)
	for i, s := range randomTexts(texts) {
		sketches[i] = Of(s)
	}
	ids := make([]string, texts*copies)
	for i := range ids {
		ids[i] = fmt.Sprintf("reuters-%d-x%d", i%texts, i/texts)
	}
	before := heapAfterGC()
	x := NewIndex()
	for i, id := range ids {
		sk := sketches[i%texts]
		// Each copy brings its own sketch, as each write does.
		sk.Text = append([]uint32(nil), sk.Text...)
		st, _, _ := x.Match(id, &sk)
		if st == "" {
			st = x.NewStory(id)
		}
		x.Put(id, sk, st, int64(i))
	}
	after := heapAfterGC()
	per := float64(after-before) / float64(len(ids))
	t.Logf("%.0f bytes an article (%d articles, %d stories)", per, len(ids), x.Stories())
	if per > 260 {
		t.Errorf("the story index keeps %.0f bytes an article at ×%d; want at most 260", per, copies)
	}
	if x.Stories() != texts {
		t.Errorf("%d stories of %d texts", x.Stories(), texts)
	}
	runtime.KeepAlive(x)
	runtime.KeepAlive(sketches)
}

// TestIndexSharedSketches: copies share one sketch's hashes, and deleting,
// replacing and compacting keep every article's own sketch and story.
func TestIndexSharedSketches(t *testing.T) {
	const texts = 400
	all := randomTexts(texts + 1)
	x := NewIndex()
	want := map[string]Sketch{}
	put := func(id string, sk Sketch) {
		st, _, _ := x.Match(id, &sk)
		if st == "" {
			st = x.NewStory(id)
		}
		x.Put(id, sk, st, 0)
		want[id] = sk
	}
	for c := range 3 {
		for i := range texts {
			put(fmt.Sprintf("%d-x%d", i, c), Of(all[i]))
		}
	}
	// Delete the originals and most copies, enough to compact the hashes,
	// then give one copy a new text.
	for i := range texts {
		x.Delete(fmt.Sprintf("%d-x0", i))
		delete(want, fmt.Sprintf("%d-x0", i))
		if i%4 != 0 {
			x.Delete(fmt.Sprintf("%d-x1", i))
			delete(want, fmt.Sprintf("%d-x1", i))
		}
	}
	put("0-x2", Of(all[texts]))
	for id, sk := range want {
		e, ok := x.Entry(id)
		if !ok || !SameText(&e.Sketch, &sk) {
			t.Fatalf("%s: entry %v, sketch changed", id, ok)
		}
	}
	for i := 1; i < texts; i++ {
		id := fmt.Sprintf("%d-x2", i)
		st, _ := x.Story(id)
		if st != fmt.Sprintf("%d-x0", i) {
			t.Fatalf("%s is in story %q, want %d-x0", id, st, i)
		}
		ms := x.Members(st)
		if n := 1 + map[bool]int{true: 1}[i%4 == 0]; len(ms) != n {
			t.Fatalf("story %s has %d members, want %d", st, len(ms), n)
		}
		// A new copy still finds its live copies.
		sk := Of(all[i])
		if got, _, _ := x.Match("new", &sk); got != st {
			t.Fatalf("a new copy of %d joined %q, want %q", i, got, st)
		}
	}
	if st, _ := x.Story("0-x2"); st != "0-x2" {
		t.Errorf("the rewritten copy is in story %q, want its own", st)
	}
	if x.Stories() != texts+1 {
		t.Errorf("%d stories, want %d", x.Stories(), texts+1)
	}
}
