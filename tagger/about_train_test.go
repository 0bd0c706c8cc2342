package tagger_test

import (
	"flag"
	"math"
	"os"
	"sort"
	"testing"

	"github.com/newsfind/newsfind/tagger"
)

// minFeatureCount: a feature seen on fewer training candidates is left out
// of the model (chosen by cross-validation on the earlier random split: 1, 3,
// 5 and 15 gave 0.882, 0.885, 0.881, 0.879; not chosen again).
const minFeatureCount = 3

var trainAbout = flag.Bool("train", false, "retrain the commodity about models: testdata/about_model_early.tsv on folds 0-3, data/about_model.tsv on all labelled stories")

// aboutCandidate is one commodity a labelled story mentions: what the
// model weighs, and whether Reuters' labels say the story is about it.
type aboutCandidate struct {
	fs    []tagger.Feature
	slug  string
	about bool
	fold  int
}

// aboutCandidates are the scored commodities that the scored stories (those
// with a topic) mention, and per fold the labels that no mention can find
// (false negatives whatever the model says).
func aboutCandidates(tg *tagger.Tagger, stories []reutersStory) ([]aboutCandidate, [reutersFolds]int) {
	scored := scoredSlugs()
	var out []aboutCandidate
	var unreachable [reutersFolds]int
	for _, s := range stories {
		if s.topics == nil {
			continue
		}
		at := tg.TagArticle(s.article)
		fs := tg.CommodityFeatures(s.article, &at)
		mentioned := map[string]bool{}
		for i, sig := range at.Signals {
			if !sig.Commodity || !scored[sig.Value] {
				continue
			}
			mentioned[sig.Value] = true
			out = append(out, aboutCandidate{fs: fs[i], slug: sig.Value, about: s.topics[sig.Value], fold: s.fold})
		}
		for slug := range s.topics {
			if !mentioned[slug] {
				unreachable[s.fold]++
			}
		}
	}
	return out, unreachable
}

func scoredSlugs() map[string]bool {
	out := map[string]bool{}
	for _, slug := range reutersTopics {
		out[slug] = true
	}
	return out
}

// trainLogistic fits an L2-regularised logistic regression by full-batch
// gradient descent (Adagrad steps, a fixed number of rounds, in a fixed
// order), so that the same candidates always give the same model.
func trainLogistic(cands []aboutCandidate, l2 float64) *tagger.AboutModel {
	// A feature seen on few candidates is noise the model would learn by
	// heart: a word of one title.
	df := map[string]int{}
	for _, c := range cands {
		for _, f := range c.fs {
			df[f.Name]++
		}
	}
	index := map[string]int{}
	var names []string
	type row struct {
		idx []int
		val []float64
		y   float64
	}
	rows := make([]row, len(cands))
	for i, c := range cands {
		r := row{y: 0}
		if c.about {
			r.y = 1
		}
		for _, f := range c.fs {
			if df[f.Name] < minFeatureCount {
				continue
			}
			j, ok := index[f.Name]
			if !ok {
				j = len(names)
				index[f.Name] = j
				names = append(names, f.Name)
			}
			r.idx = append(r.idx, j)
			r.val = append(r.val, f.Value)
		}
		rows[i] = r
	}
	w := make([]float64, len(names))
	g := make([]float64, len(names))
	acc := make([]float64, len(names))
	var bias, accBias float64
	const rounds, rate = 300, 0.5
	n := float64(len(rows))
	for range rounds {
		for j := range g {
			g[j] = l2 * w[j]
		}
		var gBias float64
		for _, r := range rows {
			z := bias
			for k, j := range r.idx {
				z += w[j] * r.val[k]
			}
			d := (1/(1+math.Exp(-z)) - r.y) / n
			gBias += d
			for k, j := range r.idx {
				g[j] += d * r.val[k]
			}
		}
		for j := range w {
			acc[j] += g[j] * g[j]
			if acc[j] > 0 {
				w[j] -= rate * g[j] / math.Sqrt(acc[j])
			}
		}
		accBias += gBias * gBias
		if accBias > 0 {
			bias -= rate * gBias / math.Sqrt(accBias)
		}
	}
	m := &tagger.AboutModel{Bias: bias, Threshold: 0.5, Weights: map[string]float64{}, Commodities: scoredSlugs()}
	for j, name := range names {
		m.Weights[name] = w[j]
	}
	return m
}

// fitAbout chooses the regularisation and the threshold by
// cross-validation forward in time within the given candidates (held-out
// folds are never passed in): each fold after the first is scored by a
// model trained on the folds before it only, as later news is by a model
// of earlier news. Then it fits on all of them. unreachable counts, per
// fold, the labels no mention finds.
func fitAbout(t testing.TB, cands []aboutCandidate, unreachable [reutersFolds]int) (*tagger.AboutModel, float64) {
	var folds []int
	seen := map[int]bool{}
	for _, c := range cands {
		if !seen[c.fold] {
			seen[c.fold] = true
			folds = append(folds, c.fold)
		}
	}
	sort.Ints(folds)
	type pred struct {
		p     float64
		about bool
	}
	missed := 0
	for _, f := range folds[1:] {
		missed += unreachable[f]
	}
	bestF1, bestL2, bestTh := -1.0, 0.0, 0.5
	for _, l2 := range []float64{0.001, 0.003, 0.01, 0.03} {
		var preds []pred
		for _, f := range folds[1:] {
			var train []aboutCandidate
			for _, c := range cands {
				if c.fold < f {
					train = append(train, c)
				}
			}
			m := trainLogistic(train, l2)
			for _, c := range cands {
				if c.fold == f {
					preds = append(preds, pred{m.Prob(c.fs), c.about})
				}
			}
		}
		for th := 0.2; th < 0.8; th += 0.025 {
			var s score
			for _, p := range preds {
				switch {
				case p.p >= th && p.about:
					s.tp++
				case p.p >= th:
					s.fp++
				case p.about:
					s.fn++
				}
			}
			s.fn += missed
			t.Logf("  l2 %.3f threshold %.3f: inner CV %v", l2, th, &s)
			if f := s.f1(); f > bestF1 {
				bestF1, bestL2, bestTh = f, l2, th
			}
		}
	}
	t.Logf("chosen by inner CV: l2 %.3f threshold %.3f (F1 %.3f)", bestL2, bestTh, bestF1)
	m := trainLogistic(cands, bestL2)
	m.Threshold = math.Round(bestTh*1000) / 1000
	return m, bestF1
}

// TestTrainAbout retrains the commodity about model twice, with the same
// procedure (regularisation and threshold chosen by cross-validation over
// the folds it is given): on folds 0-3 only, written to
// testdata/about_model_early.tsv, which TestTaggerReuters scores the
// held-out fold 4 with (the claim); and on every labelled story, written
// to data/about_model.tsv, the model that ships.
//
//	go test ./tagger -run TestTrainAbout -train -v
func TestTrainAbout(t *testing.T) {
	if !*trainAbout {
		t.Skip("retrains the about model only with -train")
	}
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	stories := readReuters(t, rules)
	cands, unreachable := aboutCandidates(rules, stories)
	var early []aboutCandidate
	for _, c := range cands {
		if c.fold != heldOutFold {
			early = append(early, c)
		}
	}
	m, _ := fitAbout(t, early, unreachable)
	var held score
	per := map[string]*[3]int{}
	for _, c := range cands {
		if c.fold != heldOutFold {
			continue
		}
		if per[c.slug] == nil {
			per[c.slug] = &[3]int{}
		}
		switch yes := m.Prob(c.fs) >= m.Threshold; {
		case yes && c.about:
			held.tp++
			per[c.slug][0]++
		case yes:
			held.fp++
			per[c.slug][1]++
		case c.about:
			held.fn++
			per[c.slug][2]++
		}
	}
	held.fn += unreachable[heldOutFold]
	t.Logf("held-out fold 4 by the model of folds 0-3, about commodities: %v", &held)
	for _, slug := range sortedKeys(scoredSlugs()) {
		if c := per[slug]; c != nil {
			s := score{tp: c[0], fp: c[1], fn: c[2]}
			t.Logf("  %s: %v (not counting labels no mention can find)", slug, &s)
		}
	}
	writeModel(t, "testdata/about_model_early.tsv", m)
	all, _ := fitAbout(t, cands, unreachable)
	writeModel(t, "data/about_model.tsv", all)
}

func writeModel(t *testing.T, path string, m *tagger.AboutModel) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
