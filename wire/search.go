package wire

import (
	"time"

	"github.com/newsfind/newsfind"
)

// SearchAnswer is the GET /api/search answer: a newsfind.Result with the
// time taken in milliseconds and each hit's day as YYYY-MM-DD or null.
type SearchAnswer struct {
	TotalArticles int             `json:"total_articles"`
	TotalPassages int             `json:"total_passages"`
	TookMS        float64         `json:"took_ms"`
	Hits          []Hit           `json:"hits"`
	Facets        newsfind.Facets `json:"facets"`
	Next          string          `json:"next,omitempty"`
	Warnings      []string        `json:"warnings"`
	Expanded      string          `json:"expanded,omitempty"`
	TotalStories  int             `json:"total_stories,omitempty"`
}

// Hit is one hit of a SearchAnswer.
type Hit struct {
	newsfind.Hit
	// Published is YYYY-MM-DD, or null for an undated article.
	Published *string `json:"published"`
	// CopyIDs are the ids of the hit's story's other articles (distinct=story).
	CopyIDs []string `json:"copies,omitempty"`
	// About is always there, its lists never null, though an article
	// stored before about tags existed has none until it is re-indexed.
	About newsfind.TagSet `json:"about"`
}

// NewSearchAnswer is r as the server writes it.
func NewSearchAnswer(r *newsfind.Result) SearchAnswer {
	a := SearchAnswer{
		TotalArticles: r.TotalArticles,
		TotalPassages: r.TotalPassages,
		TookMS:        float64(r.Took.Microseconds()) / 1000,
		Hits:          make([]Hit, len(r.Hits)),
		Facets:        r.Facets,
		Next:          r.Next,
		Warnings:      r.Warnings,
		Expanded:      r.Expanded,
		TotalStories:  r.TotalStories,
	}
	if a.Warnings == nil {
		a.Warnings = []string{} // a Searcher other than search's may leave it nil
	}
	for i, h := range r.Hits {
		a.Hits[i] = Hit{Hit: h, Published: Day(h.Published), About: tagSet(h.About), CopyIDs: copyIDs(h.Copies)}
	}
	return a
}

// Result is the newsfind.Result a reads as.
func (a *SearchAnswer) Result() (*newsfind.Result, error) {
	r := &newsfind.Result{
		TotalArticles: a.TotalArticles,
		TotalPassages: a.TotalPassages,
		Took:          time.Duration(a.TookMS * float64(time.Millisecond)),
		Hits:          make([]newsfind.Hit, len(a.Hits)),
		Facets:        a.Facets,
		Next:          a.Next,
		Warnings:      a.Warnings,
		Expanded:      a.Expanded,
		TotalStories:  a.TotalStories,
	}
	if r.Warnings == nil {
		r.Warnings = []string{} // a server from before warnings
	}
	for i, h := range a.Hits {
		r.Hits[i] = h.Hit
		r.Hits[i].About = h.About
		var err error
		if r.Hits[i].Published, err = ParseDay(h.Published); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// tagSet is t with lists, never nulls.
func tagSet(t newsfind.TagSet) newsfind.TagSet {
	if t.Countries == nil {
		t.Countries = []string{}
	}
	if t.Commodities == nil {
		t.Commodities = []string{}
	}
	return t
}

// copyIDs lists the ids of copies.
func copyIDs(cs []newsfind.Copy) []string {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	return ids
}
