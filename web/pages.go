package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/newsfind/newsfind"
)

// contentSecurityPolicy allows our own script and stylesheet only: no inline
// script, no inline handlers, no inline styles, no plug-ins, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

func (s *Server) registerPageRoutes(open, read *mux.Router) {
	read.Handle("/", s.handle(s.handleHomePage)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/search", s.handle(s.handleSearchPage)).Methods(http.MethodGet, http.MethodHead)
	read.Handle("/articles/{id}", s.handle(s.handleArticlePage)).Methods(http.MethodGet, http.MethodHead)
	open.PathPrefix("/static/").Handler(s.staticHandler()).Methods(http.MethodGet, http.MethodHead)
}

// isPagePath reports whether path is one of the HTML pages, whose errors
// are answered with an HTML page whatever the Accept header says.
func isPagePath(path string) bool {
	return path == "/" || path == "/search" || strings.HasPrefix(path, "/articles/")
}

// wantsHTML reports whether an error for r should be an HTML page: a page
// route, or any non-API path asked for by a browser.
func wantsHTML(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz" {
		return false
	}
	return isPagePath(r.URL.Path) || strings.Contains(r.Header.Get("Accept"), "text/html")
}

func setPageHeaders(h http.Header) {
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
}

// render executes a page into a buffer first, so that a template error
// still gets a clean error page instead of half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, v any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	setPageHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	buf.WriteTo(w) // the client went away; nothing to tell it
	return nil
}

// errorPage is the view of templates/error.html.
type errorPage struct {
	Title   string
	Status  int
	Code    string
	Message string
}

// renderErrorPage answers err as a friendly HTML page with its status.
func (s *Server) renderErrorPage(w http.ResponseWriter, st int, code, msg string) {
	title := http.StatusText(st)
	switch code {
	case newsfind.ENOTFOUND:
		title = "Not found"
	case newsfind.EINVALID:
		title = "That request did not work"
	}
	if err := s.render(w, st, "error", errorPage{Title: title, Status: st, Code: code, Message: msg}); err != nil {
		setPageHeaders(w.Header())
		http.Error(w, msg, st)
	}
}

func (s *Server) staticHandler() http.Handler {
	files := http.StripPrefix("/static/", http.FileServerFS(s.static))
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if strings.HasSuffix(r.URL.Path, "/") {
			return newsfind.Errorf(newsfind.ENOTFOUND, "no such file: %s", newsfind.Echo(r.URL.Path))
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
		return nil
	})
}

// example is a query offered on the home page and on empty results.
type example struct{ Label, Href string }

var examples = []example{
	{"tariffs", "/search?q=tariffs"},
	{`"rare earth"`, "/search?q=" + url.QueryEscape(`"rare earth"`)},
	{"C5+1 summit", "/search?q=" + url.QueryEscape("C5+1 summit")},
	{"uranium country:KZ", "/search?q=" + url.QueryEscape("uranium country:KZ")},
}

// homePage is the view of templates/home.html.
type homePage struct {
	Title    string
	Articles int
	Sources  int
	Examples []example
}

// handleHomePage serves GET /
func (s *Server) handleHomePage(w http.ResponseWriter, r *http.Request) error {
	p := homePage{Title: "newsfind", Examples: examples}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	// The corpus size is a courtesy; the page works without it.
	if res, err := s.searcher.Search(ctx, newsfind.Query{Size: 1}); err == nil {
		p.Articles, p.Sources = res.TotalArticles, len(res.Facets.Source)
	}
	return s.render(w, http.StatusOK, "home", p)
}

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
}

type hitView struct {
	Title, Href, Source, Byline, Date, DateNote, URL string
	Dateline                                         string
	Section                                          string
	Countries, Commodities                           []chipView
	MoreTags                                         int // tags left out; the article page has them all
	Passages                                         []passageView
	More                                             int
	MoreHref                                         string
	// With distinct=story: the hit's story, "3 copies in 2 outlets".
	Copies      []copyView
	CopiesLabel string
}

// copyView is one other article of a story, as a hit or an article page
// lists it.
type copyView struct {
	Title, Href, Source, Date string
	Canonical                 bool
}

func copiesOf(q newsfind.Query, cs []newsfind.Copy) []copyView {
	var out []copyView
	for _, c := range cs {
		t := c.Title
		if t == "" {
			t = "(untitled)"
		}
		out = append(out, copyView{Title: t, Href: articleHref(c.ID, q), Source: c.Source, Date: c.Published, Canonical: c.Canonical})
	}
	return out
}

// copiesLabel says how far a story ran: "3 copies in 2 outlets".
func copiesLabel(articles, outlets int) string {
	if articles <= 1 {
		return ""
	}
	return fmt.Sprintf("%d %s in %d %s", articles-1, pluralize(articles-1, "copy", "copies"), outlets, pluralize(outlets, "outlet", "outlets"))
}

type passageView struct {
	Href     string
	Segments []newsfind.Segment
}

type chipView struct {
	Label, Href string
	About       bool // the article is about it, not only naming it
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
	q, err := parseQuery(r.URL.Query())
	p := searchPage{Query: q, Sort: string(q.Sort), Examples: examples}
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
	if err == nil {
		ctx, cancel := requestContext(r, searchTimeout)
		defer cancel()
		var res *newsfind.Result
		if res, err = s.searcher.Search(ctx, q); err == nil {
			p.fill(q, res)
			return s.render(w, http.StatusOK, "search", p)
		}
	}
	// A query the user can fix is shown in the search page, with the
	// form still filled in; anything else gets the error page.
	switch code := newsfind.ErrorCode(err); code {
	case newsfind.EINVALID, newsfind.ETOOLARGE:
		p.Error = newsfind.ErrorMessage(err)
		p.Chips, p.ClearAll = chips(q, nil)
		return s.render(w, status(code), "search", p)
	}
	return err
}

func (p *searchPage) fill(q newsfind.Query, res *newsfind.Result) {
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
	const aboutCounts, mentionCounts = "articles about it", "articles that name it"
	p.Facets = []facetView{
		facet("about_country", "Country: about", aboutCounts, res.Facets.AboutCountry, q.AboutCountries),
		facet("about_commodity", "Commodity: about", aboutCounts, res.Facets.AboutCommodity, q.AboutCommodities),
		facet("country", "Country: mentions", mentionCounts, res.Facets.Country, q.Countries),
		facet("commodity", "Commodity: mentions", mentionCounts, res.Facets.Commodity, q.Commodities),
		facet("source", "Source", "", res.Facets.Source, q.Sources),
		facet("lang", "Language", "", res.Facets.Lang, q.Langs),
	}
	p.Chips, p.ClearAll = chips(q, labels)
	p.Timeline = timeline(q, res.Facets.Date)
	for _, h := range res.Hits {
		p.Hits = append(p.Hits, hitOf(q, h, labels))
	}
	p.Pager = pager(q, res)
}

func facet(param, legend, counts string, vals []newsfind.FacetValue, selected []string) facetView {
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
				ID: fmt.Sprintf("f-%s-%d", param, len(f.Values)), Value: v, Label: v, Checked: true,
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
func chips(q newsfind.Query, labels map[string]map[string]string) ([]chipView, string) {
	var out []chipView
	add := func(param, name string, vals []string, drop func(*newsfind.Query, string)) {
		for _, v := range vals {
			c := cloneQuery(q)
			drop(&c, v)
			c.Page = 0
			out = append(out, chipView{Label: name + ": " + labelOr(labels[param][v], v), Href: searchHref(c)})
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

func hitOf(q newsfind.Query, h newsfind.Hit, labels map[string]map[string]string) hitView {
	art := articleHref(h.ID, q)
	v := hitView{
		Title: h.Title, Href: art, Source: h.Source, Byline: h.Byline, Section: h.Section, DateNote: h.DateNote, URL: safeURL(h.URL),
		Dateline: h.Dateline,
		More:     h.MatchedPassages - len(h.Passages), MoreHref: art,
	}
	if v.Title == "" {
		v.Title = "(untitled)"
	}
	if !h.Published.IsZero() {
		v.Date = h.Published.Format(newsfind.DateLayout)
	}
	// A hit shows a few tags: those the search filters on first, then
	// what the article is about, then what it only names.
	for _, c := range selectedFirst(selectedFirst(h.Countries, h.About.Countries), append(q.Countries, q.AboutCountries...)) {
		if len(v.Countries) == maxCountryTags {
			v.MoreTags++
			continue
		}
		chip := tagChip(q, "country", c, labels)
		chip.About = slices.Contains(h.About.Countries, c)
		v.Countries = append(v.Countries, chip)
	}
	for _, c := range selectedFirst(selectedFirst(h.Commodities, h.About.Commodities), append(q.Commodities, q.AboutCommodities...)) {
		if len(v.Commodities) == maxCommodityTags {
			v.MoreTags++
			continue
		}
		chip := tagChip(q, "commodity", c, labels)
		chip.About = slices.Contains(h.About.Commodities, c)
		v.Commodities = append(v.Commodities, chip)
	}
	for _, ph := range h.Passages {
		v.Passages = append(v.Passages, passageView{Href: art + "#p" + strconv.Itoa(ph.Index), Segments: ph.Segments()})
	}
	v.Copies, v.CopiesLabel = copiesOf(q, h.Copies), copiesLabel(h.StoryArticles, h.Outlets)
	return v
}

// Tags shown on a hit, at most.
const (
	maxCountryTags   = 6
	maxCommodityTags = 4
)

// selectedFirst orders tags with those in selected first.
func selectedFirst(tags, selected []string) []string {
	out := make([]string, 0, len(tags))
	for _, t := range tags {
		if slices.Contains(selected, t) {
			out = append(out, t)
		}
	}
	for _, t := range tags {
		if !slices.Contains(selected, t) {
			out = append(out, t)
		}
	}
	return out
}

// tagChip links a hit's tag to the search narrowed to it.
func tagChip(q newsfind.Query, param, value string, labels map[string]map[string]string) chipView {
	c := cloneQuery(q)
	c.Page = 0
	var on *[]string
	if param == "country" {
		on = &c.Countries
	} else {
		on = &c.Commodities
	}
	if !slices.Contains(*on, value) {
		*on = append(*on, value)
	}
	return chipView{Label: labelOr(labels[param][value], value), Href: searchHref(c)}
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
