package story

import "slices"

// Thresholds of the rule (docs/design.md, "Stories", has the measurements
// they come from).
const (
	// MinText is the least share of the shorter text's shingles the longer
	// one must hold for the two to be one story.
	MinText = 0.4
	// FactShare is how much of the share of the words the share of the
	// facts (shingles holding a number or a name) must reach: a copy, or
	// a part of one, keeps its facts with its words, where two texts on
	// one template (two companies' results, two days' money-market
	// reports) share the words around the facts and not the facts.
	FactShare = 0.6
	// MinFacts is the least share of the facts, whatever the words: a
	// story that keeps less than this of the figures and names is another
	// week's report on the same template.
	MinFacts = 0.45
	// fewFacts is the least number of fact shingles looked up for their
	// share to say anything; below it the words must agree more
	// (MinTextAlone).
	fewFacts, fewWords = 3, 4
	MinTextAlone       = 0.7
	// minShared is the least number of shingles looked up that the two
	// texts must share.
	minShared = 6
	// minSample is the least number of the shorter text's shingles that
	// can be looked up in the longer one's sketch for a judgement: a
	// short text beside a long one has few of its hashes under the long
	// one's bound, and one or two looked up say nothing.
	minSample = 10
)

// Overlap is how much of the shorter of two texts the longer holds.
type Overlap struct {
	Text  float64 // share of the shorter text's shingles in the longer
	Words float64 // the same of its shingles without a fact
	Facts float64 // the same of its shingles with a fact
	// Sample and FactSample are how many of the shorter text's shingles
	// (with a fact) were looked up.
	Sample, FactSample int
}

// Same reports whether the overlap makes the two texts one story.
func (o Overlap) Same() bool {
	if o.Sample < minSample || o.Text < MinText || o.In() < minShared {
		return false
	}
	if o.FactSample < fewFacts || o.Sample-o.FactSample < fewWords {
		// All words or all facts (a table): nothing to tell a template
		// by, so the texts must agree more.
		return o.Text >= MinTextAlone
	}
	return o.Facts >= FactShare*o.Words && o.Facts >= MinFacts
}

// In is how many of the shingles looked up the longer text holds.
func (o Overlap) In() int { return int(o.Text*float64(o.Sample) + 0.5) }

// Compare measures the overlap of two sketched texts: containment of the
// shorter in the longer (not Jaccard, which halves when one text is the
// first half of the other). Two empty sketches overlap by nothing.
func Compare(a, b *Sketch) Overlap {
	if a.Empty() || b.Empty() {
		return Overlap{}
	}
	if a.Shingles > b.Shingles || a.Shingles == b.Shingles && slices.Compare(a.Text, b.Text) > 0 {
		a, b = b, a // the same answer whichever is asked first
	}
	var in, of [2]int // by fact bit
	bound := ^uint32(0)
	if len(b.Text) >= TextSize {
		bound = b.Text[len(b.Text)-1]
	}
	j := 0
	for _, v := range a.Text {
		// Every hash of b up to the last in its list is in the list, so
		// each of a's up to that bound is looked up exactly, and they
		// are a uniform sample of a's shingles.
		if v > bound {
			break
		}
		of[v&1]++
		for j < len(b.Text) && b.Text[j] < v {
			j++
		}
		if j < len(b.Text) && b.Text[j] == v {
			in[v&1]++
		}
	}
	share := func(in, of int) float64 {
		if of == 0 {
			return 0
		}
		return float64(in) / float64(of)
	}
	return Overlap{
		Text: share(in[0]+in[1], of[0]+of[1]), Words: share(in[0], of[0]), Facts: share(in[1], of[1]),
		Sample: of[0] + of[1], FactSample: of[1],
	}
}
