package wire

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestQueryEveryField: every field of a Query, written as parameters, is
// read back as it was: a field added to Query and not to the codec fails.
func TestQueryEveryField(t *testing.T) {
	var q newsfind.Query
	// ParseQuery reads these lowercased, and a source whole, commas and all.
	fill(t, &q, map[string]any{"Sort": newsfind.SortDate, "Scope": newsfind.ScopePassage,
		"Distinct": newsfind.DistinctStory, "Sources": []string{"Reuters, London", "TRT World"}})
	v := QueryValues(q)
	got, err := ParseQuery(v)
	if err != nil {
		t.Fatalf("%s: %v", v.Encode(), err)
	}
	if !reflect.DeepEqual(got, q) {
		t.Errorf("sent %+v\nas %s\ngot  %+v", q, v.Encode(), got)
	}
	for name := range v {
		if !strings.Contains(strings.Join(SearchParams, " "), name) {
			t.Errorf("QueryValues wrote %q, which is not among SearchParams", name)
		}
	}
	if got, err := ParseQuery(QueryValues(newsfind.Query{})); err != nil || !reflect.DeepEqual(got, newsfind.Query{}) {
		t.Errorf("the zero query: %v %+v", err, got)
	}
}

// TestQueryRefused: what the server refuses, with the messages it gives.
func TestQueryRefused(t *testing.T) {
	for raw, msg := range map[string]string{
		"contry=KZ":          `unknown parameter "contry": the parameters are q, country,`,
		"format=csv&zz=1":    `unknown parameters "format", "zz": the parameters are`,
		"from=06.11.2025":    `from="06.11.2025" is not a date: use YYYY-MM-DD`,
		"size=0":             `size="0" must be a whole number of 1 or more`,
		"page=-1":            `page="-1" must be a whole number of 1 or more`,
		"lineage=maybe":      `lineage=maybe: give true or false`,
		"facet_size=lots&q=": `facet_size="lots" must be a whole number`,
	} {
		v, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		_, err = ParseQuery(v)
		if newsfind.ErrorCode(err) != newsfind.EINVALID || !strings.Contains(newsfind.ErrorMessage(err), msg) {
			t.Errorf("%s: %v, want EINVALID with %q", raw, err, msg)
		}
	}
}
