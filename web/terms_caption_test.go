package web

import (
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/enginetest"
)

// TestTermsCaptionDraw: when the terms were counted on some of the
// matches, not all, the panel's caption says how those were drawn
// (sample.draw): the best-scoring, those naming the query in title and
// lead, or an even spread. The caption is the server's, on the terms page
// a browser without JavaScript follows and in the fragment the results
// page's script loads from it.
func TestTermsCaptionDraw(t *testing.T) {
	eng := enginetest.Open(t, enginetest.Seeds(), enginetest.Articles(tradeCorpus()))
	ts := newTestServer(t, eng.Searcher())
	for _, tc := range []struct {
		path string
		want *regexp.Regexp
	}{
		{"/terms?q=tariffs", regexp.MustCompile(`From 100 of 1[0-9]{2} matching articles, the best-scoring \(\d+ passages\) against \d+ passages`)},
		{"/terms?source=Trade+Wire", regexp.MustCompile(`From 100 of 120 matching articles, an even spread over them \(\d+ passages\) against \d+ passages`)},
		// Every match counted: how they were drawn says nothing.
		{"/terms?q=fentanyl", regexp.MustCompile(`From 1 of 1 matching article \(\d+ passages\) against \d+ passages`)},
	} {
		st, _, page := get(t, ts, tc.path)
		if note := termsNote(page); st != 200 || !tc.want.MatchString(note) {
			t.Errorf("%s: %d, caption %q", tc.path, st, note)
		}
	}

	// A draw only a set of more than 12,800 matches takes, and an answer
	// of a server too old to say how it drew.
	f := &termsSearcher{}
	ts = newTestServer(t, f)
	for draw, want := range map[string]string{
		newsfind.DrawProminent: "From 100 of 152613 matching articles, those naming the query in title and lead (812 passages) against 4000000 passages;",
		newsfind.DrawBest:      "From 100 of 152613 matching articles, the best-scoring (812 passages) against 4000000 passages;",
		newsfind.DrawSpread:    "From 100 of 152613 matching articles, an even spread over them (812 passages) against 4000000 passages;",
		"":                     "From 100 of 152613 matching articles (812 passages) against 4000000 passages;",
	} {
		f.terms = newsfind.Terms{Statistic: newsfind.StatisticG2, Terms: []newsfind.Term{{Term: "barrels", Score: 90, Count: 40, Background: 900}},
			Sample: newsfind.TermsSample{Matched: 152613, Articles: 100, Passages: 812, Bytes: 90000, Draw: draw, CollectionPassages: 4000000}}
		st, _, page := get(t, ts, "/terms?q=oil")
		if note := termsNote(page); st != 200 || !strings.HasPrefix(note, want) {
			t.Errorf("draw %q: %d, caption %q", draw, st, note)
		}
	}
}

var termsNoteRe = regexp.MustCompile(`(?s)<p class="terms-note[^"]*">(.*?)<a `)

// termsNote is the text of the terms panel's caption in page.
func termsNote(page string) string {
	m := termsNoteRe.FindStringSubmatch(page)
	if m == nil {
		return ""
	}
	return strings.Join(strings.Fields(m[1]), " ")
}

// termsSearcher answers terms with whatever the test puts in it: a sample
// of 152,613 matches costs an index no test should build.
type termsSearcher struct {
	fakeSearcher
	terms newsfind.Terms
}

func (f *termsSearcher) Terms(ctx context.Context, q newsfind.TermsQuery) (*newsfind.Terms, error) {
	t := f.terms
	return &t, nil
}

// tradeWords and weatherWords are what tradeCorpus's articles are made of.
var (
	tradeWords = strings.Fields(`duties import export quota customs levy steel aluminium dumping
		retaliation exporters importers surplus deficit negotiators minister ministry talks agreement
		treaty barrier subsidy goods shipments port freight soybeans semiconductors lumber`)
	weatherWords = strings.Fields(`rain snow frost storm flood drought wind gusts temperature
		forecast river valley coast farmers roads schools power lines warning sunshine cloud`)
)

// tradeCorpus is 120 distinct trade articles from Trade Wire, each naming
// tariffs, beside 120 weather articles that name none: more matches than
// the terms sample's 100, and a background they stand apart from.
func tradeCorpus() []newsfind.Article {
	r := rand.New(rand.NewPCG(7, 1))
	words := func(from []string, n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = from[r.IntN(len(from))]
		}
		return strings.Join(w, " ")
	}
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	var arts []newsfind.Article
	for k := range 120 {
		arts = append(arts,
			newsfind.Article{ID: fmt.Sprintf("trade-%03d", k), Title: fmt.Sprintf("Tariffs on %s, report %d", tradeWords[k%len(tradeWords)], k),
				Source: "Trade Wire", URL: fmt.Sprintf("https://trade.example/%d", k), Published: day.AddDate(0, 0, k%60),
				Body: fmt.Sprintf("New tariffs %s.\n\nThe %s tariffs %s.", words(tradeWords, 25), words(tradeWords, 5), words(tradeWords, 25))},
			newsfind.Article{ID: fmt.Sprintf("weather-%03d", k), Title: fmt.Sprintf("Weather %d", k),
				Source: "Weather Desk", URL: fmt.Sprintf("https://weather.example/%d", k), Published: day.AddDate(0, 0, k%60),
				Body: fmt.Sprintf("The %s.\n\nAfter the %s.", words(weatherWords, 25), words(weatherWords, 25))})
	}
	return arts
}
