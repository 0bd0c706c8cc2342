package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/newsfind/newsfind"
)

// wireArticle is an article as POST /api/articles reads it: the day as
// "YYYY-MM-DD" and left out when unknown, where newsfind.Article's own
// JSON would send an unknown day as year 1.
type wireArticle struct {
	ID          string   `json:"id,omitempty"`
	URL         string   `json:"url,omitempty"`
	Title       string   `json:"title,omitempty"`
	Source      string   `json:"source,omitempty"`
	Byline      string   `json:"byline,omitempty"`
	Section     string   `json:"section,omitempty"`
	Published   string   `json:"published,omitempty"`
	DateNote    string   `json:"date_note,omitempty"`
	Body        string   `json:"body"`
	Countries   []string `json:"countries,omitempty"`
	Commodities []string `json:"commodities,omitempty"`
}

func toWire(a *newsfind.Article) wireArticle {
	w := wireArticle{ID: a.ID, URL: a.URL, Title: a.Title, Source: a.Source, Byline: a.Byline, DateNote: a.DateNote,
		Body: a.Body, Countries: a.Countries, Commodities: a.Commodities}
	w.Section = a.Section
	if a.Dated() {
		w.Published = a.Published.Format(newsfind.DateLayout)
	}
	return w
}

// Add sends the articles in one POST /api/articles, as NDJSON, and
// returns the server's outcome for each, by position in arts. An article
// the server refuses is an outcome with StatusError, not an error: the
// others are stored all the same.
func (c *Client) Add(ctx context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	if len(arts) == 0 {
		return nil, nil // the server refuses an empty request; nothing to tell it
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range arts {
		if err := enc.Encode(toWire(&arts[i])); err != nil {
			return nil, err
		}
	}
	a, err := c.do(ctx, http.MethodPost, "/api/articles", "application/x-ndjson", &buf)
	if err != nil {
		return nil, err
	}
	// 400 is also the answer when some articles were refused and the
	// others stored; then the body lists results, not an error.
	var res struct {
		Results []newsfind.Outcome `json:"results"`
		errorBody
	}
	if a.status != http.StatusOK && a.status != http.StatusBadRequest {
		return nil, responseError(a)
	}
	if err := c.decode(a, &res); err != nil {
		return nil, err
	}
	if res.Error != nil {
		return nil, responseError(a)
	}
	if len(res.Results) != len(arts) {
		return nil, fmt.Errorf("%s answered %d with %d results for %d articles", c.url, a.status, len(res.Results), len(arts))
	}
	return res.Results, nil
}
