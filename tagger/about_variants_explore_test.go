package tagger_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/tagger"
)

// Feature variants weighed forward in time within folds 0-3 only: the
// shipped training procedure (fitAbout: regularisation and threshold chosen
// inside) on folds 0-1 scores fold 2, and on folds 0-2 scores fold 3. A
// variant is kept only when it helps both forecasts; fold 4 is not read.
//
//	go test ./tagger -run TestExploreVariants -explore -v

// exploreStory is one labelled story of folds 0-3 as the rules tag it.
type exploreStory struct {
	article tagger.Article
	at      tagger.ArticleTags
	fs      [][]tagger.Feature // the shipped features, per signal
	topics  map[string]bool
	fold    int
	id      string
}

// exploreVariant adds features to one commodity signal of a story.
type exploreVariant struct {
	name  string
	extra func(st *exploreStory, i int) []tagger.Feature
	opts  trainOpts // besides the regularisation, which fitAbout chooses
	// drop, when set, leaves out the shipped features it names.
	drop func(name string) bool
}

// quietTB drops fitAbout's per-threshold log lines.
type quietTB struct{ testing.TB }

func (quietTB) Logf(string, ...any) {}

func readExploreStories(t *testing.T) ([]exploreStory, [reutersFolds]int) {
	rules, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	scored := scoredSlugs()
	var out []exploreStory
	var unreachable [reutersFolds]int
	for _, s := range readReuters(t, rules) {
		if s.topics == nil || s.fold == heldOutFold {
			continue
		}
		at := rules.TagArticle(s.article)
		st := exploreStory{article: s.article, at: at, fs: rules.CommodityFeatures(s.article, &at), topics: s.topics, fold: s.fold, id: s.id}
		mentioned := map[string]bool{}
		for _, sig := range at.Signals {
			if sig.Commodity && scored[sig.Value] {
				mentioned[sig.Value] = true
			}
		}
		for slug := range s.topics {
			if !mentioned[slug] {
				unreachable[s.fold]++
			}
		}
		out = append(out, st)
	}
	return out, unreachable
}

// candidateRef points a candidate back at its story and signal.
type candidateRef struct{ story, signal int }

func variantCandidates(stories []exploreStory, v exploreVariant) ([]aboutCandidate, []candidateRef) {
	scored := scoredSlugs()
	var cands []aboutCandidate
	var refs []candidateRef
	for k := range stories {
		st := &stories[k]
		for i, sig := range st.at.Signals {
			if !sig.Commodity || !scored[sig.Value] {
				continue
			}
			fs := st.fs[i]
			if v.drop != nil {
				var kept []tagger.Feature
				for _, f := range fs {
					if !v.drop(f.Name) {
						kept = append(kept, f)
					}
				}
				fs = kept
			}
			if v.extra != nil {
				fs = append(append([]tagger.Feature{}, fs...), v.extra(st, i)...)
			}
			cands = append(cands, aboutCandidate{fs: fs, slug: sig.Value, about: st.topics[sig.Value], fold: st.fold})
			refs = append(refs, candidateRef{k, i})
		}
	}
	return cands, refs
}

// forwardErrors is one forecast's errors: candidate indexes.
type forwardErrors struct{ fp, fn []int }

// forward runs the shipped procedure on the folds before last and scores
// fold last.
func forward(t *testing.T, cands []aboutCandidate, unreachable [reutersFolds]int, last int, o trainOpts) (score, forwardErrors) {
	var train []aboutCandidate
	for _, c := range cands {
		if c.fold < last {
			train = append(train, c)
		}
	}
	m, _ := fitAbout(quietTB{t}, train, unreachable, o)
	var s score
	var e forwardErrors
	for i, c := range cands {
		if c.fold != last {
			continue
		}
		switch yes := m.Prob(c.fs) >= m.Threshold; {
		case yes && c.about:
			s.tp++
		case yes:
			s.fp++
			e.fp = append(e.fp, i)
		case c.about:
			s.fn++
			e.fn = append(e.fn, i)
		}
	}
	s.fn += unreachable[last]
	return s, e
}

func TestExploreVariants(t *testing.T) {
	if !*exploreAbout {
		t.Skip("only with -explore")
	}
	stories, unreachable := readExploreStories(t)
	t.Logf("folds 0-3: %d stories with a topic; labels no mention finds per fold %v", len(stories), unreachable[:4])
	var base [2]score
	for vi, v := range exploreVariants(commodityTerms(t)) {
		cands, refs := variantCandidates(stories, v)
		var line []string
		for k, last := range []int{2, 3} {
			s, errs := forward(t, cands, unreachable, last, v.opts)
			if vi == 0 {
				base[k] = s
				logErrors(t, stories, cands, refs, errs, last)
			}
			line = append(line, fmt.Sprintf("fold %d %v [%+.3f]", last, &s, s.f1()-base[k].f1()))
		}
		t.Logf("VARIANT %-22s %s", v.name, strings.Join(line, " | "))
	}
}

// logErrors logs one forecast's errors, each with its story, and then
// their counts by commodity, story kind and side.
func logErrors(t *testing.T, stories []exploreStory, cands []aboutCandidate, refs []candidateRef, e forwardErrors, fold int) {
	counts := map[string]int{}
	for side, idx := range map[string][]int{"FP": e.fp, "FN": e.fn} {
		for _, i := range idx {
			st := &stories[refs[i].story]
			sig := st.at.Signals[refs[i].signal]
			counts[fmt.Sprintf("%s %s %s", side, cands[i].slug, st.at.Kind)]++
			body := strings.Join(st.article.Body, " / ")
			if len(body) > 240 {
				body = body[:240]
			}
			t.Logf("ERR fold %d %s %s %s %s count %d first %d title %v related %d rules %v | %s | %s",
				fold, side, cands[i].slug, st.at.Kind, st.id, sig.Count, sig.First, sig.Title, sig.Related, sig.Rules, st.article.Title, body)
		}
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if counts[keys[i]] != counts[keys[j]] {
			return counts[keys[i]] > counts[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		t.Logf("ERRS fold %d %s: %d", fold, k, counts[k])
	}
}

// fifthFeatures are the features the fifth model added to the fourth's:
// whether another commodity is in the title, and the words around the
// naming crossed with the commodity ("c:reserve&gas").
func fifthFeatures(name string) bool {
	return name == "another in title" || strings.HasPrefix(name, "c:") && strings.Contains(name, "&")
}

// exploreVariants are the feature ideas weighed; the first is the shipped
// feature set, the next ones take the fifth model's additions away, then
// the fifth model's session's ideas and the next session's.
func exploreVariants(terms map[string][]string) []exploreVariant {
	return append([]exploreVariant{
		{name: "shipped", opts: shippedOpts},
		{name: "the fourth model's", drop: fifthFeatures},
		{name: "fourth + another in title", drop: func(n string) bool { return fifthFeatures(n) && n != "another in title" }},
		{name: "fourth + around&slug", drop: func(n string) bool { return n == "another in title" }},
	}, append(singleVariants(), sixthVariants(terms)...)...)
}

// singleVariants each add one idea to the shipped features.
func singleVariants() []exploreVariant {
	sig := func(st *exploreStory, i int) *tagger.Signal { return &st.at.Signals[i] }
	return []exploreVariant{
		{name: "seen in 2+ folds", opts: trainOpts{minFolds: 2}},
		{name: "seen in 3+ folds", opts: trainOpts{minFolds: 3}},
		{name: "min count 5, 2+ folds", opts: trainOpts{minCount: 5, minFolds: 2}},
		{name: "slug&kind", extra: func(st *exploreStory, i int) []tagger.Feature {
			return []tagger.Feature{{Name: "slug:" + sig(st, i).Value + "&k:" + st.at.Kind, Value: 1}}
		}},
		{name: "count / top", extra: func(st *exploreStory, i int) []tagger.Feature {
			s := sig(st, i)
			top := 0
			for _, o := range st.at.Signals {
				if o.Commodity {
					top = max(top, o.Count)
				}
			}
			if top == 0 {
				return nil
			}
			return []tagger.Feature{{Name: "count/top", Value: float64(s.Count) / float64(top)}}
		}},
		{name: "slug&related", extra: func(st *exploreStory, i int) []tagger.Feature {
			s := sig(st, i)
			if s.Related == 0 {
				return nil
			}
			return []tagger.Feature{{Name: "slug:" + s.Value + "&related", Value: 1}}
		}},
		{name: "title&slug", extra: func(st *exploreStory, i int) []tagger.Feature {
			return crossed(st.fs[i], "t:", sig(st, i).Value)
		}},
		{name: "lead&slug", extra: func(st *exploreStory, i int) []tagger.Feature {
			return crossed(st.fs[i], "l:", sig(st, i).Value)
		}},
		{name: "vegetable oils named&slug", extra: func(st *exploreStory, i int) []tagger.Feature {
			text := strings.ToLower(st.article.Title + " " + strings.Join(st.article.Body, " "))
			for _, w := range []string{"vegetable oil", "veg oil", "oils and fats", "rapeseed oil", "sunflowerseed oil", "sunflower oil", "soybean oil", "soyoil", "palm oil", "coconut oil", "cottonseed oil", "groundnut oil", "edible oil"} {
				if strings.Contains(text, w) {
					return []tagger.Feature{{Name: "vegetable oils&" + sig(st, i).Value, Value: 1}}
				}
			}
			return nil
		}},
		{name: "digits share", extra: func(st *exploreStory, i int) []tagger.Feature {
			s := sig(st, i)
			if s.First < 0 || s.First >= len(st.article.Body) {
				return nil
			}
			p := st.article.Body[s.First]
			digits, letters := 0, 0
			for _, c := range p {
				switch {
				case c >= '0' && c <= '9':
					digits++
				case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
					letters++
				}
			}
			return []tagger.Feature{{Name: "digits share", Value: float64(digits) / float64(max(1, digits+letters))}}
		}},
	}
}

// sixthVariants are issue 21's fourth session's ideas for its two biggest
// causes of error on folds 2-3: company news where the commodity is the
// firm's business, and farm-policy and trade stories that name the
// commodity in lists.
func sixthVariants(terms map[string][]string) []exploreVariant {
	sig := func(st *exploreStory, i int) *tagger.Signal { return &st.at.Signals[i] }
	text := func(st *exploreStory) string {
		return st.article.Title + "\n" + strings.Join(st.article.Body, "\n")
	}
	results := func(st *exploreStory, words []string) bool {
		for _, w := range strings.FieldsFunc(strings.ToLower(text(st)), func(r rune) bool { return !('a' <= r && r <= 'z') }) {
			for _, x := range words {
				if w == x {
					return true
				}
			}
		}
		return false
	}
	table := []string{"shr", "shrs", "qtr", "revs", "oper", "mths"}
	earnings := append([]string{"net", "profit", "profits", "earnings", "loss", "dividend", "revenues", "revenue", "income"}, table...)
	termRes := map[string]*regexp.Regexp{}
	for slug, ws := range terms {
		sort.Slice(ws, func(a, b int) bool { return len(ws[a]) > len(ws[b]) })
		q := make([]string, len(ws))
		for k, w := range ws {
			q[k] = regexp.QuoteMeta(w)
		}
		termRes[slug] = regexp.MustCompile(`(?i)\b(` + strings.Join(q, "|") + `)\b`)
	}
	// listShare is the share of the body's namings of the commodity that
	// stand in a list of any words: a comma right before or after, or
	// "and"/"or" right before with a comma shortly ahead of it.
	listShare := func(st *exploreStory, i int) (float64, int) {
		re := termRes[sig(st, i).Value]
		if re == nil {
			return 0, 0
		}
		n, in := 0, 0
		for _, p := range st.article.Body {
			p = strings.ReplaceAll(p, "-", " ")
			for _, m := range re.FindAllStringIndex(p, -1) {
				n++
				before := strings.TrimRight(p[:m[0]], " ")
				after := strings.TrimLeft(p[m[1]:], " ")
				switch {
				case strings.HasSuffix(before, ","), strings.HasPrefix(after, ","):
					in++
				case strings.HasSuffix(before, " and") || strings.HasSuffix(before, " or"):
					if k := strings.LastIndexByte(before, ','); k >= 0 && len(before)-k < 40 {
						in++
					}
				}
			}
		}
		if n == 0 {
			return 0, 0
		}
		return float64(in) / float64(n), n
	}
	earningsCompany := func(st *exploreStory) bool { return st.at.Kind == "company" && results(st, earnings) }
	return []exploreVariant{
		{name: "in word lists share", extra: func(st *exploreStory, i int) []tagger.Feature {
			f, n := listShare(st, i)
			if n == 0 {
				return nil
			}
			return []tagger.Feature{{Name: "in word lists share", Value: f}}
		}},
		{name: "only in word lists", extra: func(st *exploreStory, i int) []tagger.Feature {
			if f, n := listShare(st, i); n == 0 || f < 1 {
				return nil
			}
			return []tagger.Feature{{Name: "only in word lists", Value: 1}}
		}},
		{name: "only in word lists&kind", extra: func(st *exploreStory, i int) []tagger.Feature {
			if f, n := listShare(st, i); n == 0 || f < 1 {
				return nil
			}
			return []tagger.Feature{{Name: "only in word lists", Value: 1}, {Name: "only in word lists&" + st.at.Kind, Value: 1}}
		}},
		{name: "earnings words&slug, company", extra: func(st *exploreStory, i int) []tagger.Feature {
			if !earningsCompany(st) {
				return nil
			}
			return []tagger.Feature{{Name: "earnings company&" + sig(st, i).Value, Value: 1}}
		}},
		{name: "earnings words, company", extra: func(st *exploreStory, i int) []tagger.Feature {
			if !earningsCompany(st) {
				return nil
			}
			return []tagger.Feature{{Name: "earnings company", Value: 1}}
		}},
		{name: "results table&slug", extra: func(st *exploreStory, i int) []tagger.Feature {
			if !results(st, table) {
				return nil
			}
			return []tagger.Feature{{Name: "results table", Value: 1}, {Name: "results table&" + sig(st, i).Value, Value: 1}}
		}},
		{name: "earnings words&slug", extra: func(st *exploreStory, i int) []tagger.Feature {
			if !results(st, earnings) {
				return nil
			}
			return []tagger.Feature{{Name: "earnings words", Value: 1}, {Name: "earnings words&" + sig(st, i).Value, Value: 1}}
		}},
		{name: "ticker&slug", extra: func(st *exploreStory, i int) []tagger.Feature {
			if !strings.Contains(text(st), ">") {
				return nil
			}
			return []tagger.Feature{{Name: "ticker", Value: 1}, {Name: "ticker&" + sig(st, i).Value, Value: 1}}
		}},
	}
}

// crossed returns the features of fs named with prefix, each crossed with
// the commodity: "c:reserve" -> "c:reserve&gas".
func crossed(fs []tagger.Feature, prefix, slug string) []tagger.Feature {
	var out []tagger.Feature
	for _, f := range fs {
		if strings.HasPrefix(f.Name, prefix) {
			out = append(out, tagger.Feature{Name: f.Name + "&" + slug, Value: f.Value})
		}
	}
	return out
}
