package tagger_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/tagger"
)

// TestAboutModelFile: the model file format is read strictly (a broken
// line is an error, not a zero weight) and what WriteTo writes reads back.
func TestAboutModelFile(t *testing.T) {
	for _, bad := range []string{"bias\tx", "oil\t1\t2", "threshold\t1.5", "threshold\t0", "weight\tNaN", "noweight"} {
		if _, err := tagger.ParseAboutModel(bad); err == nil {
			t.Errorf("ParseAboutModel(%q): no error", bad)
		}
	}
	m := &tagger.AboutModel{Bias: -0.25, Threshold: 0.4,
		Weights:     map[string]float64{"title": 1.5, "t:futures": 0.3, "k:company&count:1": -2, "tiny": 0.0001},
		Commodities: map[string]bool{"oil": true, "wheat": true}}
	var b strings.Builder
	if _, err := m.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got, err := tagger.ParseAboutModel(b.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	if got.Bias != m.Bias || got.Threshold != m.Threshold || len(got.Commodities) != 2 || !got.Commodities["oil"] {
		t.Errorf("read back %+v, wrote %+v", got, m)
	}
	if len(got.Weights) != 3 || got.Weights["k:company&count:1"] != -2 {
		t.Errorf("weights read back %v (the 0.0001 one is dropped as nothing)", got.Weights)
	}
	fs := []tagger.Feature{{"title", 1}, {"t:futures", 1}, {"unknown", 1}}
	if p, want := got.Prob(fs), 1/(1+math.Exp(-(-0.25+1.5+0.3))); math.Abs(p-want) > 1e-9 {
		t.Errorf("Prob = %v, want %v", p, want)
	}
}

// TestAboutModelDecides: the shipped model decides the commodities it was
// trained on, the rules the others; without a model the rules decide all.
func TestAboutModelDecides(t *testing.T) {
	shipped, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	market := tagger.Article{
		Title:    "OPEC OIL OUTPUT SEEN ABOVE CEILING IN MARCH",
		Dateline: "LONDON, March 30",
		Body: []string{
			"OPEC crude oil output is running above its 15.8 mln barrels per day ceiling this month, oil traders and industry sources said.",
			"Spot prices for Brent crude fell 40 cents to 17.60 dlrs a barrel.",
		},
	}
	earnings := tagger.Article{
		Title:    "ACME INDUSTRIES <ACME> 4TH QTR NET",
		Dateline: "DALLAS, March 3",
		Body: []string{
			"Shr 20 cts vs 15 cts. Net 1.2 mln vs 900,000. Revs 30.1 mln vs 28.7 mln.",
			"The company said results include a gain on the sale of oil and gas properties and lower crude prices.",
		},
	}
	minerals := tagger.Article{
		Title: "Rare earths deal reshapes supply of magnets",
		Body:  []string{"The deal on rare earths eases export curbs.", "Rare earths go into magnets for cars."},
	}
	score := func(at tagger.ArticleTags, slug string) (float64, bool) {
		for _, s := range at.Signals {
			if s.Commodity && s.Value == slug {
				for _, c := range at.About.Commodities {
					if c == slug {
						return s.Score, true
					}
				}
				return s.Score, false
			}
		}
		t.Fatalf("%s is not mentioned: %+v", slug, at.Signals)
		return 0, false
	}
	if p, about := score(shipped.TagArticle(market), "oil"); !about || p < 0.5 {
		t.Errorf("OPEC output story: oil score %.3f, about %v; want about it", p, about)
	}
	if p, about := score(shipped.TagArticle(earnings), "oil"); about || p == 0 {
		t.Errorf("earnings with oil and gas properties: oil score %.3f, about %v; want a score, not about it", p, about)
	}
	if p, about := score(shipped.TagArticle(minerals), "rare-earths"); !about || p != 0 {
		t.Errorf("rare earths (no labels to learn from): score %.3f, about %v; want the rules' about, no score", p, about)
	}
	if p, about := score(rules.TagArticle(market), "oil"); !about || p != 0 {
		t.Errorf("without a model: oil score %.3f, about %v; want the rules' about, no score", p, about)
	}
}

// modelArticles are stories of the three kinds, for the tests below.
var modelArticles = []tagger.Article{{
	Title:    "OPEC OIL OUTPUT SEEN ABOVE CEILING IN MARCH",
	Dateline: "LONDON, March 30",
	Body: []string{
		"OPEC crude oil output is running above its 15.8 mln barrels per day ceiling this month, oil traders and industry sources said.",
		"Spot prices for Brent crude fell 40 cents to 17.60 dlrs a barrel, while gold and natural gas held steady.",
	},
}, {
	Title:    "ACME INDUSTRIES <ACME> 4TH QTR NET",
	Dateline: "DALLAS, March 3",
	Body: []string{
		"Shr 20 cts vs 15 cts. Net 1.2 mln vs 900,000. Revs 30.1 mln vs 28.7 mln.",
		"The company said results include a gain on the sale of oil and gas properties and lower crude prices.",
	},
}, {
	Title:    "U.S. TRADE DEFICIT NARROWS ON LOWER OIL IMPORTS",
	Dateline: "WASHINGTON, April 14",
	Body: []string{
		"The U.S. trade deficit narrowed in February as imports of oil fell and exports of wheat, corn and soybeans rose.",
		"Wheat exports were the highest since 1984, the department said. Corn exports rose 12 pct.",
	},
}}

// TestAboutModelScoredAsNamed: indexing scores the model from hashed
// features (aboutfeatures.go); its Score must be the probability of the
// named features that training reads, on every commodity of every story.
func TestAboutModelScoredAsNamed(t *testing.T) {
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	m, err := tagger.ParseAboutModel(shippedModel(t))
	if err != nil {
		t.Fatal(err)
	}
	check := func(a tagger.Article) int {
		at := tg.TagArticle(a)
		fs := tg.CommodityFeatures(a, &at)
		n := 0
		for i, s := range at.Signals {
			if !s.Commodity || !m.Commodities[s.Value] {
				continue
			}
			n++
			if want := m.Prob(fs[i]); math.Abs(s.Score-want) > 1e-9 {
				t.Errorf("%q: %s scored %.6f, its named features give %.6f", a.Title, s.Value, s.Score, want)
			}
		}
		return n
	}
	for _, a := range modelArticles {
		check(a)
	}
	if testing.Short() {
		return
	}
	n := 0
	for _, s := range readReuters(t, tg) {
		n += check(s.article)
	}
	if n < 3000 {
		t.Errorf("only %d commodity signals checked on Reuters", n)
	}
}

// shippedModel is data/about_model.tsv as embedded.
func shippedModel(t *testing.T) string {
	data, err := os.ReadFile("data/about_model.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// TestAboutModelAllocs: deciding commodities by the model costs indexing
// at most one allocation per article more than the rules do (the scratch
// for words), whatever the number of commodities: no feature names are
// built (issue 21: BenchmarkPrepare went from 93k to 152k allocations
// when they were).
func TestAboutModelAllocs(t *testing.T) {
	model, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range modelArticles {
		withModel := testing.AllocsPerRun(20, func() { model.TagArticle(a) })
		withRules := testing.AllocsPerRun(20, func() { rules.TagArticle(a) })
		if withModel > withRules+1 {
			t.Errorf("%q: %.0f allocations with the model, %.0f with the rules", a.Title, withModel, withRules)
		}
	}
}
