package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestTermsCommandDraw: when the terms were counted on some of the
// matches, not all, the table's first line says how those were drawn
// (sample.draw); the CSV stays the table alone.
func TestTermsCommandDraw(t *testing.T) {
	data := t.TempDir()
	if code, out, errOut := runCLIStdin(t, tradeJSONL(), "ingest", "--data", data, "-"); code != 0 || !strings.HasPrefix(out, "240 stored") {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errOut)
	}
	for _, tc := range []struct {
		args []string
		want *regexp.Regexp
	}{
		{[]string{"tariffs"}, regexp.MustCompile(`^5 terms from 100 of 1\d\d matching articles, the best-scoring \(\d+ passages\) against \d+ passages; G2`)},
		{[]string{"--source", "Trade Wire"}, regexp.MustCompile(`^5 terms from 100 of 120 matching articles, an even spread over them \(\d+ passages\) against \d+ passages; G2`)},
	} {
		code, out, errOut := runCLI(t, append([]string{"terms", "--data", data, "--size", "5"}, tc.args...)...)
		if first, _, _ := strings.Cut(out, "\n"); code != 0 || !tc.want.MatchString(first) {
			t.Errorf("%v: exit %d %s\n%s", tc.args, code, errOut, out)
		}
		code, out, _ = runCLI(t, append([]string{"terms", "--data", data, "--size", "5", "--csv"}, tc.args...)...)
		if code != 0 || !strings.HasPrefix(out, "term,score,count,background\n") || strings.Contains(out, "matching") {
			t.Errorf("%v --csv: exit %d\n%s", tc.args, code, out)
		}
	}

	// A draw only a set of more than 12,800 matches takes, and an answer
	// of a server too old to say how it drew.
	for draw, want := range map[string]string{
		newsfind.DrawProminent: "1 terms from 100 of 152613 matching articles, those naming the query in title and lead (812 passages) against 4000000 passages; G2",
		"":                     "1 terms from 100 of 152613 matching articles (812 passages) against 4000000 passages; G2",
	} {
		var b bytes.Buffer
		tm := &newsfind.Terms{Statistic: newsfind.StatisticG2, Terms: []newsfind.Term{{Term: "barrels", Score: 90, Count: 40, Background: 900}},
			Sample: newsfind.TermsSample{Matched: 152613, Articles: 100, Passages: 812, Draw: draw, CollectionPassages: 4000000}}
		if err := printTerms(&b, tm, false); err != nil || !strings.HasPrefix(b.String(), want) {
			t.Errorf("draw %q: %v\n%s", draw, err, b.String())
		}
	}
}

// tradeJSONL is 120 distinct trade articles from Trade Wire, each naming
// tariffs, and 120 weather articles naming none, one JSON object a line:
// more matches than the terms sample's 100, and a background they stand
// apart from.
func tradeJSONL() string {
	trade := strings.Fields(`duties import export quota customs levy steel aluminium dumping retaliation
		exporters importers surplus deficit negotiators minister talks agreement treaty barrier subsidy`)
	weather := strings.Fields(`rain snow frost storm flood drought wind gusts temperature forecast river
		valley coast roads schools warning sunshine cloud`)
	r := rand.New(rand.NewPCG(7, 1))
	words := func(from []string, n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = from[r.IntN(len(from))]
		}
		return strings.Join(w, " ")
	}
	var b strings.Builder
	for k := range 120 {
		fmt.Fprintf(&b, `{"id":"trade-%03d","title":"Tariffs report %d","source":"Trade Wire","body":"New tariffs %s.\n\nThe tariffs %s."}`+"\n", k, k, words(trade, 25), words(trade, 25))
		fmt.Fprintf(&b, `{"id":"weather-%03d","title":"Weather %d","source":"Weather Desk","body":"The %s.\n\nAfter the %s."}`+"\n", k, k, words(weather, 25), words(weather, 25))
	}
	return b.String()
}
