package ingest

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestParseBytesFeedItemCap: a feed given as an input with more items than
// MaxFeedItems is refused as a whole, naming the limit, before gofeed
// holds its items; one at the cap is read.
func TestParseBytesFeedItemCap(t *testing.T) {
	feed := func(n int) []byte {
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>`)
		for range n {
			b.WriteString(`<item></item>`)
		}
		b.WriteString(`</channel></rss>`)
		return []byte(b.String())
	}
	_, err := ParseBytes(feed(MaxFeedItems+1), "big.rss", "", Options{})
	if newsfind.ErrorLimit(err) != "max_feed_items" || !strings.Contains(err.Error(), "20001 items") {
		t.Errorf("a feed over the cap: %v", err)
	}
	items, err := ParseBytes(feed(MaxFeedItems), "ok.rss", "", Options{})
	if err != nil || len(items) != MaxFeedItems {
		t.Errorf("a feed at the cap: %d items, %v", len(items), err)
	}
}
