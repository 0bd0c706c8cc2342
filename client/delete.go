package client

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

var _ newsfind.Deleter = (*Client)(nil)

// Delete removes articles with one POST /api/delete, and returns the ids
// the server removed; an id it does not have is left out, not an error.
// One request for the list lets the server remove them in one store
// transaction and one index batch.
func (c *Client) Delete(ctx context.Context, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil // the server refuses an empty list; nothing to tell it
	}
	body, err := json.Marshal(wire.DeleteRequest{IDs: ids})
	if err != nil {
		return nil, err
	}
	a, err := c.do(ctx, http.MethodPost, "/api/delete", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, responseError(a)
	}
	var res wire.DeleteAnswer
	if err := c.decode(a, &res); err != nil {
		return nil, err
	}
	return res.Deleted, nil
}
