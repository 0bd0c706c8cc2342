package engine_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/engine"
	"github.com/newsfind/newsfind/internal/enginetest"
)

const cocoaWire = `A senior Ivory Coast Agriculture Ministry official confirmed his country's backing for a new international cocoa pact and said Ivorian delegates would be present at talks on its buffer stock starting this week.

The official told Reuters that Ivorian Agriculture Minister Denis Bra Kanon would attend the talks in London, which open on March 23 and are due to last two weeks.

Ivory Coast, the world's largest cocoa producer with a crop of 565,000 tonnes last season, did not participate in the last international cocoa pact.

Its decision to join the new accord has sparked hopes that it will be more successful in supporting prices, which fell 12 pct last year, traders said.`

const goldWire = `Gold prices rose in Hong Kong on Monday to 405.50 dlrs an ounce from Friday's close of 401.20 dlrs, dealers said, as the U.S. dollar weakened against the yen.

Local gold prices rose to 3,675 Hong Kong dlrs a tael from 3,640 on Friday, and trading was moderate.`

func day(s string) time.Time {
	t, err := time.Parse(newsfind.DateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func wire(id, source, published, body string) newsfind.Article {
	return newsfind.Article{ID: id, URL: "https://example.com/" + id, Title: "Story " + id, Source: source,
		Published: day(published), Body: body}
}

func firstHalf(s string) string {
	w := strings.Fields(s)
	return strings.Join(w[:len(w)/2], " ")
}

func addStory(t *testing.T, e *engine.Engine, arts ...newsfind.Article) []newsfind.Outcome {
	t.Helper()
	outs, err := e.Add(context.Background(), arts)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range outs {
		if o.Status == newsfind.StatusError {
			t.Fatalf("%s refused: %s", o.ID, o.Error)
		}
	}
	return outs
}

// storyOf returns an article's story and the ids of its copies.
func storyOf(t *testing.T, e *engine.Engine, id string) (string, []string) {
	t.Helper()
	d, err := e.Searcher().Document(context.Background(), id)
	if err != nil {
		t.Fatalf("document %s: %v", id, err)
	}
	var ids []string
	for _, c := range d.Copies {
		ids = append(ids, c.ID)
	}
	return d.StoryID, ids
}

func searchQ(t *testing.T, e *engine.Engine, q newsfind.Query) *newsfind.Result {
	t.Helper()
	r, err := e.Searcher().Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestStoriesSurvive: copies join the story of the article they copy; a
// story keeps its id and members across a restart and a re-index; an
// update may leave and join; the canonical article moves when the earliest
// is deleted; a delete is gone from search, facets and the story, and
// stays gone after a restart and a re-index.
func TestStoriesSurvive(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	e := enginetest.Open(t, enginetest.Dir(dir))
	addStory(t, e, wire("wire-1", "Reuters", "1987-03-15", cocoaWire))
	addStory(t, e,
		wire("copy-half", "Daily Courier", "1987-03-16", firstHalf(cocoaWire)),
		wire("copy-credit", "Metro Herald", "1987-03-16", "By a staff writer, with Reuters\n\n"+cocoaWire),
		wire("gold-1", "Reuters", "1987-03-16", goldWire))
	st, copies := storyOf(t, e, "copy-half")
	if st != "wire-1" || !slices.Equal(copies, []string{"wire-1", "copy-credit"}) {
		t.Fatalf("first half: story %q copies %v; want story wire-1, copies [wire-1 copy-credit] (canonical first)", st, copies)
	}
	if st, copies := storyOf(t, e, "gold-1"); st != "gold-1" || len(copies) != 0 {
		t.Fatalf("another story: %q %v", st, copies)
	}

	// distinct=story: one hit per story, with its copies; facets count
	// stories, each under every source that carried it.
	r := searchQ(t, e, newsfind.Query{Text: "cocoa OR gold", Distinct: newsfind.DistinctStory})
	if r.TotalArticles != 4 || r.TotalStories != 2 || len(r.Hits) != 2 {
		t.Fatalf("distinct=story: %d articles, %d stories, %d hits; want 4, 2, 2", r.TotalArticles, r.TotalStories, len(r.Hits))
	}
	for _, h := range r.Hits {
		if h.StoryID == "wire-1" && (h.StoryArticles != 3 || h.Outlets != 3 || len(h.Copies) != 2) {
			t.Errorf("cocoa hit: %d articles, %d outlets, %d copies; want 3, 3, 2", h.StoryArticles, h.Outlets, len(h.Copies))
		}
	}
	sources := map[string]int{}
	for _, v := range r.Facets.Source {
		sources[v.Value] = v.Count
	}
	if sources["Reuters"] != 2 || sources["Daily Courier"] != 1 {
		t.Errorf("source facet by story: %v; want Reuters 2 (two stories), Daily Courier 1", sources)
	}
	if n := len(r.Facets.Date.Buckets); n == 0 {
		t.Errorf("no timeline")
	} else if sum := sumBuckets(r.Facets.Date); sum != 2 {
		t.Errorf("timeline counts %d; want 2 stories", sum)
	}
	if all := searchQ(t, e, newsfind.Query{Text: "cocoa OR gold"}); all.TotalArticles != 4 || all.TotalStories != 0 || sumBuckets(all.Facets.Date) != 4 {
		t.Errorf("without distinct: %d articles, %d stories, timeline %d", all.TotalArticles, all.TotalStories, sumBuckets(all.Facets.Date))
	}

	// The same article again is unchanged, story and all.
	if outs := addStory(t, e, wire("copy-half", "Daily Courier", "1987-03-16", firstHalf(cocoaWire))); outs[0].Status != newsfind.StatusUnchanged {
		t.Errorf("the same copy again: %s", outs[0].Status)
	}

	// Restart: the same stories.
	e.Close()
	e = enginetest.Open(t, enginetest.Dir(dir))
	if st, copies := storyOf(t, e, "copy-credit"); st != "wire-1" || !slices.Equal(copies, []string{"wire-1", "copy-half"}) {
		t.Fatalf("after a restart: %q %v", st, copies)
	}

	// An update that is another text leaves the story; back, it joins.
	addStory(t, e, wire("copy-credit", "Metro Herald", "1987-03-16", goldWire+"\n\nAdded by the Metro Herald desk."))
	if st, _ := storyOf(t, e, "copy-credit"); st != "gold-1" {
		t.Errorf("updated to the gold text: story %q, want gold-1", st)
	}
	if _, copies := storyOf(t, e, "wire-1"); !slices.Equal(copies, []string{"copy-half"}) {
		t.Errorf("the cocoa story after copy-credit left: copies %v", copies)
	}
	addStory(t, e, wire("copy-credit", "Metro Herald", "1987-03-16", "By a staff writer, with Reuters\n\n"+cocoaWire))
	if st, _ := storyOf(t, e, "copy-credit"); st != "wire-1" {
		t.Errorf("updated back: story %q, want wire-1", st)
	}

	// Delete the earliest: the canonical moves; the story keeps its id.
	gone, err := e.Delete(ctx, []string{"wire-1", "no-such-id"})
	if err != nil || !slices.Equal(gone, []string{"wire-1"}) {
		t.Fatalf("delete: %v %v", gone, err)
	}
	if _, err := e.Searcher().Document(ctx, "wire-1"); newsfind.ErrorCode(err) != newsfind.ENOTFOUND {
		t.Errorf("deleted article: %v, want not found", err)
	}
	// Both copies ran a day later; between equals the lower id is first.
	d, _ := e.Searcher().Document(ctx, "copy-half")
	if d.StoryID != "wire-1" || len(d.Copies) != 1 || d.Copies[0].ID != "copy-credit" || !d.Copies[0].Canonical {
		t.Errorf("after the earliest left: %q %+v; want story wire-1 with copy-credit canonical", d.StoryID, d.Copies)
	}
	checkGone := func(when string) {
		t.Helper()
		r := searchQ(t, e, newsfind.Query{Text: "cocoa"})
		for _, h := range r.Hits {
			if h.ID == "wire-1" {
				t.Errorf("%s: the deleted article is a hit", when)
			}
		}
		if r.TotalArticles != 2 {
			t.Errorf("%s: cocoa finds %d articles, want 2", when, r.TotalArticles)
		}
		r = searchQ(t, e, newsfind.Query{Sources: []string{"Reuters"}})
		if r.TotalArticles != 1 {
			t.Errorf("%s: source Reuters has %d articles, want 1 (gold-1)", when, r.TotalArticles)
		}
		for _, v := range searchQ(t, e, newsfind.Query{}).Facets.Source {
			if v.Value == "Reuters" && v.Count != 1 {
				t.Errorf("%s: source facet Reuters %d, want 1", when, v.Count)
			}
		}
		c, err := e.Counts()
		if err != nil || c.Stored != c.Catalog || c.Passages != c.WantPassages {
			t.Errorf("%s: counts %+v %v", when, c, err)
		}
	}
	checkGone("after delete")
	e.Close()
	e = enginetest.Open(t, enginetest.Dir(dir))
	checkGone("after a restart")
	if err := e.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	checkGone("after a re-index")
	if st, copies := storyOf(t, e, "copy-half"); st != "wire-1" || !slices.Equal(copies, []string{"copy-credit"}) {
		t.Errorf("after a re-index: %q %v", st, copies)
	}
	// A new text with the founder's id while its story lives gets a
	// story of its own, not the old one's id.
	addStory(t, e, wire("wire-1", "Reuters", "1987-04-01", "Completely different: the sugar beet harvest in France was delayed by rain in the north, the ministry said on Tuesday, and yields were put at 55 tonnes a hectare."))
	if st, _ := storyOf(t, e, "wire-1"); st == "wire-1" {
		t.Errorf("a new text reused the live story id %q", st)
	}
}

func sumBuckets(f newsfind.DateFacet) int {
	n := f.Undated
	for _, b := range f.Buckets {
		n += b.Count
	}
	return n
}

// TestSeedsThreeStories: the three seed articles are about one subject
// and are three stories.
func TestSeedsThreeStories(t *testing.T) {
	e := enginetest.Open(t, enginetest.Seeds())
	r := searchQ(t, e, newsfind.Query{Distinct: newsfind.DistinctStory})
	if r.TotalArticles != 3 || r.TotalStories != 3 {
		t.Errorf("seeds: %d articles in %d stories, want 3 in 3", r.TotalArticles, r.TotalStories)
	}
}

// TestDeleteInput: bad ids are refused, an unknown one is not an error.
func TestDeleteInput(t *testing.T) {
	e := enginetest.Open(t)
	ctx := context.Background()
	for _, ids := range [][]string{nil, {"has space"}, {strings.Repeat("x", 200)}} {
		if _, err := e.Delete(ctx, ids); newsfind.ErrorCode(err) != newsfind.EINVALID {
			t.Errorf("delete %q: %v, want invalid", ids, err)
		}
	}
	if gone, err := e.Delete(ctx, []string{"unknown"}); err != nil || len(gone) != 0 {
		t.Errorf("unknown id: %v %v", gone, err)
	}
}

// TestDeleteDuringReindex: articles deleted while the index is rebuilt
// are not in the new index.
func TestDeleteDuringReindex(t *testing.T) {
	dir := t.TempDir()
	e := open(t, dir)
	arts := articles("del", 3000)
	if _, err := e.Add(context.Background(), arts); err != nil {
		t.Fatal(err)
	}
	before := checkCounts(t, e).Stored
	done := make(chan error, 1)
	go func() { done <- e.Reindex(context.Background(), nil) }()
	var ids []string
	for i := 0; i < 3000; i += 10 {
		ids = append(ids, arts[i].ID)
		if _, err := e.Delete(context.Background(), []string{arts[i].ID}); err != nil {
			t.Fatal(err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	c := checkCounts(t, e)
	if c.Stored != before-len(ids) {
		t.Errorf("stored %d, want %d", c.Stored, before-len(ids))
	}
	for _, id := range ids[:20] {
		if _, err := e.Searcher().Document(context.Background(), id); newsfind.ErrorCode(err) != newsfind.ENOTFOUND {
			t.Errorf("%s after the re-index: %v", id, err)
		}
	}
}
