package wire

import (
	"encoding/csv"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
)

// TermsParams are the parameters of GET /api/terms: a search's, size
// being how many terms.
var TermsParams = slices.Clone(SearchParams)

// ParseTerms reads GET /api/terms' parameters: every search parameter
// (its paging is ignored: terms are drawn from every match) and size=,
// the terms wanted, 1 to newsfind.MaxTermsSize.
func ParseTerms(v url.Values) (newsfind.TermsQuery, error) {
	size := strings.TrimSpace(v.Get("size"))
	rest := url.Values{}
	for k, vs := range v {
		if k != "size" {
			rest[k] = vs
		}
	}
	q, err := parseQuery(rest, TermsParams)
	if err != nil {
		return newsfind.TermsQuery{}, err
	}
	t := newsfind.TermsQuery{Query: q}
	if size != "" {
		n, err := strconv.Atoi(size)
		if err != nil || n < 1 || n > newsfind.MaxTermsSize {
			return t, newsfind.LimitErrorf(newsfind.EINVALID, "max_terms_size", "size=%s: give a whole number of terms from 1 to %d", newsfind.Echo(size), newsfind.MaxTermsSize)
		}
		t.Size = n
	}
	return t, nil
}

// TermsValues writes q as ParseTerms reads it back.
func TermsValues(q newsfind.TermsQuery) url.Values {
	q.Query.Size, q.Query.Page, q.Query.CountOnly, q.Query.After = 0, 0, false, ""
	v := QueryValues(q.Query)
	if q.Size != 0 {
		v.Set("size", strconv.Itoa(q.Size))
	}
	return v
}

// TermsAnswer is the GET /api/terms answer.
type TermsAnswer struct {
	Terms     []Term      `json:"terms"`
	Sample    TermsSample `json:"sample"`
	Statistic string      `json:"statistic"`
}

// Term is one term of a TermsAnswer.
type Term struct {
	Term       string  `json:"term"`
	Score      float64 `json:"score"`
	Count      int     `json:"count"`
	Background int     `json:"background"`
}

// TermsSample is what a TermsAnswer was counted on.
type TermsSample struct {
	Matched            int    `json:"matched"`
	Articles           int    `json:"articles"`
	Passages           int    `json:"passages"`
	Bytes              int    `json:"bytes"`
	Draw               string `json:"draw"`
	CollectionPassages int    `json:"collection_passages"`
}

// NewTermsAnswer is t as the server writes it.
func NewTermsAnswer(t *newsfind.Terms) TermsAnswer {
	a := TermsAnswer{Terms: make([]Term, len(t.Terms)), Statistic: t.Statistic, Sample: TermsSample(t.Sample)}
	for i, x := range t.Terms {
		a.Terms[i] = Term(x)
	}
	return a
}

// Result is the newsfind.Terms a reads as.
func (a *TermsAnswer) Result() *newsfind.Terms {
	t := &newsfind.Terms{Terms: make([]newsfind.Term, len(a.Terms)), Statistic: a.Statistic, Sample: newsfind.TermsSample(a.Sample)}
	for i, x := range a.Terms {
		t.Terms[i] = newsfind.Term(x)
	}
	return t
}

// StoryAnswer is the GET /api/stories/{id} answer.
type StoryAnswer struct {
	ID          string         `json:"id"`
	Articles    []StoryArticle `json:"articles"`
	FirstOutlet string         `json:"first_outlet"`
	Outlets     int            `json:"outlets"`
	Days        int            `json:"days"`
	Spread      []StoryDay     `json:"spread"`
}

// StoryArticle is one article of a StoryAnswer; Published is YYYY-MM-DD
// or null.
type StoryArticle struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Source    string  `json:"source"`
	Published *string `json:"published"`
}

// StoryDay is one day of a story's spread; Day is YYYY-MM-DD.
type StoryDay struct {
	Day        string `json:"day"`
	Articles   int    `json:"articles"`
	Outlets    int    `json:"outlets"`
	NewOutlets int    `json:"new_outlets"`
}

// NewStoryAnswer is st as the server writes it.
func NewStoryAnswer(st *newsfind.Story) StoryAnswer {
	a := StoryAnswer{ID: st.ID, FirstOutlet: st.FirstOutlet, Outlets: st.Outlets, Days: st.Days,
		Articles: make([]StoryArticle, len(st.Articles)), Spread: make([]StoryDay, len(st.Spread))}
	for i, x := range st.Articles {
		a.Articles[i] = StoryArticle{ID: x.ID, Title: x.Title, Source: x.Source, Published: Day(x.Published)}
	}
	for i, d := range st.Spread {
		a.Spread[i] = StoryDay{Day: d.Day.Format(newsfind.DateLayout), Articles: d.Articles, Outlets: d.Outlets, NewOutlets: d.NewOutlets}
	}
	return a
}

// WriteTermsCSV writes t's terms as CSV with a header row, in the API's
// order and field names: what the terms panel shows. A term starts with
// a letter (the analysis drops punctuation), so no spreadsheet reads one
// as a formula.
func WriteTermsCSV(w io.Writer, t *newsfind.Terms) error {
	c := csv.NewWriter(w)
	if err := c.Write([]string{"term", "score", "count", "background"}); err != nil {
		return err
	}
	for _, x := range t.Terms {
		if err := c.Write([]string{x.Term, strconv.FormatFloat(x.Score, 'f', -1, 64), strconv.Itoa(x.Count), strconv.Itoa(x.Background)}); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}
