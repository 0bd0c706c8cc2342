package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gorilla/mux"
	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// articlePage is the view of templates/article.html.
type articlePage struct {
	Title         string
	TitleSegments []newsfind.Segment
	TitleAnchor   bool // the title is passage 0
	Source        string
	Byline        string
	Section       string
	Date          string
	DateNote      string
	Dateline      string
	URL           string
	// About lists what the article is about; Countries and Commodities
	// everything it names.
	About       []chipView
	Countries   []chipView
	Commodities []chipView
	Query       string
	Back        string
	Marked      int
	Passages    []articlePassage
	Copies      []copyView // the other articles of its story
	Spread      *spreadView
}

type articlePassage struct {
	ID       string
	Segments []newsfind.Segment
	Marked   bool
}

// handleArticlePage serves GET /articles/{id}?q=
func (s *Server) handleArticlePage(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	if !newsfind.ValidID(id) {
		return newsfind.Errorf(newsfind.ENOTFOUND, "there is no article with that id")
	}
	q, err := wire.ParseQuery(r.URL.Query())
	if err != nil {
		return err
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	d, err := s.searcher.Document(ctx, id)
	if err != nil {
		return err
	}
	p := articlePage{
		Title: d.Title, TitleSegments: []newsfind.Segment{{Text: d.Title}},
		Source: d.Source, Byline: d.Byline, Section: d.Section, DateNote: d.DateNote, Dateline: d.Dateline, URL: safeURL(d.URL), Query: q.Text,
	}
	p.Copies = copiesOf(q, d.Copies)
	if len(d.Copies) > 0 {
		p.Spread = s.storySpread(ctx, q, id, d.StoryID)
	}
	if p.Title == "" {
		p.Title = "(untitled)"
		p.TitleSegments = []newsfind.Segment{{Text: p.Title}}
	}
	if !d.Published.IsZero() {
		p.Date = d.Published.Format(newsfind.DateLayout)
	}
	for _, c := range d.About.Countries {
		p.About = append(p.About, chipView{Label: labelOr(d.Labels[c], c), Href: searchHref(newsfind.Query{AboutCountries: []string{c}}), About: true})
	}
	for _, c := range d.About.Commodities {
		p.About = append(p.About, chipView{Label: labelOr(d.Labels[c], c), Href: searchHref(newsfind.Query{AboutCommodities: []string{c}}), About: true})
	}
	for _, c := range d.Countries {
		p.Countries = append(p.Countries, chipView{Label: labelOr(d.Labels[c], c), Href: searchHref(newsfind.Query{Countries: []string{c}})})
	}
	for _, c := range d.Commodities {
		p.Commodities = append(p.Commodities, chipView{Label: labelOr(d.Labels[c], c), Href: searchHref(newsfind.Query{Commodities: []string{c}})})
	}
	if q.Text != "" || len(q.Countries)+len(q.Commodities)+len(q.AboutCountries)+len(q.AboutCommodities)+len(q.Sources)+len(q.Langs) > 0 || !q.From.IsZero() || !q.To.IsZero() {
		p.Back = searchHref(q)
	}
	var hits []newsfind.PassageHit
	if q.Text != "" {
		if hits, err = s.searcher.Highlight(ctx, id, q); err != nil {
			if newsfind.ErrorCode(err) != newsfind.EINVALID {
				return err
			}
			hits = nil // a broken query still shows the article, unmarked
		}
	}
	if hits == nil {
		for _, ps := range d.Passages {
			hits = append(hits, newsfind.PassageHit{Index: ps.Index, Text: ps.Text})
		}
	}
	for _, h := range hits {
		segs := h.Segments()
		marked := slices.ContainsFunc(segs, func(s newsfind.Segment) bool { return s.Marked })
		if h.Index == 0 && d.Title != "" && h.Text == d.Title {
			p.TitleSegments, p.TitleAnchor = segs, true
			if marked {
				p.Marked++
			}
			continue
		}
		if marked {
			p.Marked++
		}
		p.Passages = append(p.Passages, articlePassage{ID: "p" + strconv.Itoa(h.Index), Segments: segs, Marked: marked})
	}
	return s.render(w, http.StatusOK, "article", p)
}
