package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Bounds on a request's head. http.Server reads up to maxHeadBytes (see
// NewHTTPServer) and answers past that with its own plain-text 431; the
// headroom between the two lets guardRequest answer the JSON error, with
// the limit named, to any head a client could mean.
const (
	maxURLBytes    = 64 << 10
	maxHeaderBytes = 64 << 10
	maxHeadBytes   = 2*maxURLBytes + maxHeaderBytes
)

// secretParams are query parameters that carry a credential in other
// APIs; clients try them here too.
var secretParams = []string{"token", "access_token"}

// guardRequest refuses what no route should see: a URL or headers over
// their bound, and a token in the query string. The token is refused, not
// taken: a URL is kept in access logs, proxies and browser history, and
// the write routes take it only from the Authorization header for the
// reason authorized gives. Every answer gets nosniff, so that a browser
// never reads a JSON error or an echoed query as HTML.
func (s *Server) guardRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if n := len(r.RequestURI); n > maxURLBytes {
			s.writeError(w, r, &newsfind.Error{Code: wire.URITooLong, Limit: "max_url_bytes",
				Message: "the URL is " + kb(n) + "; the limit is " + kb(maxURLBytes) + " (max_url_bytes): send a shorter query"})
			return
		}
		if n := headerBytes(r.Header); n > maxHeaderBytes {
			s.writeError(w, r, &newsfind.Error{Code: wire.HeadersTooLarge, Limit: "max_header_bytes",
				Message: "the request headers are " + kb(n) + "; the limit is " + kb(maxHeaderBytes) + " (max_header_bytes)"})
			return
		}
		if _, found := redactQuery(r.URL.RawQuery); found {
			s.writeError(w, r, newsfind.Errorf(newsfind.EINVALID,
				"do not put the token in the URL (URLs end up in logs and browser history): send it as the header \"Authorization: Bearer <token>\""))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func headerBytes(h http.Header) int {
	n := 0
	for k, vs := range h {
		for _, v := range vs {
			n += len(k) + len(v) + len(": \r\n")
		}
	}
	return n
}

func kb(n int) string {
	return strconv.Itoa((n+1023)>>10) + " KB"
}

// redactQuery returns raw with the values of secretParams replaced, and
// whether there were any. Other parameters keep their bytes, so that a
// log line still shows the query the client sent.
func redactQuery(raw string) (string, bool) {
	if raw == "" {
		return raw, false
	}
	parts := strings.Split(raw, "&")
	found := false
	for i, p := range parts {
		k, _, _ := strings.Cut(p, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		for _, s := range secretParams {
			if strings.EqualFold(k, s) {
				parts[i], found = s+"=REDACTED", true
			}
		}
	}
	if !found {
		return raw, false
	}
	return strings.Join(parts, "&"), true
}

// redactedURI is r's URI as the access log shows it.
func redactedURI(r *http.Request) string {
	u := *r.URL
	u.RawQuery, _ = redactQuery(u.RawQuery)
	return u.RequestURI()
}
