package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// termsPage is the view of templates/terms.html: the terms panel of a
// search, as a page of its own (what a browser without JavaScript
// follows from the results page) and as the fragment the results page
// loads into its panel.
type termsPage struct {
	Title string
	Query newsfind.Query
	Terms termsView
}

// termsView is the terms panel: every term a link that adds it to the
// query, and the CSV of the same table.
type termsView struct {
	Rows    []termRow
	CSV     string
	Back    string // the results page
	Sample  newsfind.TermsSample
	Drawn   string // how the sample was drawn from the matches (TermsSample.Drawn)
	Error   string
	Pending string // the panel before it is loaded: a link to this page
}

type termRow struct {
	Term, Href string
	Score      string
	Count, Bg  int
	Bar        int // the row's bar, 1 to 60 px: its score against the best
}

// handleTermsPage serves GET /terms?…every search parameter: the
// distinctive terms of the search's matches.
func (s *Server) handleTermsPage(w http.ResponseWriter, r *http.Request) error {
	q, err := wire.ParseTerms(r.URL.Query())
	if err != nil {
		return err
	}
	p := termsPage{Title: "Distinctive terms", Query: q.Query}
	if q.Text != "" {
		p.Title = "Distinctive terms: " + q.Text
	}
	tm, ok := s.searcher.(newsfind.Termer)
	if !ok {
		return newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no terms")
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	t, err := tm.Terms(ctx, q)
	if err != nil {
		return err
	}
	p.Terms = termsPanel(q, t)
	return s.render(w, http.StatusOK, "terms", p)
}

// termsPanel is the panel's view of t, the terms of q.
func termsPanel(q newsfind.TermsQuery, t *newsfind.Terms) termsView {
	v := termsView{Sample: t.Sample, Drawn: t.Sample.Drawn(), Back: searchHref(q.Query)}
	cv := wire.TermsValues(q)
	cv.Set("format", "csv")
	v.CSV = "/api/terms?" + cv.Encode()
	best := 0.0
	if len(t.Terms) > 0 {
		best = t.Terms[0].Score
	}
	for _, x := range t.Terms {
		more := q.Query
		more.Page, more.After = 0, ""
		more.Text = strings.TrimSpace(more.Text + " " + termQuery(x.Term))
		row := termRow{Term: x.Term, Href: searchHref(more), Score: strconv.FormatFloat(x.Score, 'f', 1, 64), Count: x.Count, Bg: x.Background}
		if best > 0 {
			row.Bar = max(1, int(60*x.Score/best))
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

// termQuery is a term as query text: a phrase quoted, so that it is
// searched as the words in that order.
func termQuery(term string) string {
	if strings.ContainsAny(term, " -") {
		return `"` + strings.ReplaceAll(term, `"`, "") + `"`
	}
	return term
}

// termsHref links the results page of q to its terms page, or "" when
// terms would say nothing: no matches, or a query of no text and no
// filter (every article, which nothing sets apart).
func termsHref(q newsfind.Query, res *newsfind.Result) string {
	if res == nil || res.TotalArticles == 0 {
		return ""
	}
	tq := newsfind.TermsQuery{Query: q}
	v := wire.TermsValues(tq)
	v.Del("sort")
	if len(v) == 0 {
		return ""
	}
	return "/terms?" + v.Encode()
}
