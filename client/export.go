package client

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Export streams every match of q, in o's format and unit, to w as the
// server sends it: GET /api/export. It
// returns the bytes written; an export the server or the network cut
// short is an error, never a silently shorter file. The transport asks
// for gzip and inflates it on the way.
func (c *Client) Export(ctx context.Context, q newsfind.Query, o wire.ExportOptions, w io.Writer) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url+"/api/export?"+wire.ExportValues(q, o).Encode(), nil)
	if err != nil {
		return 0, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes))
		if err != nil {
			return 0, fmt.Errorf("reading the answer of %s: %w", c.url, err)
		}
		return 0, responseError(&answer{status: resp.StatusCode, body: b})
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("the export from %s broke off after %d bytes: %w", c.url, n, err)
	}
	return n, nil
}
