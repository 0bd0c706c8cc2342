package client

import (
	"context"
	"net/url"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Search runs q on the server: GET /api/search.
func (c *Client) Search(ctx context.Context, q newsfind.Query) (*newsfind.Result, error) {
	var a wire.SearchAnswer
	if err := c.getJSON(ctx, "/api/search?"+wire.QueryValues(q).Encode(), &a); err != nil {
		return nil, err
	}
	return a.Result()
}

// SearchJSON runs q and returns the answer as the server wrote it, for a
// caller that passes the API's JSON on rather than reading it (the CLI's
// --json): decoding and encoding again would be a second copy of the
// server's encoder to keep in step.
func (c *Client) SearchJSON(ctx context.Context, q newsfind.Query) ([]byte, error) {
	a, err := c.get(ctx, "/api/search?"+wire.QueryValues(q).Encode())
	if err != nil {
		return nil, err
	}
	return a.body, nil
}

// Document returns one article with its passages and tags: GET
// /api/articles/{id}. The API sends neither the body (the passages are
// it) nor the tags' labels, so Body and Labels are empty.
func (c *Client) Document(ctx context.Context, id string) (*newsfind.Document, error) {
	var a wire.ArticleAnswer
	if err := c.getJSON(ctx, "/api/articles/"+url.PathEscape(id), &a); err != nil {
		return nil, err
	}
	return a.Document()
}

// Highlight is not in the HTTP API: only the article page marks one
// article's matches, as HTML. A search's hits carry their best passages
// marked.
func (c *Client) Highlight(ctx context.Context, id string, q newsfind.Query) ([]newsfind.PassageHit, error) {
	return nil, newsfind.Errorf(newsfind.EINVALID, "%s has no API route that highlights one article: search, and read the hit's passages", c.url)
}
