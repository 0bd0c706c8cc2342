package query

import (
	"reflect"
	"testing"
)

func TestLiftFields(t *testing.T) {
	tests := []struct {
		in, rest string
		fields   []string
	}{
		{"country:JP trade", "trade", []string{"country:JP"}},
		{"country:JP commodity:oil trade deficit", "trade deficit", []string{"country:JP", "commodity:oil"}},
		{"country:JP trade -oil", "trade -oil", []string{"country:JP"}},
		// Nothing else to search by: Bleve is faster on the field alone.
		{"country:JP", "country:JP", nil},
		{"country:JP -oil", "country:JP -oil", nil},
		{"country:JP source:Reuters", "country:JP source:Reuters", nil},
		// Not required at the top level.
		{"country:JP OR trade", "country:JP OR trade", nil},
		{"trade -country:JP", "trade -country:JP", nil},
		{"(country:JP trade) OR oil", "(country:JP trade) OR oil", nil},
		{"country:JP trade OR oil", "trade OR oil", []string{"country:JP"}},
		{"title:oil country:JP trade", "title:oil trade", []string{"country:JP"}},
		{"trade deficit", "trade deficit", nil},
	}
	for _, tt := range tests {
		n, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		rest, fields := LiftFields(n)
		var got []string
		for _, f := range fields {
			got = append(got, f.String())
		}
		if rest.String() != tt.rest || !reflect.DeepEqual(got, tt.fields) {
			t.Errorf("LiftFields(%q) = %q, %q; want %q, %q", tt.in, rest, got, tt.rest, tt.fields)
		}
	}
}
