package wire

import (
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestParseSavedSearch: the body takes the search parameters as strings,
// lists for the ones with several values, and JSON booleans and numbers
// where the query string would have their text; a list where one value
// goes, an unknown field and paging are refused by name.
func TestParseSavedSearch(t *testing.T) {
	ss, err := ParseSavedSearch(strings.NewReader(`{"name":"KZ oil","q":"oil","country":["KZ","RU"],"commodity":"wheat,corn","lineage":true,"from":"2025-01-01","webhook":"https://example.com/h"}`))
	if err != nil {
		t.Fatal(err)
	}
	q := ss.Query
	if ss.Name != "KZ oil" || ss.Webhook != "https://example.com/h" || q.Text != "oil" || !slices.Equal(q.Countries, []string{"KZ", "RU"}) ||
		!slices.Equal(q.Commodities, []string{"wheat", "corn"}) || !q.Lineage || q.From.Format(newsfind.DateLayout) != "2025-01-01" {
		t.Fatalf("parsed %+v", ss)
	}
	for body, want := range map[string]string{
		`{"name":"x","q":["a","b"]}`: `"q" must be a string`,
		`{"name":"x","size":"10"}`:   `"size"`,
		`{"name":"x","after":"c"}`:   `"after"`,
		`{"name":1}`:                 `"name" must be a string`,
		`{"name":"x"} {"name":"y"}`:  "one JSON object",
		`{"name":"x","sort":{}}`:     `"sort" must be a string`,
	} {
		if _, err := ParseSavedSearch(strings.NewReader(body)); newsfind.ErrorCode(err) != newsfind.EINVALID || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want an invalid error naming %s", body, err, want)
		}
	}
}
