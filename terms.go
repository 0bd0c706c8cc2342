package newsfind

import (
	"context"
	"time"
)

// Limits on a terms answer.
const (
	DefaultTermsSize = 25
	MaxTermsSize     = 100
)

// StatisticG2 names the statistic terms are scored by: Dunning's
// log-likelihood ratio G² of a 2×2 table (passages of the sample with and
// without the term against the rest of the collection's).
const StatisticG2 = "G2"

// How a terms sample was drawn from the matching articles (TermsSample.Draw).
const (
	// DrawBest: the best-scoring matches, as the search ranks them; a
	// match set small enough to score cheaply is drawn so.
	DrawBest = "best"
	// DrawProminent: the matches whose title and lead carry the query,
	// equals in a fixed pseudo-random order, without scoring any; a large
	// match set is drawn so.
	DrawProminent = "prominent"
	// DrawSpread: an even spread over the matches in catalog order, for
	// a query of filters alone, whose matches all score alike.
	DrawSpread = "spread"
)

// TermsQuery asks for the words and two-word phrases that set a search's
// matching articles apart from the whole collection.
type TermsQuery struct {
	Query
	Size int // terms answered; 0 means DefaultTermsSize
}

// Terms is a TermsQuery's answer, best first.
type Terms struct {
	Terms     []Term
	Sample    TermsSample
	Statistic string
}

// Term is one distinctive word or two-word phrase, written in the form
// the sample uses most ("grindings", "Ivory Coast"), not as its stem.
type Term struct {
	Term  string
	Score float64 // the statistic: higher is more distinctive
	// Count is how many passages of the sample have it, Background how
	// many passages of the whole collection have it (the sample's too).
	Count      int
	Background int
}

// TermsSample says what the terms were counted on: the matching
// articles sampled and their passages, beside the collection's passages.
type TermsSample struct {
	Matched  int // articles the query matched
	Articles int // articles sampled (one per story)
	Passages int
	Bytes    int
	Draw     string // DrawBest, DrawProminent or DrawSpread
	// CollectionPassages is the background's size: every passage indexed.
	CollectionPassages int
}

// Termer answers distinctive terms. It is apart from Searcher so that a
// searcher that cannot (a remote one of an older server) still searches.
type Termer interface {
	Terms(ctx context.Context, q TermsQuery) (*Terms, error)
}

// Story is how one story spread: its articles in order of publication,
// the first outlet to run it, and how many outlets ran it each day.
type Story struct {
	ID       string
	Articles []StoryArticle // earliest first; undated ones last
	// FirstOutlet is the source of the earliest dated article.
	FirstOutlet string
	Outlets     int // distinct sources
	// Days is how many calendar days from the first dated article to the
	// last, both counted (1 when all ran the same day; 0 when none is
	// dated).
	Days   int
	Spread []StoryDay // one per day from the first to the last, empty days too
}

// StoryArticle is one article of a story.
type StoryArticle struct {
	ID, Title, Source string
	Published         time.Time // zero when undated
}

// StoryDay is one day of a story's spread.
type StoryDay struct {
	Day      time.Time
	Articles int
	Outlets  int // distinct sources that ran it that day
	// NewOutlets are the sources that ran it that day for the first time.
	NewOutlets int
}

// StoryReader answers a story's spread by its id.
type StoryReader interface {
	Story(ctx context.Context, id string) (*Story, error)
}

// Drawn says in words which of the matches the terms were counted on, as
// the terms panel and `newsfind terms` write it after "From 100 of 152613
// matching articles": terms from the best-scoring read differently from
// terms of those naming the query in title and lead, or of an even
// spread. It is "" when the sample is every match (how it was drawn says
// nothing) or the answer does not say (a server older than Draw).
func (s TermsSample) Drawn() string {
	if s.Articles >= s.Matched {
		return ""
	}
	switch s.Draw {
	case DrawBest:
		return "the best-scoring"
	case DrawProminent:
		return "those naming the query in title and lead"
	case DrawSpread:
		return "an even spread over them"
	}
	return ""
}
