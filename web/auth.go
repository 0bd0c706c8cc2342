package web

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind"
)

// authorized lets a request through only with the token, as
// "Authorization: Bearer <token>" or as the password of HTTP Basic auth
// (any user name), which is how a browser asks a person for it. The
// comparison takes constant time, so that timing does not reveal how much
// of a guess was right. With no token configured the guarded routes are
// closed, never open.
func (s *Server) authorized(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if s.token == "" || subtle.ConstantTimeCompare([]byte(presentedToken(r)), []byte(s.token)) != 1 {
			w.Header().Add("WWW-Authenticate", `Bearer realm="newsfind"`)
			w.Header().Add("WWW-Authenticate", `Basic realm="newsfind", charset="UTF-8"`)
			return newsfind.Errorf(newsfind.EUNAUTHORIZED,
				"this route needs the token, as \"Authorization: Bearer <token>\" (or as the Basic auth password): it is $NEWSFIND_TOKEN or the file \"token\" in the server's data directory")
		}
		return h(w, r)
	}
}

func presentedToken(r *http.Request) string {
	if got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return strings.TrimSpace(got)
	}
	if _, pass, ok := r.BasicAuth(); ok {
		return pass
	}
	return ""
}

// read guards a read route: open, unless the server is private.
func (s *Server) read(h handlerFunc) handlerFunc {
	if s.private {
		return s.authorized(h)
	}
	return h
}
