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
	// ParseQuery reads these lowercased, and a source whole, commas and
	// all; CountOnly is size=0, which leaves no Size (TestQueryCountOnly).
	fill(t, &q, map[string]any{"Sort": newsfind.SortDate, "Scope": newsfind.ScopePassage,
		"Distinct": newsfind.DistinctStory, "Sources": []string{"Reuters, London", "TRT World"}, "CountOnly": false})
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

// TestQueryCountOnly: size=0 asks for totals and facets only, and says
// so again when written; no size stays the default page.
func TestQueryCountOnly(t *testing.T) {
	for raw, want := range map[string]newsfind.Query{
		"q=oil&size=0":   {Text: "oil", CountOnly: true},
		"q=oil&size=%20": {Text: "oil"},
		"q=oil":          {Text: "oil"},
		"q=oil&size=7":   {Text: "oil", Size: 7},
	} {
		v, err := url.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseQuery(v)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v %+v, want %+v", raw, err, got, want)
		}
		if back, err := ParseQuery(QueryValues(got)); err != nil || !reflect.DeepEqual(back, want) {
			t.Errorf("%s written as %s: %v %+v", raw, QueryValues(got).Encode(), err, back)
		}
	}
	if v := QueryValues(newsfind.Query{CountOnly: true, Size: 5}); v.Get("size") != "0" {
		t.Errorf("CountOnly with a size is written as size=%s, want 0", v.Get("size"))
	}
}

// TestQueryRefused: what the server refuses, with the messages it gives.
func TestQueryRefused(t *testing.T) {
	for raw, msg := range map[string]string{
		"contry=KZ":          `unknown parameter "contry": the parameters are q, country,`,
		"format=csv&zz=1":    `unknown parameters "format", "zz": the parameters are`,
		"from=06.11.2025":    `from="06.11.2025" is not a date: use YYYY-MM-DD`,
		"size=-1":            `size="-1" must be a whole number of 1 or more`,
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
