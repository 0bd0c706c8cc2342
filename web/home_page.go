package web

import (
	"net/http"
	"net/url"

	"github.com/newsfind/newsfind"
)

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
