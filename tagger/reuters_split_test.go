package tagger_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"hash/fnv"
	"testing"

	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

// The honest protocol for the about figures. Reuters' TEST labels are
// withheld from this repo, and rules or a model chosen on the stories they
// are measured on score higher than on unseen ones (issue 21: commodity
// about F1 0.873 on TRAIN, 0.803 on TEST). So the labelled stories (TRAIN
// and NOT-USED) are split once, by a hash of the story id, into five folds:
// fold 0 is held out and never tuned on; the about model is trained, and
// every rule chosen, on folds 1-4 (the tuning part). The figure claimed is
// fold 0's.
const (
	reutersFolds   = 5
	heldOutFold    = 0
	reutersHashKey = "newsfind-about-v1:" // fixes the split; changing it re-deals the folds
)

// reutersFold is the fold a story id falls in.
func reutersFold(id string) int {
	h := fnv.New32a()
	h.Write([]byte(reutersHashKey + id))
	return int(h.Sum32() % reutersFolds)
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
	// prepared is what index.Prepare made of it with the shipped tagger.
	countries, commodities           []string // mentions
	aboutCountries, aboutCommodities []string
}

// readReuters reads the labelled stories (TRAIN and NOT-USED) the way a
// user's wire copy goes: parsed by ingest.ParseJSON (the dateline a field
// of its own), checked by ingest.Normalize, tagged by index.Prepare.
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
		d := index.Prepare(tg, a)
		s := reutersStory{id: l.ID, split: l.Split, attr: l.Attr, fold: reutersFold(l.ID),
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
