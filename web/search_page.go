package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// searchPage is the view of templates/search.html.
type searchPage struct {
	Title    string
	Query    newsfind.Query
	From, To string
	Sort     string
	Size     int // carried in a hidden field when not the default
	Error    string

	Result   *newsfind.Result
	TookMS   string
	Hits     []hitView
	Facets   []facetView
	Chips    []chipView
	ClearAll string
	Timeline *timelineView
	Pager    pagerView
	Examples []example
	// Export links every match as CSV, ExportN of them (the hits the
	// pages would list: stories with distinct=story); empty when the
	// server cannot export or nothing matched.
	Export  string
	ExportN int
	// Compare links the compare page with this query and its filters.
	Compare string
	// TimelineCtl redraws the timeline by share or interval, and links
	// its CSV.
	TimelineCtl *timelineControls
	// Terms links the terms page of the search, which the panel beside
	// the results loads (terms_page.go); empty when there are none to show.
	Terms string
	// Save offers to save the query (Save this search), Feed its Atom
	// feed; empty when the server keeps no saved searches.
	Save, Feed string
}

type facetView struct {
	Param, Legend string
	// Counts says which set of tags the facet counts: articles about a
	// value, or articles that name it.
	Counts string
	Values []facetValueView
}

type facetValueView struct {
	ID, Value, Label string
	Count            int
	Checked          bool
}

type pagerView struct {
	Page, Pages       int
	First, Prev, Next string
	Links             []pageLink
}

type pageLink struct {
	N       int
	Href    string
	Current bool
}

// handleSearchPage serves GET /search?q=&country=&commodity=&source=&from=&to=&sort=&page=&size=
func (s *Server) handleSearchPage(w http.ResponseWriter, r *http.Request) error {
	v, choice, choiceErr := takeTimelineChoice(r.URL.Query())
	q, err := wire.ParseQuery(v)
	if err == nil {
		err = choiceErr
	}
	// A page lists hits: size=0 (the API's totals alone) shows the default page.
	q.CountOnly = false
	p := searchPage{Query: q, Sort: string(q.Sort)}
	p.Title = "Search"
	if q.Text != "" {
		p.Title = q.Text
	}
	if !q.From.IsZero() {
		p.From = q.From.Format(newsfind.DateLayout)
	}
	if !q.To.IsZero() {
		p.To = q.To.Format(newsfind.DateLayout)
	}
	if q.Size != 0 && q.Size != newsfind.DefaultPageSize {
		p.Size = q.Size
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	if err == nil {
		var res *newsfind.Result
		if res, err = s.searcher.Search(ctx, q); err == nil {
			p.fill(q, res, s.names)
			p.exportLink(s.exporter != nil, q, res)
			p.Compare = compareHref(q)
			p.Timeline, p.TimelineCtl = s.pageTimeline(ctx, q, res.Facets.Date, choice)
			if _, ok := s.searcher.(newsfind.Termer); ok {
				p.Terms = termsHref(q, res)
			}
			p.saveLinks(s.saved != nil, q)
			if len(res.Hits) == 0 {
				p.Examples = s.examples(ctx)
			}
			return s.render(w, http.StatusOK, "search", p)
		}
	}
	// A query the user can fix is shown in the search page, with the
	// form still filled in; anything else gets the error page.
	switch code := newsfind.ErrorCode(err); code {
	case newsfind.EINVALID, newsfind.ETOOLARGE:
		p.Error = newsfind.ErrorMessage(err)
		p.Examples = s.examples(ctx)
		p.Chips, p.ClearAll = chips(q, labeler{names: s.names})
		return s.render(w, wire.Status(code), "search", p)
	}
	return err
}

func (p *searchPage) fill(q newsfind.Query, res *newsfind.Result, names Names) {
	p.Result = res
	p.TookMS = strconv.FormatFloat(float64(res.Took.Microseconds())/1000, 'f', 1, 64)
	labels := map[string]map[string]string{"country": {}, "commodity": {}, "source": {}, "lang": {}}
	for _, f := range []struct {
		param  string
		values []newsfind.FacetValue
	}{{"country", res.Facets.Country}, {"commodity", res.Facets.Commodity}, {"source", res.Facets.Source},
		{"country", res.Facets.AboutCountry}, {"commodity", res.Facets.AboutCommodity}, {"lang", res.Facets.Lang}} {
		for _, v := range f.values {
			labels[f.param][v.Value] = v.Label
		}
	}
	labels["about_country"], labels["about_commodity"] = labels["country"], labels["commodity"]
	label := labeler{facets: labels, names: names}
	// Each facet says what its numbers count: with distinct=story a
	// story counts once, whatever its copies.
	unit := "articles"
	if q.Distinct == newsfind.DistinctStory {
		unit = "stories"
	}
	about, mentions := unit+" about it", unit+" that name it"
	p.Facets = []facetView{
		facet("about_country", "Country: about", about, res.Facets.AboutCountry, q.AboutCountries, label),
		facet("about_commodity", "Commodity: about", about, res.Facets.AboutCommodity, q.AboutCommodities, label),
		facet("country", "Country: mentions", mentions, res.Facets.Country, q.Countries, label),
		facet("commodity", "Commodity: mentions", mentions, res.Facets.Commodity, q.Commodities, label),
		facet("source", "Source", unit+" it published", res.Facets.Source, q.Sources, label),
		facet("lang", "Language", unit+" in it", res.Facets.Lang, q.Langs, label),
	}
	p.Chips, p.ClearAll = chips(q, label)
	p.Timeline = timeline(q, res.Facets.Date)
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, hitOf(q, h, label))
	}
	p.Pager = pager(q, res)
}

func facet(param, legend, counts string, vals []newsfind.FacetValue, selected []string, label labeler) facetView {
	f := facetView{Param: param, Legend: legend, Counts: counts}
	seen := map[string]bool{}
	for i, v := range vals {
		seen[v.Value] = true
		f.Values = append(f.Values, facetValueView{
			ID: fmt.Sprintf("f-%s-%d", param, i), Value: v.Value, Label: labelOr(v.Label, v.Value),
			Count: v.Count, Checked: slices.Contains(selected, v.Value),
		})
	}
	// A selected value that no longer matches anything stays listed, so
	// that it can be unticked.
	for _, v := range selected {
		if !seen[v] {
			seen[v] = true
			f.Values = append(f.Values, facetValueView{
				ID: fmt.Sprintf("f-%s-%d", param, len(f.Values)), Value: v, Label: label.label(param, v), Checked: true,
			})
		}
	}
	return f
}

func labelOr(label, value string) string {
	if label != "" {
		return label
	}
	return value
}

// chips lists the active filters, each with a link that removes it, and a
// link that clears them all but keeps the query text.
func chips(q newsfind.Query, names labeler) ([]chipView, string) {
	var out []chipView
	add := func(param, name string, vals []string, drop func(*newsfind.Query, string)) {
		for _, v := range vals {
			c := cloneQuery(q)
			drop(&c, v)
			c.Page = 0
			out = append(out, chipView{Label: name + ": " + names.label(param, v), Href: searchHref(c)})
		}
	}
	add("about_country", "About country", q.AboutCountries, func(c *newsfind.Query, v string) { c.AboutCountries = without(c.AboutCountries, v) })
	add("about_commodity", "About commodity", q.AboutCommodities, func(c *newsfind.Query, v string) { c.AboutCommodities = without(c.AboutCommodities, v) })
	add("country", "Country", q.Countries, func(c *newsfind.Query, v string) { c.Countries = without(c.Countries, v) })
	add("commodity", "Commodity", q.Commodities, func(c *newsfind.Query, v string) { c.Commodities = without(c.Commodities, v) })
	add("source", "Source", q.Sources, func(c *newsfind.Query, v string) { c.Sources = without(c.Sources, v) })
	add("lang", "Language", q.Langs, func(c *newsfind.Query, v string) { c.Langs = without(c.Langs, v) })
	if q.Lineage {
		c := cloneQuery(q)
		c.Lineage, c.Page = false, 0
		out = append(out, chipView{Label: "With former and successor states", Href: searchHref(c)})
	}
	if !q.From.IsZero() {
		c := cloneQuery(q)
		c.From, c.Page = time.Time{}, 0
		out = append(out, chipView{Label: "From: " + q.From.Format(newsfind.DateLayout), Href: searchHref(c)})
	}
	if !q.To.IsZero() {
		c := cloneQuery(q)
		c.To, c.Page = time.Time{}, 0
		out = append(out, chipView{Label: "To: " + q.To.Format(newsfind.DateLayout), Href: searchHref(c)})
	}
	if len(out) < 2 {
		return out, ""
	}
	return out, searchHref(newsfind.Query{Text: q.Text, Sort: q.Sort, Scope: q.Scope, Size: q.Size})
}

func without(vals []string, v string) []string {
	return slices.DeleteFunc(vals, func(x string) bool { return x == v })
}

func pager(q newsfind.Query, res *newsfind.Result) pagerView {
	size := q.Size
	if size == 0 {
		size = newsfind.DefaultPageSize
	}
	at := func(n int) string {
		c := cloneQuery(q)
		c.Page = n
		return searchHref(c)
	}
	next := func() string {
		c := cloneQuery(q)
		c.Page, c.After = 0, res.Next
		return searchHref(c)
	}
	// Past the numbered pages a cursor leads on; it only goes forward.
	if q.After != "" {
		pv := pagerView{First: at(1)}
		if res.Next != "" {
			pv.Next = next()
		}
		return pv
	}
	page := max(q.Page, 1)
	// Numbered pages stop at the result window; the last one leads on
	// with the cursor.
	pv := pagerView{Page: page, Pages: min((res.TotalArticles+size-1)/size, newsfind.MaxResultWindow/size)}
	if pv.Pages < 2 {
		return pv
	}
	if page > 1 {
		pv.Prev = at(page - 1)
	}
	if page < pv.Pages {
		pv.Next = at(page + 1)
	} else if res.Next != "" {
		pv.Next = next()
	}
	// First, last and two either side of the current page.
	for n := 1; n <= pv.Pages; n++ {
		if n == 1 || n == pv.Pages || (n >= page-2 && n <= page+2) {
			pv.Links = append(pv.Links, pageLink{N: n, Href: at(n), Current: n == page})
		}
	}
	return pv
}
