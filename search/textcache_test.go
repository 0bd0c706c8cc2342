package search

import (
	"fmt"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

func TestTextCache(t *testing.T) {
	doc := func(id string, n int) *newsfind.Document {
		return &newsfind.Document{Article: newsfind.Article{ID: id}, Passages: []newsfind.Passage{{Text: strings.Repeat("x", n)}}}
	}
	c := newTextCache(100)
	_, gen := c.get("a")
	c.put(doc("a", 20), gen)
	c.put(doc("b", 20), gen)
	if d, _ := c.get("a"); d == nil {
		t.Fatal("a was not kept")
	}
	// A read that started before a rewrite is not kept.
	_, before := c.get("c")
	c.forget([]string{"a"})
	c.put(doc("c", 20), before)
	if d, _ := c.get("c"); d != nil {
		t.Error("a document read before a rewrite was kept")
	}
	if d, _ := c.get("a"); d != nil {
		t.Error("a rewritten article is still cached")
	}
	// Rewriting and re-reading one article many times keeps one entry,
	// and the oldest go first when full.
	for i := range 1000 {
		c.forget([]string{"b"})
		_, gen := c.get("b")
		c.put(doc("b", 20+i%3), gen)
	}
	if c.order.Len() != 1 || len(c.byID) != 1 {
		t.Errorf("after 1000 rewrites of one article: %d entries in order, %d by id", c.order.Len(), len(c.byID))
	}
	_, gen = c.get("x")
	for i := range 10 {
		c.put(doc(fmt.Sprint("n", i), 20), gen)
	}
	if c.bytes > 100 || c.order.Len() != 5 {
		t.Errorf("over the limit: %d bytes in %d entries", c.bytes, c.order.Len())
	}
	if d, _ := c.get("n9"); d == nil {
		t.Error("the newest was evicted")
	}
	if d, _ := c.get("n0"); d != nil {
		t.Error("the oldest was kept")
	}
	c.put(doc("big", 30), gen) // over a quarter of the cache
	if d, _ := c.get("big"); d != nil {
		t.Error("a document over a quarter of the cache was kept")
	}
}
