package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind"
)

// authorized guards the write and admin routes: a request gets through
// only with the token, as "Authorization: Bearer <token>". The comparison
// takes constant time, so that timing does not reveal how much of a guess
// was right. With no token configured the guarded routes are closed,
// never open.
//
// Write and admin routes take only the Bearer header: a browser adds
// Basic credentials it remembers to any request, cross-site form posts
// included, so Basic auth there would let another site's page post
// articles through a logged-in researcher.
func (s *Server) authorized(next http.Handler) http.Handler {
	return s.checkToken(next, false)
}

// readable guards the read routes: open, unless the server is private.
func (s *Server) readable(next http.Handler) http.Handler {
	if s.private {
		return s.checkToken(next, true)
	}
	return next
}

// checkToken guards next; basic also accepts the token as the password
// of HTTP Basic auth (any user name), which is how a browser asks a
// person for it.
func (s *Server) checkToken(next http.Handler, basic bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.token == "" || subtle.ConstantTimeCompare([]byte(presentedToken(r, basic)), []byte(s.token)) != 1 {
			w.Header().Add("WWW-Authenticate", `Bearer realm="newsfind"`)
			msg := "this route needs the token as \"Authorization: Bearer <token>\""
			if basic {
				w.Header().Add("WWW-Authenticate", `Basic realm="newsfind", charset="UTF-8"`)
				msg += " (or as the Basic auth password)"
			}
			s.writeError(w, r, newsfind.Errorf(newsfind.EUNAUTHORIZED,
				"%s: it is $NEWSFIND_TOKEN or the file \"token\" in the server's data directory", msg))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func presentedToken(r *http.Request, basic bool) string {
	// The scheme is case-insensitive (RFC 7235): "bearer" is as good.
	if scheme, got, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " "); ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(got)
	}
	if _, pass, ok := r.BasicAuth(); ok && basic {
		return pass
	}
	return ""
}
