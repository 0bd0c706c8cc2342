package client

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind"
)

// maxAnswerBytes caps what is read of one answer: a page of 100 hits with
// their passages and 250 values per facet is a few MB, so 64 MB only
// stops a server (or something posing as one) from filling memory.
const maxAnswerBytes = 64 << 20

// Options configure a Client.
type Options struct {
	// Token is sent as "Authorization: Bearer <token>". The write and
	// reindex routes need it, and the read routes of a private server.
	// Which token a server may be given is the caller's decision: the
	// client sends this one to whatever URL it was made for.
	Token string
	// HTTPClient sends the requests; nil means http.DefaultClient. Its
	// Timeout, if any, bounds every request besides the context.
	HTTPClient *http.Client
}

// Client talks to the newsfind server at one base URL.
type Client struct {
	url   string
	token string
	http  *http.Client
}

// Interfaces the client stands in for.
var (
	_ newsfind.Searcher = (*Client)(nil)
	_ newsfind.Writer   = (*Client)(nil)
)

// New returns a client of the server at base, e.g. "http://localhost:8080".
func New(base string, opt Options) *Client {
	hc := opt.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	return &Client{url: strings.TrimRight(base, "/"), token: opt.Token, http: hc}
}

// URL is the server's base URL, as error messages should name it.
func (c *Client) URL() string { return c.url }

// answer is one response, read whole.
type answer struct {
	status int
	body   []byte
}

// do sends one request and reads the answer. It returns an error only
// when there is no answer to read; what the answer says is the caller's.
func (c *Client) do(ctx context.Context, method, path, contentType string, body io.Reader) (*answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.url+path, body)
	if err != nil {
		return nil, err
	}
	// Without it, a path outside /api/ would answer errors as HTML pages.
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the answer of %s: %w", c.url, err)
	}
	if len(b) > maxAnswerBytes {
		return nil, fmt.Errorf("the answer of %s is over %d MB", c.url, maxAnswerBytes>>20)
	}
	return &answer{status: resp.StatusCode, body: b}, nil
}

// get sends a GET and returns a 200 answer; any other answer is the
// server's error.
func (c *Client) get(ctx context.Context, path string) (*answer, error) {
	a, err := c.do(ctx, http.MethodGet, path, "", nil)
	if err != nil {
		return nil, err
	}
	if a.status != http.StatusOK {
		return nil, responseError(a)
	}
	return a, nil
}

// getJSON is get, with the answer decoded into out.
func (c *Client) getJSON(ctx context.Context, path string, out any) error {
	a, err := c.get(ctx, path)
	if err != nil {
		return err
	}
	return c.decode(a, out)
}

func (c *Client) decode(a *answer, out any) error {
	if err := json.Unmarshal(a.body, out); err != nil {
		return fmt.Errorf("%s answered %d with what is not newsfind's JSON (%v): %.200q", c.url, a.status, err, a.body)
	}
	return nil
}
