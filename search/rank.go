package search

import (
	"bytes"
	"math"
)

// place says where in its article a passage is: bits, so that the places
// of an article's matched passages fold into one byte.
type place uint8

const (
	placeTitle place = 1 << iota // passage 0
	placeLead                    // passage 1, the body's first
)

// placeOf reads a passage's place from its document id (index.PassageID:
// "article/n").
func placeOf(id []byte) place {
	switch string(id[bytes.LastIndexByte(id, '/')+1:]) {
	case "0":
		return placeTitle
	case "1":
		return placeLead
	}
	return 0
}

// The weights of what an article's score adds to its best passage's,
// tuned on the "tune" half of testdata/rankeval/queries.tsv (docs/design.md,
// "Ranking"); the nDCG@10 of that half is flat within 0.003 for matched
// weights 0.2-0.5, title 1.5-4 and lead 0.5-1.
const (
	weightMatched = 0.3 // per e-fold of matching passages
	weightTitle   = 2.0 // the title matches
	weightLead    = 1.0 // the lead matches
)

// matchedBoost is weightMatched·ln(n) for the counts most articles have:
// a broad query scores tens of thousands of articles, and the logarithm
// was half of that. Never written after it is made.
var matchedBoost = func() (t [64]float64) {
	for n := 1; n < len(t); n++ {
		t[n] = weightMatched * math.Log(float64(n))
	}
	return t
}()

// articleScore is an article's score from what the walk saw of it: its
// best passage's score, scaled up by how much of the article is about the
// query (how many passages match, whether the title and the lead do).
// An article with one matching paragraph then ranks below one whose title
// and many paragraphs match, even when that paragraph, being short,
// scores higher than any of theirs. Scaling keeps the best passage's
// weight in the query (its idf) and needs nothing but the walk's counts.
func articleScore(best float64, matched int32, at place) float64 {
	f := 1.0
	if matched > 1 {
		if int(matched) < len(matchedBoost) {
			f += matchedBoost[matched]
		} else {
			f += weightMatched * math.Log(float64(matched))
		}
	}
	if at&placeTitle != 0 {
		f += weightTitle
	}
	if at&placeLead != 0 {
		f += weightLead
	}
	// Rounded as passage scores are (roundScore): a cursor compares
	// scores, and equal evidence must give equal scores.
	return roundScore(best * f)
}

// rank turns the best passage score of each matching article into its
// score.
func (m *matchSet) rank() {
	for _, o := range m.articles {
		m.score[o] = articleScore(m.score[o], m.hits[o], m.places[o])
	}
}
