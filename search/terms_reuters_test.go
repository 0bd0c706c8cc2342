package search

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/newsfind/newsfind"
)

// TestTermsReuters: the distinctive terms of three commodities over the
// whole of Reuters-21578 are each trade's own vocabulary. The expected
// words were written down from knowledge of the trades (their councils,
// stocks, places and reports), not read off the answers; the method has
// no word list of its own beyond the analyzer's stop words.
func TestTermsReuters(t *testing.T) {
	s, _ := reutersService(t, 21578)
	ctx := context.Background()
	for _, tc := range []struct {
		q      string
		expect []string // at least need of these among the top 25
		need   int
	}{
		{"cocoa", []string{"icco", "international cocoa organization", "buffer stock", "grindings", "ivory coast", "ghana", "arrivals", "council", "tonnes", "delegates", "producers", "consumers", "mid-crop", "main crop", "bean", "beans"}, 5},
		{"coffee", []string{"ico", "international coffee organization", "quotas", "quota", "export quotas", "brazil", "colombia", "bags", "producers", "consumers", "roasters", "ibc", "growers", "crop"}, 5},
		{"sugar", []string{"white sugar", "raws", "beet", "cane", "tonnes", "ec", "intervention", "rebate", "tender", "isa", "plantings", "refined", "traders", "whites"}, 5},
	} {
		start := time.Now()
		ts, err := s.Terms(ctx, newsfind.TermsQuery{Query: newsfind.Query{Text: tc.q}})
		if err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		var got []string
		for _, term := range ts.Terms {
			got = append(got, term.Term)
		}
		t.Logf("%s (%v, sample %+v): %s", tc.q, took, ts.Sample, strings.Join(got, " | "))
		if len(ts.Terms) != newsfind.DefaultTermsSize {
			t.Errorf("%s: %d terms, want %d", tc.q, len(ts.Terms), newsfind.DefaultTermsSize)
		}
		found := 0
		for _, term := range ts.Terms {
			low := strings.ToLower(term.Term)
			for _, e := range tc.expect {
				if low == e {
					found++
				}
			}
			for _, w := range strings.FieldsFunc(low, func(r rune) bool { return r == ' ' || r == '-' }) {
				if stopWord(t, w) {
					t.Errorf("%s: term %q has the stop word %q", tc.q, term.Term, w)
				}
				if strings.HasPrefix(w, tc.q) {
					t.Errorf("%s: term %q is the query's word", tc.q, term.Term)
				}
			}
			if term.Count < 2 || term.Background < term.Count || term.Score <= 0 {
				t.Errorf("%s: %+v: counts out of order", tc.q, term)
			}
		}
		if found < tc.need {
			t.Errorf("%s: %d of the trade's words in the top 25, want %d: %v", tc.q, found, tc.need, got)
		}
	}
}

// stopWord reports whether w is one of Bleve's English stop words,
// which are no terms.
func stopWord(t *testing.T, w string) bool {
	f, err := registry.NewCache().TokenFilterNamed(en.StopName)
	if err != nil {
		t.Fatal(err)
	}
	return len(f.Filter(analysis.TokenStream{{Term: []byte(w)}})) == 0
}
