package wire

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

// SavedSearchParams are the search parameters a saved search keeps: those
// of a search but its paging, which a feed and an alert have their own of.
var SavedSearchParams = []string{"q", "country", "commodity", "source", "lang", "from", "to", "sort", "scope",
	"about_country", "about_commodity", "lineage", "distinct"}

// multiParams are the parameters that take several values.
var multiParams = []string{"country", "commodity", "source", "lang", "about_country", "about_commodity"}

// MaxSavedSearchBody bounds the body of POST and PUT /api/searches.
const MaxSavedSearchBody = 64 << 10

// ParseSavedSearch reads the body of POST or PUT /api/searches: a JSON
// object of "name", "webhook" and the search parameters as /api/search
// takes them, each a string (or a number, or a boolean for lineage), the
// ones that take several values also a list of strings.
func ParseSavedSearch(r io.Reader) (newsfind.SavedSearch, error) {
	var ss newsfind.SavedSearch
	var raw map[string]json.RawMessage
	dec := json.NewDecoder(io.LimitReader(r, MaxSavedSearchBody+1))
	if err := dec.Decode(&raw); err != nil {
		return ss, newsfind.Errorf(newsfind.EINVALID, "the body must be a JSON object such as {\"name\": \"oil in Kazakhstan\", \"q\": \"oil\", \"country\": [\"KZ\"]}: %s", newsfind.Echo(err.Error()))
	}
	if dec.More() {
		return ss, newsfind.Errorf(newsfind.EINVALID, "the body must be one JSON object")
	}
	v := url.Values{}
	for k, m := range raw {
		switch k {
		case "name", "webhook":
			var s string
			if err := json.Unmarshal(m, &s); err != nil {
				return ss, newsfind.Errorf(newsfind.EINVALID, "%q must be a string", k)
			}
			if k == "name" {
				ss.Name = s
			} else {
				ss.Webhook = s
			}
			continue
		}
		multi := slices.Contains(multiParams, k)
		vals, err := paramValues(m)
		if err != nil || (len(vals) > 1 && !multi) {
			if multi {
				return ss, newsfind.Errorf(newsfind.EINVALID, "%q must be a string or a list of strings", newsfind.Echo(k))
			}
			return ss, newsfind.Errorf(newsfind.EINVALID, "%q must be a string", newsfind.Echo(k))
		}
		v[k] = vals
	}
	if err := knownParams(v, append([]string{"name", "webhook"}, SavedSearchParams...)); err != nil {
		return ss, err
	}
	q, err := parseQuery(v, SavedSearchParams)
	if err != nil {
		return ss, err
	}
	ss.Query = q
	return ss, nil
}

// paramValues reads one parameter's JSON value as the strings of a query
// string.
func paramValues(m json.RawMessage) ([]string, error) {
	m = bytes.TrimSpace(m)
	switch {
	case len(m) > 0 && m[0] == '[':
		var ss []string
		err := json.Unmarshal(m, &ss)
		return ss, err
	case len(m) > 0 && m[0] == '"':
		var s string
		err := json.Unmarshal(m, &s)
		return []string{s}, err
	case string(m) == "true" || string(m) == "false":
		return []string{string(m)}, nil
	case string(m) == "null":
		return nil, nil
	}
	var n json.Number
	if err := json.Unmarshal(m, &n); err != nil {
		return nil, err
	}
	return []string{n.String()}, nil
}

// SavedSearch is a saved search as the API answers it: its query as the
// parameters it was given in, and where its feed and new matches are.
type SavedSearch struct {
	ID      string         `json:"id"`
	Name    string         `json:"name"`
	Params  map[string]any `json:"query"`
	Webhook string         `json:"webhook,omitempty"`
	// Secret keys the webhook's signature; only the token's holder sees it.
	Secret  string    `json:"secret,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Feed    string    `json:"feed"`
	New     string    `json:"new"`
	// Seq is the cluster log's entry that last changed the search, for
	// min_seq= (cluster mode only).
	Seq uint64 `json:"seq,omitempty"`
}

// NewSavedSearch writes ss as the API answers it.
func NewSavedSearch(ss newsfind.SavedSearch) SavedSearch {
	params := map[string]any{}
	for k, vals := range QueryValues(ss.Query) {
		if slices.Contains(multiParams, k) {
			params[k] = vals
		} else {
			params[k] = strings.Join(vals, ",")
		}
	}
	base := "/api/searches/" + url.PathEscape(ss.ID)
	return SavedSearch{ID: ss.ID, Name: ss.Name, Params: params, Webhook: ss.Webhook, Secret: ss.Secret,
		Created: ss.Created, Updated: ss.Updated, Feed: base + "/feed.atom", New: base + "/new", Seq: ss.Seq}
}

// SavedSearchList is the answer of GET /api/searches.
type SavedSearchList struct {
	Searches []SavedSearch `json:"searches"`
}

// NewMatches is the answer of GET /api/searches/{id}/new: the hits after
// the cursor, oldest first, and the cursor to ask from next.
type NewMatches struct {
	Hits []newsfind.SearchHit `json:"hits"`
	Next string               `json:"next"`
}

// DefaultNewLimit and MaxNewLimit bound a page of new matches.
const (
	DefaultNewLimit = 100
	MaxNewLimit     = 1000
)

// ParseNew reads since= and limit= of GET /api/searches/{id}/new.
func ParseNew(v url.Values) (since uint64, limit int, err error) {
	if err := knownParams(v, []string{"since", "limit"}); err != nil {
		return 0, 0, err
	}
	if s := strings.TrimSpace(v.Get("since")); s != "" {
		if since, err = strconv.ParseUint(s, 10, 64); err != nil {
			return 0, 0, newsfind.Errorf(newsfind.EINVALID, "since=%s: give the next of a previous answer (a whole number), or leave it out for the first", newsfind.Echo(s))
		}
	}
	limit = DefaultNewLimit
	if s := strings.TrimSpace(v.Get("limit")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxNewLimit {
			return 0, 0, newsfind.Errorf(newsfind.EINVALID, "limit=%s: give a whole number from 1 to %d", newsfind.Echo(s), MaxNewLimit)
		}
		limit = n
	}
	return since, limit, nil
}

// NextCursor is the cursor after hits, or since when there are none.
func NextCursor(hits []newsfind.SearchHit, since uint64) string {
	if len(hits) > 0 {
		since = hits[len(hits)-1].Seq
	}
	return fmt.Sprint(since)
}

// ParseFeedQuery reads the parameters of GET /api/feed.atom: those a
// saved search keeps.
func ParseFeedQuery(v url.Values) (newsfind.Query, error) {
	return parseQuery(v, SavedSearchParams)
}
