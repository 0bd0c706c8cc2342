package search

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestExactPhrasesOnReuters: quoted two-word phrases, chosen by a rule,
// find the articles a regular expression over their title and body finds:
// the words as written, case aside, next to each other, with white space
// or a hyphen between them ("oil-price" is the tokenizer's two words, and
// a reader's). Asserted per phrase, in article and passage scope alike:
// precision at least 0.98 and recall at least 0.95; title:"…" against the
// expression over the title.
func TestExactPhrasesOnReuters(t *testing.T) {
	s, _ := reutersService(t, 21578)
	arts := reutersArticles(t, 21578)
	phrases := sampleBigrams(s, arts)
	if len(phrases) < 40 {
		t.Fatalf("%d phrases sampled, want at least 40", len(phrases))
	}
	// Lower-cased once, so that articles without both words skip the
	// expression: it would take minutes over every article for each phrase.
	lower := make([]string, len(arts))
	for i, a := range arts {
		lower[i] = strings.ToLower(a.Title + "\n\n" + a.Body)
	}
	var sumP, sumR float64
	var n int
	for _, ph := range phrases {
		re := phraseRegexp(ph)
		w1, w2, _ := strings.Cut(ph, " ")
		want, wantTitle := map[string]bool{}, map[string]bool{}
		for i, a := range arts {
			if !strings.Contains(lower[i], w1) || !strings.Contains(lower[i], w2) {
				continue
			}
			if re.MatchString(a.Title + "\n\n" + a.Body) {
				want[a.ID] = true
			}
			if re.MatchString(a.Title) {
				wantTitle[a.ID] = true
			}
		}
		q := `"` + ph + `"`
		for _, sc := range []newsfind.Scope{newsfind.ScopeArticle, newsfind.ScopePassage} {
			got := scopedAll(t, s, q, sc)
			p, r := precisionRecall(got, want)
			sumP, sumR, n = sumP+p, sumR+r, n+1
			if p < 0.98 || r < 0.95 {
				t.Errorf("%s (%s scope): P %.3f R %.3f (%d found, %d by the expression); %s", q, sc, p, r, len(got), len(want), mismatches(arts, got, want, re))
			}
		}
		if len(wantTitle) >= 5 {
			got := scopedAll(t, s, "title:"+q, newsfind.ScopeArticle)
			if p, r := precisionRecall(got, wantTitle); p < 0.98 || r < 0.95 {
				t.Errorf("title:%s: P %.3f R %.3f (%d found, %d by the expression); %s", q, p, r, len(got), len(wantTitle), mismatches(arts, got, wantTitle, re))
			}
		}
	}
	t.Logf("%d phrases, both scopes: mean precision %.4f, mean recall %.4f", len(phrases), sumP/float64(n), sumR/float64(n))
}

// sampleBigrams picks the phrases by a rule, not by hand: pairs of words
// (letters only, two or more) that stand side by side in the text, ranked
// by the articles they are in; the 25 commonest of two searchable words,
// then every 20th down to the 1,000th (rarer phrases), and the 10
// commonest with one stop word ("of" in "bank of england" must be there;
// so must "it" in "said it"). Two stop words are not searched.
func sampleBigrams(s *Service, arts []newsfind.Article) []string {
	word := regexp.MustCompile(`[A-Za-z]+`)
	df := map[string]int{}
	for _, a := range arts {
		seen := map[string]bool{}
		text := a.Title + "\n\n" + a.Body
		locs := word.FindAllStringIndex(text, -1)
		for i := 1; i < len(locs); i++ {
			prev, cur := locs[i-1], locs[i]
			if prev[1]-prev[0] < 2 || cur[1]-cur[0] < 2 || strings.Trim(text[prev[1]:cur[0]], " ") != "" {
				continue
			}
			bg := strings.ToLower(text[prev[0]:prev[1]] + " " + text[cur[0]:cur[1]])
			if !seen[bg] {
				seen[bg] = true
				df[bg]++
			}
		}
	}
	type count struct {
		bg string
		n  int
	}
	var both, oneStop []count
	stop := func(w string) bool { return len(s.analyzer.Analyze([]byte(w))) == 0 }
	for bg, n := range df {
		w1, w2, _ := strings.Cut(bg, " ")
		switch {
		case !stop(w1) && !stop(w2):
			both = append(both, count{bg, n})
		case stop(w1) != stop(w2):
			oneStop = append(oneStop, count{bg, n})
		}
	}
	byCount := func(a, b count) int { return cmp.Or(b.n-a.n, strings.Compare(a.bg, b.bg)) }
	slices.SortFunc(both, byCount)
	slices.SortFunc(oneStop, byCount)
	var out []string
	for i := 0; i < min(len(both), 1000); i++ {
		if i < 25 || i%20 == 0 {
			out = append(out, both[i].bg)
		}
	}
	for i := 0; i < min(len(oneStop), 10); i++ {
		out = append(out, oneStop[i].bg)
	}
	return out
}

// phraseRegexp is what a reader takes a two-word phrase to be: its words,
// case aside, whole, with white space or a hyphen between them.
func phraseRegexp(ph string) *regexp.Regexp {
	w1, w2, _ := strings.Cut(ph, " ")
	return regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(w1) + `[\s-]+` + regexp.QuoteMeta(w2) + `\b`)
}

// scopedAll are the ids of every article text finds in a scope.
func scopedAll(t *testing.T, s *Service, text string, sc newsfind.Scope) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, id := range scopedIDs(t, s, text, sc) {
		out[id] = true
	}
	return out
}

func precisionRecall(got, want map[string]bool) (p, r float64) {
	both := 0
	for id := range got {
		if want[id] {
			both++
		}
	}
	p, r = 1, 1
	if len(got) > 0 {
		p = float64(both) / float64(len(got))
	}
	if len(want) > 0 {
		r = float64(both) / float64(len(want))
	}
	return p, r
}

// mismatches shows a few articles found and not by the expression, and
// the other way round, for a failure's message.
func mismatches(arts []newsfind.Article, got, want map[string]bool, re *regexp.Regexp) string {
	var extra, missed []string
	for id := range got {
		if !want[id] && len(extra) < 3 {
			extra = append(extra, id)
		}
	}
	for id := range want {
		if !got[id] && len(missed) < 3 {
			missed = append(missed, id)
		}
	}
	context := func(id string) string {
		for _, a := range arts {
			if a.ID == id {
				text := a.Title + "\n\n" + a.Body
				if l := re.FindStringIndex(text); l != nil {
					return id + " " + quoteAround(text, l[0], l[1])
				}
				return id
			}
		}
		return id
	}
	var b strings.Builder
	b.WriteString("found, not by the expression:")
	for _, id := range extra {
		b.WriteString(" " + context(id))
	}
	b.WriteString("; by the expression, not found:")
	for _, id := range missed {
		b.WriteString(" " + context(id))
	}
	return b.String()
}

func quoteAround(text string, start, end int) string {
	return strings.ReplaceAll(text[max(0, start-40):min(len(text), end+40)], "\n", `\n`)
}
