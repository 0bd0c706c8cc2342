package client

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/newsfind/newsfind"
)

// Search runs q on the server: GET /api/search.
func (c *Client) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	var a searchAnswer
	if err := c.getJSON(ctx, "/api/search?"+searchValues(q).Encode(), &a); err != nil {
		return nil, err
	}
	return a.result()
}

// SearchJSON runs q and returns the answer as the server wrote it, for a
// caller that passes the API's JSON on rather than reading it (the CLI's
// --json): decoding and encoding again would be a second copy of the
// server's encoder to keep in step.
func (c *Client) SearchJSON(ctx context.Context, q newsfind.Query) ([]byte, error) {
	a, err := c.get(ctx, "/api/search?"+searchValues(q).Encode())
	if err != nil {
		return nil, err
	}
	return a.body, nil
}

// searchValues writes q as /api/search's parameters. Zero fields are left
// out, so the server applies its defaults as it does to a hand-written URL.
func searchValues(q newsfind.Query) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for name, vals := range map[string][]string{"country": q.Countries, "commodity": q.Commodities, "source": q.Sources,
		"about_country": q.AboutCountries, "about_commodity": q.AboutCommodities, "lang": q.Langs} {
		for _, s := range vals {
			v.Add(name, s)
		}
	}
	if q.Lineage {
		v.Set("lineage", "true")
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.Format(newsfind.DateLayout))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.Format(newsfind.DateLayout))
	}
	if q.Sort != "" {
		v.Set("sort", string(q.Sort))
	}
	if q.Scope != "" {
		v.Set("scope", string(q.Scope))
	}
	for name, n := range map[string]int{"page": q.Page, "size": q.Size, "facet_size": q.FacetSize} {
		if n != 0 {
			v.Set(name, strconv.Itoa(n))
		}
	}
	if q.After != "" {
		v.Set("after", q.After)
	}
	if q.Distinct != "" {
		v.Set("distinct", string(q.Distinct))
	}
	return v
}

// searchAnswer is GET /api/search's answer: a Result, with the time taken
// in milliseconds and each hit's day as "YYYY-MM-DD" or null.
type searchAnswer struct {
	TotalArticles int             `json:"total_articles"`
	TotalPassages int             `json:"total_passages"`
	TookMS        float64         `json:"took_ms"`
	Hits          []hitAnswer     `json:"hits"`
	Facets        newsfind.Facets `json:"facets"`
	Next          string          `json:"next"`
	Warnings      []string        `json:"warnings"`
	Expanded      string          `json:"expanded"`
	TotalStories  int             `json:"total_stories"`
}

type hitAnswer struct {
	newsfind.Hit
	Published *string `json:"published"`
}

func (a *searchAnswer) result() (*newsfind.Result, error) {
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
		var err error
		if r.Hits[i].Published, err = day(h.Published); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// day reads the API's day, null meaning undated.
func day(s *string) (time.Time, error) {
	if s == nil {
		return time.Time{}, nil
	}
	t, err := time.Parse(newsfind.DateLayout, *s)
	if err != nil {
		return time.Time{}, newsfind.Errorf(newsfind.EINTERNAL, "the server sent %q as a day: %v", *s, err)
	}
	return t, nil
}

// Document returns one article with its passages and tags: GET
// /api/articles/{id}. The API sends neither the body (the passages are
// it) nor the tags' labels, so Body and Labels are empty.
func (c *Client) Document(ctx context.Context, id string) (*newsfind.Document, error) {
	var a struct {
		ID          string             `json:"id"`
		Title       string             `json:"title"`
		URL         string             `json:"url"`
		Source      string             `json:"source"`
		Byline      string             `json:"byline"`
		Section     string             `json:"section"`
		Lang        string             `json:"lang"`
		Published   *string            `json:"published"`
		DateNote    string             `json:"date_note"`
		Dateline    string             `json:"dateline"`
		Countries   []string           `json:"countries"`
		Commodities []string           `json:"commodities"`
		About       newsfind.TagSet    `json:"about"`
		Passages    []newsfind.Passage `json:"passages"`
		StoryID     string             `json:"story_id"`
		Copies      []newsfind.Copy    `json:"copies_detail"`
	}
	if err := c.getJSON(ctx, "/api/articles/"+url.PathEscape(id), &a); err != nil {
		return nil, err
	}
	pub, err := day(a.Published)
	if err != nil {
		return nil, err
	}
	return &newsfind.Document{
		Article: newsfind.Article{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Byline: a.Byline,
			Section: a.Section, Lang: a.Lang, Published: pub, DateNote: a.DateNote, Dateline: a.Dateline},
		Passages: a.Passages, Countries: a.Countries, Commodities: a.Commodities, About: a.About,
		StoryID: a.StoryID, Copies: a.Copies,
	}, nil
}

// Highlight is not in the HTTP API: only the article page marks one
// article's matches, as HTML. A search's hits carry their best passages
// marked.
func (c *Client) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	return nil, newsfind.Errorf(newsfind.EINVALID, "%s has no API route that highlights one article: search, and read the hit's passages", c.url)
}
