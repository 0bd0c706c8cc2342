package tagger_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

// The honest protocol for the about figures. Reuters' TEST labels are
// withheld from this repo, and TEST is later news than TRAIN (ModApte
// splits by time: TRAIN to April 7 1987, TEST April to October): rules or
// a model chosen on the stories they are measured on, or on stories of the
// same weeks, score higher than on later ones (issue 21: the rules' F1
// 0.873 on TRAIN, 0.803 on TEST; 0.861 on a random hash fold of TRAIN). So
// the labelled stories (TRAIN and NOT-USED) are split by date: every story
// published from heldOutFrom on (the last 21% of TRAIN's stories with a
// topic, and NOT-USED, which is April to June) is held out, fold 4, and
// never trained or tuned on. The earlier stories fall in four folds of
// consecutive weeks, 0-3, for cross-validation that also looks forward in
// time. The figure claimed is fold 4's, scored by a model trained on folds
// 0-3 only (testdata/about_model_early.tsv).
const (
	reutersFolds = 5
	heldOutFold  = 4
)

var (
	heldOutFrom = time.Date(1987, 3, 30, 0, 0, 0, 0, time.UTC)
	// The earlier part's folds start on these days (quartiles of its
	// stories with a topic).
	foldFrom = []time.Time{
		time.Date(1987, 3, 7, 0, 0, 0, 0, time.UTC),
		time.Date(1987, 3, 16, 0, 0, 0, 0, time.UTC),
		time.Date(1987, 3, 21, 0, 0, 0, 0, time.UTC),
		heldOutFrom,
	}
)

// reutersFold is the fold of a story published at day.
func reutersFold(day time.Time) int {
	f := 0
	for f < len(foldFrom) && !day.Before(foldFrom[f]) {
		f++
	}
	return f
}

// reutersStory is one labelled Reuters story, read as indexing reads it.
type reutersStory struct {
	id, split, attr string
	fold            int
	article         tagger.Article
	// places: the tagger's codes of its places, nil when it has none (not
	// scored for countries). topics: the scored commodity slugs of its
	// topics, nil when it has no topic of any kind (not scored for
	// commodities); empty but not nil when it has topics, none of them a
	// commodity of ours.
	places, topics map[string]bool
	// prepared is what derive.Prepare made of it with the shipped tagger.
	countries, commodities           []string // mentions
	aboutCountries, aboutCommodities []string
}

// readReuters reads the labelled stories (TRAIN and NOT-USED) the way a
// user's wire copy goes: parsed by ingest.ParseJSON (the dateline a field
// of its own), checked by ingest.Normalize, tagged by derive.Prepare.
func readReuters(t testing.TB, tg *tagger.Tagger) []reutersStory {
	t.Helper()
	data := corpus.Read(t, "reuters21578.jsonl.gz")
	var out []reutersStory
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var l reutersLabels
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		if l.Withheld || (l.Split != "TRAIN" && l.Split != "NOT-USED") {
			continue
		}
		items, err := ingest.ParseJSON(sc.Bytes(), ingest.Options{})
		if err != nil || items[0].Err != nil {
			t.Fatalf("%s: ingest refused it: %v %v", l.ID, err, items[0].Err)
		}
		a := items[0].Article
		if err := ingest.Normalize(&a); err != nil {
			continue // an UNPROC story without text: not something a user can send
		}
		d := derive.Prepare(tg, a)
		s := reutersStory{id: l.ID, split: l.Split, attr: l.Attr, fold: reutersFold(a.Published),
			countries: d.Countries, commodities: d.Commodities,
			aboutCountries: d.About.Countries, aboutCommodities: d.About.Commodities}
		s.article = tagger.Article{Title: a.Title, Dateline: a.Dateline, Published: a.Published}
		for _, p := range d.Passages {
			if p.Index > 0 {
				s.article.Body = append(s.article.Body, p.Text)
			}
		}
		for _, pl := range l.Places {
			code, ok := reutersPlaces[pl]
			if !ok {
				t.Fatalf("place %q is not in the place map", pl)
			}
			if s.places == nil {
				s.places = map[string]bool{}
			}
			s.places[code] = true
		}
		if len(l.Topics) > 0 {
			s.topics = map[string]bool{}
			for _, tp := range l.Topics {
				if slug, ok := reutersTopics[tp]; ok {
					s.topics[slug] = true
				}
			}
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// commodityTerms reads data/commodities.tsv: per slug, its label and terms,
// lower case. A label whose story holds none of them, not even inside a
// longer word or an ignored phrase, cannot be found by any rule on the
// words: the story never names the commodity ("refinery", "rig count").
func commodityTerms(t testing.TB) map[string][]string {
	t.Helper()
	data, err := os.ReadFile("data/commodities.tsv")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Split(line, "\t")
		if len(f) < 3 || strings.HasPrefix(line, "#") || (f[1] != "label" && f[1] != "term") {
			continue
		}
		// "iron-ore+steel": the words name both.
		for _, slug := range strings.Split(f[0], "+") {
			for _, w := range strings.Split(f[2], "|") {
				out[slug] = append(out[slug], strings.ToLower(w))
			}
		}
	}
	return out
}

// namesCommodity reports whether a's text holds one of terms anywhere, in
// any case, hyphens read as spaces.
func namesCommodity(terms []string, a tagger.Article) bool {
	text := strings.ToLower(strings.ReplaceAll(a.Title+"\n"+a.Dateline+"\n"+strings.Join(a.Body, "\n"), "-", " "))
	for _, w := range terms {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}
