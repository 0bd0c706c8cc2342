package newsfind

import (
	"context"
	"time"
	"unicode/utf8"
)

// Sort orders search hits.
type Sort string

const (
	SortRelevance Sort = "relevance"
	SortDate      Sort = "date" // newest first; undated articles last
)

// Scope is where a query's AND, OR and NOT combine its leaves (words,
// phrases): a leaf always matches inside one passage.
type Scope string

const (
	// ScopeArticle: each required leaf somewhere in the article, an
	// excluded leaf nowhere in it.
	ScopeArticle Scope = "article"
	// ScopePassage: the whole query inside one passage.
	ScopePassage Scope = "passage"
	// DefaultScope is article: researchers count articles, and one whose
	// words meet in a single passage still ranks above the rest.
	DefaultScope = ScopeArticle
)

// Limits on a query's paging.
const (
	DefaultPageSize = 10
	MaxPageSize     = 100
	// MaxResultWindow bounds page*size, as Elasticsearch does: deep pages
	// cost memory and nobody reads them.
	MaxResultWindow = 10000

	DefaultFacetSize = 20
	MaxFacetSize     = 250 // more than there are countries
)

// Query is one search: the researcher's query text plus filters.
type Query struct {
	Text        string   // newsfind query syntax; empty matches every article
	Countries   []string // ISO codes; OR within, AND with the other filters
	Commodities []string // vocabulary slugs
	// AboutCountries and AboutCommodities filter on what an article is
	// about (Summary.About) as Countries and Commodities filter on what it
	// mentions; OR within each, AND with the others.
	AboutCountries   []string
	AboutCommodities []string
	// Lineage widens the country filters to the states before and after
	// each: RU matches the Soviet Union (SU) too, SU its successors.
	Lineage bool
	Sources []string // source names, exact
	// Langs are BCP 47 language tags; a tag without a region ("pt")
	// also matches its regions ("pt-BR").
	Langs    []string
	From, To time.Time // inclusive days; zero means open
	Sort     Sort
	Page     int // 1-based
	Size     int // articles per page; 0 means DefaultPageSize
	// CountOnly answers the totals and facets alone: no hits, no cursor,
	// nothing read from the store (the API's size=0). Size is ignored.
	CountOnly bool
	// After is the Next cursor of a previous answer to the same query: the
	// page starts after that answer's last hit. It replaces Page, and is
	// how to read past MaxResultWindow.
	After string
	// FacetSize is how many values each facet lists; 0 means
	// DefaultFacetSize.
	FacetSize int
	// Scope is where the query's operators combine; empty means
	// DefaultScope.
	Scope Scope
	// Distinct, when DistinctStory, answers one hit per story (its best
	// matching article, with the story's copies), and counts stories in
	// the totals, facets and timeline.
	Distinct Distinct
}

// Distinct says what a search counts once.
type Distinct string

const (
	// DistinctArticle (the zero value) counts every article.
	DistinctArticle Distinct = ""
	// DistinctStory counts the copies of one story once.
	DistinctStory Distinct = "story"
)

// Result is one page of article hits and the facets of all matching articles.
type Result struct {
	TotalArticles int           `json:"total_articles"`
	TotalPassages int           `json:"total_passages"`
	Took          time.Duration `json:"-"`
	Hits          []Hit         `json:"hits"`
	Facets        Facets        `json:"facets"`
	// Next is the cursor of the page after this one (Query.After), empty
	// on the last page.
	Next string `json:"next,omitempty"`
	// Warnings say what of the query was not searched as typed (common
	// words left out, a field written with a space after its colon), so
	// that an answer is never silently about another query. Never nil.
	Warnings []string `json:"warnings"`
	// Expanded is the query as searched when synonyms widened it
	// (search/data/synonyms.txt, serve --synonyms), in query syntax:
	// US is searched as US OR "United States" OR America. Empty, and
	// omitted from JSON, when nothing was widened.
	Expanded string `json:"expanded,omitempty"`
	// TotalStories is how many stories the matching articles belong to,
	// when the query counts stories (Query.Distinct): the facets and the
	// timeline then count stories too.
	TotalStories int `json:"total_stories,omitempty"`
}

// Hit is a matching article with its best matching passages. Its JSON is
// not quite the API's: web writes Published as a day or null.
type Hit struct {
	Summary
	Score    float64      `json:"score"`
	Passages []PassageHit `json:"passages"`
	// MatchedPassages counts all passages of the article that matched.
	MatchedPassages int `json:"matched_passages"`
	// When the query counts stories (Query.Distinct): StoryArticles is how
	// many articles the hit's story has, Outlets how many sources, and
	// Copies lists the others (the canonical one first; at most
	// MaxCopiesListed of them).
	StoryArticles int    `json:"story_articles,omitempty"`
	Outlets       int    `json:"outlets,omitempty"`
	Copies        []Copy `json:"copies_detail,omitempty"`
}

// MaxCopiesListed bounds the copies a hit or an article lists: a wire
// story can run in hundreds of outlets.
const MaxCopiesListed = 50

// PassageHit is a matching passage. Marks are the matches as [start, end)
// offsets into Text counted in code points (not bytes, not UTF-16 units),
// in order and apart, a phrase being one mark: data that each edge renders
// its own way. Highlight is Text HTML-escaped with every mark wrapped in
// <mark>, for browser clients that insert it as it is.
type PassageHit struct {
	Index     int      `json:"index"`
	Text      string   `json:"text"`
	Highlight string   `json:"highlight"`
	Marks     [][2]int `json:"marks"`
}

// Segment is a run of a passage's text, marked or not.
type Segment struct {
	Text   string
	Marked bool
}

// Segments cuts the passage's text at its marks, so that a renderer
// escapes and wraps each run without counting code points itself. Marks
// out of order or past the text are dropped (the text is always shown
// whole), and touching runs of one kind are one.
func (p PassageHit) Segments() []Segment {
	var out []Segment
	add := func(s string, marked bool) {
		switch {
		case s == "":
		case len(out) > 0 && out[len(out)-1].Marked == marked:
			out[len(out)-1].Text += s
		default:
			out = append(out, Segment{Text: s, Marked: marked})
		}
	}
	pos, cp := 0, 0 // byte and code-point offsets of the text not yet cut
	// at returns the byte offset of code point n, at or after pos.
	at := func(n int) (int, bool) {
		b := pos
		for c := cp; c < n; c++ {
			if b >= len(p.Text) {
				return 0, false
			}
			_, size := utf8.DecodeRuneInString(p.Text[b:])
			b += size
		}
		return b, true
	}
	for _, m := range p.Marks {
		if m[0] < cp || m[1] <= m[0] {
			continue
		}
		start, ok := at(m[0])
		if !ok {
			break
		}
		add(p.Text[pos:start], false)
		pos, cp = start, m[0]
		end, ok := at(m[1])
		if !ok {
			break
		}
		add(p.Text[pos:end], true)
		pos, cp = end, m[1]
	}
	add(p.Text[pos:], false)
	return out
}

// Facets count matching articles by field.
type Facets struct {
	Country   []FacetValue `json:"country"`
	Commodity []FacetValue `json:"commodity"`
	// AboutCountry and AboutCommodity count the matching articles about
	// each value; Country and Commodity count those that mention it.
	AboutCountry   []FacetValue `json:"about_country"`
	AboutCommodity []FacetValue `json:"about_commodity"`
	Source         []FacetValue `json:"source"`
	Lang           []FacetValue `json:"lang"`
	Date           DateFacet    `json:"date"`
}

// FacetValue is one value of a facet and how many matching articles have it.
type FacetValue struct {
	Value string `json:"value"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// DateFacet counts matching articles per time bucket. Undated articles are
// counted apart so that a timeline never drops them silently.
type DateFacet struct {
	// Interval is "day", "month", "quarter", "year", "decade", "century"
	// or "millennium": the finest that keeps the buckets within a cap
	// whatever the span of the dates.
	Interval string       `json:"interval"`
	Buckets  []DateBucket `json:"buckets"`
	Undated  int          `json:"undated"`
}

// DateBucket is one interval of the date facet, From..To inclusive.
type DateBucket struct {
	Value string    `json:"value"` // "2025-11-06", "2025-11", "2025-Q4", "2025", "2020s", "1900–1999"
	From  time.Time `json:"-"`
	To    time.Time `json:"-"`
	Count int       `json:"count"`
}

// Searcher answers queries over the indexed articles.
type Searcher interface {
	Search(ctx context.Context, q Query) (*Result, error)
	// Document returns an article with its passages and tags, or an error
	// with code ENOTFOUND.
	Document(ctx context.Context, id string) (*Document, error)
	// Highlight returns the article's passages with the query's matches
	// marked, for an article page reached from a result.
	Highlight(ctx context.Context, id string, q Query) ([]PassageHit, error)
}
