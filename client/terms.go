package client

import (
	"context"
	"net/url"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Terms asks the server for q's distinctive terms: GET /api/terms.
func (c *Client) Terms(ctx context.Context, q newsfind.TermsQuery) (*newsfind.Terms, error) {
	var a wire.TermsAnswer
	if err := c.getJSON(ctx, "/api/terms?"+wire.TermsValues(q).Encode(), &a); err != nil {
		return nil, err
	}
	return a.Result(), nil
}

// TermsRaw returns GET /api/terms' answer as the server wrote it, in
// format "json" or "csv", for a caller that passes it on (the CLI's
// --json and --csv).
func (c *Client) TermsRaw(ctx context.Context, q newsfind.TermsQuery, format string) ([]byte, error) {
	v := wire.TermsValues(q)
	if format != "" && format != "json" {
		v.Set("format", format)
	}
	a, err := c.get(ctx, "/api/terms?"+v.Encode())
	if err != nil {
		return nil, err
	}
	return a.body, nil
}

// Story asks the server how a story spread: GET /api/stories/{id}.
func (c *Client) Story(ctx context.Context, id string) (*wire.StoryAnswer, error) {
	var a wire.StoryAnswer
	if err := c.getJSON(ctx, "/api/stories/"+url.PathEscape(id), &a); err != nil {
		return nil, err
	}
	return &a, nil
}
