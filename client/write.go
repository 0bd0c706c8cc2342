package client

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

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
		if err := enc.Encode(wire.NewArticle(&arts[i])); err != nil {
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
		wire.WriteAnswer
		wire.ErrorBody
	}
	if a.status != http.StatusOK && a.status != http.StatusBadRequest {
		return nil, responseError(a)
	}
	if err := c.decode(a, &res); err != nil {
		return nil, err
	}
	if res.Error.Code != "" {
		return nil, responseError(a)
	}
	if len(res.Results) != len(arts) {
		return nil, fmt.Errorf("%s answered %d with %d results for %d articles", c.url, a.status, len(res.Results), len(arts))
	}
	return res.Results, nil
}
