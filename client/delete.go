package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/newsfind/newsfind"
)

var _ newsfind.Deleter = (*Client)(nil)

// Delete removes articles with one DELETE /api/articles/{id} each, and
// returns the ids the server removed; an id it does not have (404) is
// left out, not an error.
func (c *Client) Delete(ctx context.Context, ids []string) ([]string, error) {
	var gone []string
	for _, id := range ids {
		a, err := c.do(ctx, http.MethodDelete, "/api/articles/"+url.PathEscape(id), "", nil)
		if err != nil {
			return gone, err
		}
		switch a.status {
		case http.StatusOK:
			gone = append(gone, id)
		case http.StatusNotFound:
		default:
			return gone, responseError(a)
		}
	}
	return gone, nil
}
