package web

import (
	"net/http"

	"github.com/newsfind/newsfind"
)

// homePage is the view of templates/home.html.
type homePage struct {
	Title    string
	Articles int
	Sources  int
	Examples []example
}

// handleHomePage serves GET /
func (s *Server) handleHomePage(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	p := homePage{Title: "newsfind", Examples: s.examples(ctx)}
	// The corpus size is a courtesy; the page works without it.
	if res, err := s.searcher.Search(ctx, newsfind.Query{Size: 1}); err == nil {
		p.Articles, p.Sources = res.TotalArticles, len(res.Facets.Source)
	}
	return s.render(w, http.StatusOK, "home", p)
}
