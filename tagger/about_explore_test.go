package tagger_test

import (
	"flag"
	"fmt"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/tagger"
)

var exploreDrop = flag.String("drop", "", "feature prefixes to leave out, comma-separated (with -explore)")

var exploreCurve = flag.Bool("curve", false, "log F1 against the threshold on folds 1, 2, 3 (with -explore)")

var exploreAbout = flag.Bool("explore", false, "log the mention misses of folds 0-3 and compare about-model settings by forward validation within folds 0-3")

// TestExploreMisses logs, for folds 0-3 only, each commodity label no
// mention finds: the story's title and the start of its body, to read what
// general vocabulary it lacks.
func TestExploreMisses(t *testing.T) {
	if !*exploreAbout {
		t.Skip("only with -explore")
	}
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	scored := scoredSlugs()
	n := 0
	var mentions score
	terms := commodityTerms(t)
	unfindable := 0
	for _, s := range readReuters(t, tg) {
		if s.fold == heldOutFold || s.topics == nil {
			continue
		}
		got := asSet(s.commodities, scored)
		mentions.add(s.topics, got)
		for slug := range s.topics {
			if got[slug] {
				continue
			}
			if !namesCommodity(terms[slug], s.article) {
				unfindable++
			}
			n++
			body := strings.Join(s.article.Body, " / ")
			if len(body) > 700 {
				body = body[:700]
			}
			t.Logf("MISS %s fold %d %s | %s | %s", slug, s.fold, s.id, s.article.Title, body)
		}
	}
	t.Logf("%d missed labels on folds 0-3, %d of them in stories that name no term of the commodity", n, unfindable)
	t.Logf("folds 0-3 mentions commodities: %v", &mentions)
}

// exploreConfig is one way of fitting the about model: which features it
// keeps (by name prefix) and the fit's options.
type exploreConfig struct {
	name string
	drop []string // feature name prefixes left out
	opts trainOpts
}

func (c exploreConfig) filter(cands []aboutCandidate) []aboutCandidate {
	if len(c.drop) == 0 {
		return cands
	}
	out := make([]aboutCandidate, len(cands))
	for i, a := range cands {
		out[i] = a
		out[i].fs = nil
		for _, f := range a.fs {
			keep := true
			for _, p := range c.drop {
				if strings.HasPrefix(f.Name, p) {
					keep = false
					break
				}
			}
			if keep {
				out[i].fs = append(out[i].fs, f)
			}
		}
	}
	return out
}

type explorePred struct {
	p     float64
	about bool
	slug  string
}

// bestThreshold is the threshold with the best F1 over preds (missed: the
// labels no mention finds).
func bestThreshold(preds []explorePred, missed int) (float64, float64) {
	bestF, bestTh := -1.0, 0.5
	for th := 0.2; th < 0.8; th += 0.025 {
		s := scorePreds(preds, func(string) float64 { return th })
		s.fn += missed
		if f := s.f1(); f > bestF {
			bestF, bestTh = f, th
		}
	}
	return bestTh, bestF
}

func scorePreds(preds []explorePred, th func(slug string) float64) score {
	var s score
	for _, p := range preds {
		yes := p.p >= th(p.slug)
		switch {
		case yes && p.about:
			s.tp++
		case yes:
			s.fp++
		case p.about:
			s.fn++
		}
	}
	return s
}

// shrunkThresholds: per commodity, its own best threshold on preds pulled
// toward the global one, by prior pseudo-labels: th = (n*own + prior*global)/(n+prior).
func shrunkThresholds(preds []explorePred, global, prior float64) map[string]float64 {
	by := map[string][]explorePred{}
	for _, p := range preds {
		by[p.slug] = append(by[p.slug], p)
	}
	out := map[string]float64{}
	for slug, ps := range by {
		own, _ := bestThreshold(ps, 0)
		n := 0.0
		for _, p := range ps {
			if p.about {
				n++
			}
		}
		out[slug] = (n*own + prior*global) / (n + prior)
	}
	return out
}

// TestExploreModel compares ways of fitting the about model on folds 0-3
// alone, forward in time: a model of folds 0-2 scores fold 3, with its
// threshold chosen on the forward predictions within 0-2 (0 -> 1, 0-1 -> 2),
// as the shipped procedure would choose it.
func TestExploreModel(t *testing.T) {
	if !*exploreAbout {
		t.Skip("only with -explore")
	}
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	all, unreachable := aboutCandidates(rules, readReuters(t, rules))
	var cands []aboutCandidate
	for _, c := range all {
		if c.fold != heldOutFold {
			cands = append(cands, c)
		}
	}
	var configs []exploreConfig
	for _, l2 := range []float64{0.003, 0.01, 0.03, 0.1} {
		for _, pw := range []float64{1, 2} {
			for _, mc := range []int{3, 10} {
				for _, dc := range []float64{0, 0.6} {
					configs = append(configs, exploreConfig{
						name: fmt.Sprintf("l2 %.3f pos %.0f min %d decay %.1f", l2, pw, mc, dc),
						opts: trainOpts{l2: l2, posWeight: pw, minCount: mc, decay: dc}})
				}
			}
		}
	}
	if *exploreDrop != "" {
		for i := range configs {
			configs[i].drop = strings.Split(*exploreDrop, ",")
		}
	}
	predict := func(c exploreConfig, cs []aboutCandidate, fold int) []explorePred {
		var train []aboutCandidate
		for _, a := range cs {
			if a.fold < fold {
				train = append(train, a)
			}
		}
		m := trainLogistic(train, c.opts)
		var out []explorePred
		for _, a := range cs {
			if a.fold == fold {
				out = append(out, explorePred{m.Prob(a.fs), a.about, a.slug})
			}
		}
		return out
	}
	// plateau is the middle of the thresholds whose F1 on preds is within
	// 0.005 of the best: the argmax of a flat, noisy curve wanders.
	plateau := func(preds []explorePred, missed int) float64 {
		_, best := bestThreshold(preds, missed)
		lo, hi := -1.0, -1.0
		for th := 0.2; th < 0.8; th += 0.025 {
			s := scorePreds(preds, func(string) float64 { return th })
			s.fn += missed
			if s.f1() >= best-0.005 {
				if lo < 0 {
					lo = th
				}
				hi = th
			}
		}
		return (lo + hi) / 2
	}
	for _, c := range configs {
		cs := c.filter(cands)
		p1, p2, p3 := predict(c, cs, 1), predict(c, cs, 2), predict(c, cs, 3)
		at := func(p []explorePred, fold int, th float64) float64 {
			s := scorePreds(p, func(string) float64 { return th })
			s.fn += unreachable[fold]
			return s.f1()
		}
		inner := append(append([]explorePred{}, p1...), p2...)
		thPooled, _ := bestThreshold(inner, unreachable[1]+unreachable[2])
		thPlateau := plateau(inner, unreachable[1]+unreachable[2])
		thLatest, _ := bestThreshold(p2, unreachable[2])
		perSlug := shrunkThresholds(inner, thPooled, 20)
		shrunk := scorePreds(p3, func(slug string) float64 {
			if th, ok := perSlug[slug]; ok {
				return th
			}
			return thPooled
		})
		shrunk.fn += unreachable[3]
		th1, _ := bestThreshold(p1, unreachable[1])
		th1p := plateau(p1, unreachable[1])
		thOracle, fOracle := bestThreshold(p3, unreachable[3])
		for k, p := range [][]explorePred{p1, p2, p3} {
			var pos, sum float64
			for _, x := range p {
				if x.about {
					pos++
				}
				sum += x.p
			}
			t.Logf("%-34s fold %d: %d candidates, positive rate %.3f, mean prob %.3f, unreachable %d", c.name, k+1, len(p), pos/float64(len(p)), sum/float64(len(p)), unreachable[k+1])
		}
		if *exploreCurve {
			var b strings.Builder
			for th := 0.3; th < 0.76; th += 0.05 {
				fmt.Fprintf(&b, " %.2f:%.3f/%.3f/%.3f", th, at(p1, 1, th), at(p2, 2, th), at(p3, 3, th))
			}
			t.Logf("%-34s curve th:f1/f2/f3%s", c.name, b.String())
			continue
		}
		// The threshold that maximises F1 for calibrated probabilities is
		// half the F1 reached (Lipton, Elkan and Narayanaswamy 2014): no
		// argmax over a flat, noisy curve.
		_, f1only := bestThreshold(p1, unreachable[1])
		_, fInner := bestThreshold(inner, unreachable[1]+unreachable[2])
		t.Logf("%-34s HALF fold2: th %.3f F1 %.3f | fold3: th %.3f F1 %.3f | mean of folds 1-3 at 0.45 %.3f",
			c.name, f1only/2, at(p2, 2, f1only/2), fInner/2, at(p3, 3, fInner/2), (at(p1, 1, 0.45)+at(p2, 2, 0.45)+at(p3, 3, 0.45))/3)
		// fold 2 by the model of 0-1, threshold from 0 -> 1; fold 3 by the model of 0-2, threshold from 0 -> 1, 0-1 -> 2.
		t.Logf("%-34s fold2: argmax %.3f plateau %.3f 0.5 %.3f | fold3: argmax(th %.3f) %.3f plateau(th %.3f) %.3f latest fold's argmax(th %.3f) %.3f per commodity shrunk %.3f 0.5 %.3f oracle(th %.3f) %.3f",
			c.name, at(p2, 2, th1), at(p2, 2, th1p), at(p2, 2, 0.5),
			thPooled, at(p3, 3, thPooled), thPlateau, at(p3, 3, thPlateau), thLatest, at(p3, 3, thLatest), shrunk.f1(), at(p3, 3, 0.5), thOracle, fOracle)
	}
}

// TestExploreProcedure runs the shipped training procedure (fitAbout)
// forward in time within folds 0-3: on folds 0-1 scoring fold 2, and on
// folds 0-2 scoring fold 3, each with its own choices made inside.
func TestExploreProcedure(t *testing.T) {
	if !*exploreAbout {
		t.Skip("only with -explore")
	}
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	stories := readReuters(t, rules)
	all, unreachable := aboutCandidates(rules, stories)
	for _, last := range []int{2, 3} {
		var train []aboutCandidate
		for _, c := range all {
			if c.fold < last {
				train = append(train, c)
			}
		}
		m, _ := fitAbout(t, train, unreachable, shippedOpts)
		var s score
		for _, c := range all {
			if c.fold != last {
				continue
			}
			switch yes := m.Prob(c.fs) >= m.Threshold; {
			case yes && c.about:
				s.tp++
			case yes:
				s.fp++
			case c.about:
				s.fn++
			}
		}
		s.fn += unreachable[last]
		if last == 3 {
			// The errors, read: which commodities, which kinds of story.
			tg, err := tagger.New(tagger.WithAboutModel(m))
			if err != nil {
				t.Fatal(err)
			}
			type key struct{ slug, kind, what string }
			errs := map[key]int{}
			for _, st := range stories {
				if st.fold != last || st.topics == nil {
					continue
				}
				at := tg.TagArticle(st.article)
				about := asSet(at.About.Commodities, scoredSlugs())
				for _, sig := range at.Signals {
					if !sig.Commodity || !scoredSlugs()[sig.Value] {
						continue
					}
					what := ""
					switch {
					case about[sig.Value] && !st.topics[sig.Value]:
						what = "FP"
					case !about[sig.Value] && st.topics[sig.Value]:
						what = "FN"
					default:
						continue
					}
					errs[key{sig.Value, at.Kind, what}]++
					t.Logf("ERR %s %s %s p=%.2f count %d first %d title %v | %s | %.200s", what, sig.Value, at.Kind, sig.Score, sig.Count, sig.First, sig.Title, st.article.Title, strings.Join(st.article.Body, " / "))
				}
			}
			for k, n := range errs {
				t.Logf("ERRS %s %s %s: %d", k.what, k.slug, k.kind, n)
			}
		}
		t.Logf("PROCEDURE folds 0-%d -> fold %d: threshold %.3f, %d features: %v", last-1, last, m.Threshold, len(m.Weights), &s)
	}
}

// TestExploreExtra weighs features the shipped model does not have, on
// folds 0-3 alone (a model of 0-2 scoring fold 3, threshold at half the
// forward F1 of 0 -> 1, 0-1 -> 2): the dateline's city crossed with the
// commodity ("chicago&corn", "kuala lumpur&palm-oil"), and how dense the
// commodity's namings are in the body (namings per 100 words).
func TestExploreExtra(t *testing.T) {
	if !*exploreAbout {
		t.Skip("only with -explore")
	}
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	scored := scoredSlugs()
	stories := readReuters(t, rules)
	type variant struct {
		name            string
		dateline, dense bool
	}
	for _, v := range []variant{{"none", false, false}, {"dateline", true, false}, {"density", false, true}, {"both", true, true}} {
		var cands []aboutCandidate
		var unreachable [reutersFolds]int
		for _, s := range stories {
			if s.topics == nil || s.fold == heldOutFold {
				continue
			}
			at := rules.TagArticle(s.article)
			fs := rules.CommodityFeatures(s.article, &at)
			city, _, _ := strings.Cut(strings.ToLower(s.article.Dateline), ",")
			words := len(strings.Fields(strings.Join(s.article.Body, " ")))
			mentioned := map[string]bool{}
			for i, sig := range at.Signals {
				if !sig.Commodity || !scored[sig.Value] {
					continue
				}
				mentioned[sig.Value] = true
				f := append([]tagger.Feature{}, fs[i]...)
				if v.dateline && city != "" {
					f = append(f, tagger.Feature{Name: "d:" + strings.TrimSpace(city) + "&" + sig.Value, Value: 1})
				}
				if v.dense && words > 0 {
					f = append(f, tagger.Feature{Name: "density", Value: min(1, 10*float64(sig.Count)/float64(words))})
				}
				cands = append(cands, aboutCandidate{fs: f, slug: sig.Value, about: s.topics[sig.Value], fold: s.fold})
			}
			for slug := range s.topics {
				if !mentioned[slug] {
					unreachable[s.fold]++
				}
			}
		}
		for _, l2 := range []float64{0.01, 0.03} {
			var f1s []string
			for _, last := range []int{2, 3} {
				pred := func(fold int) []explorePred {
					var train []aboutCandidate
					for _, c := range cands {
						if c.fold < fold {
							train = append(train, c)
						}
					}
					m := trainLogistic(train, trainOpts{l2: l2, minCount: minFeatureCount})
					var out []explorePred
					for _, c := range cands {
						if c.fold == fold {
							out = append(out, explorePred{m.Prob(c.fs), c.about, c.slug})
						}
					}
					return out
				}
				var inner []explorePred
				missed := 0
				for f := 1; f < last; f++ {
					inner = append(inner, pred(f)...)
					missed += unreachable[f]
				}
				_, top := bestThreshold(inner, missed)
				s := scorePreds(pred(last), func(string) float64 { return top / 2 })
				s.fn += unreachable[last]
				f1s = append(f1s, fmt.Sprintf("fold %d %.3f", last, s.f1()))
			}
			t.Logf("EXTRA %-9s l2 %.2f: %s", v.name, l2, strings.Join(f1s, ", "))
		}
	}
}
