package client

import (
	"context"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Timeline counts q's matches over time on the server: GET /api/timeline.
// The answer is the wire form, which the CLI prints as it came.
func (c *Client) Timeline(ctx context.Context, q newsfind.TimelineQuery) (*wire.TimelineAnswer, []byte, error) {
	var a wire.TimelineAnswer
	b, err := c.answerJSON(ctx, "/api/timeline?"+wire.TimelineValues(q).Encode(), &a)
	if err != nil {
		return nil, nil, err
	}
	return &a, b, nil
}

// Compare counts several queries over the same buckets on the server:
// GET /api/compare.
func (c *Client) Compare(ctx context.Context, q newsfind.CompareQuery) (*wire.CompareAnswer, []byte, error) {
	var a wire.CompareAnswer
	b, err := c.answerJSON(ctx, "/api/compare?"+wire.CompareValues(q).Encode(), &a)
	if err != nil {
		return nil, nil, err
	}
	return &a, b, nil
}

// answerJSON decodes the answer to path into out and also returns its
// body, for a caller that passes the API's JSON on (--json).
func (c *Client) answerJSON(ctx context.Context, path string, out any) ([]byte, error) {
	a, err := c.get(ctx, path)
	if err != nil {
		return nil, err
	}
	if err := c.decode(a, out); err != nil {
		return nil, err
	}
	return a.body, nil
}
