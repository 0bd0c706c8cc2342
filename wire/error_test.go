package wire

import (
	"errors"
	"net/http"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestStatusBothWays: each code the server answers with has its status,
// and an answer of that status without a body reads as the same code.
func TestStatusBothWays(t *testing.T) {
	for code, status := range map[string]int{
		newsfind.EINVALID: 400, newsfind.ENOTFOUND: 404, newsfind.ETOOLARGE: 413, newsfind.EUNAUTHORIZED: 401,
		newsfind.EUNAVAILABLE: 503, newsfind.ENOSPACE: 507, newsfind.EEXPIRED: 410, newsfind.EINTERNAL: 500,
		MethodNotAllowed: 405, URITooLong: 414, HeadersTooLarge: 431, UnsupportedMediaType: 415,
	} {
		if got := Status(code); got != status {
			t.Errorf("Status(%q) = %d, want %d", code, got, status)
		}
		if got := Code(status); got != code {
			t.Errorf("Code(%d) = %q, want %q", status, got, code)
		}
	}
	// A proxy's answers while the server is down or busy: try again.
	for _, st := range []int{http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusTooManyRequests} {
		if got := Code(st); got != newsfind.EUNAVAILABLE {
			t.Errorf("Code(%d) = %q", st, got)
		}
	}
	if got := Status("no_such_code"); got != 500 {
		t.Errorf("an unknown code: %d", got)
	}
}

// TestErrorBodyBothWays: the error the server writes is the error the
// client reads, limit included, and an internal error's details stay home.
func TestErrorBodyBothWays(t *testing.T) {
	sent := newsfind.LimitErrorf(newsfind.EINVALID, "max_page_size", "size=1000 is over 100")
	b := NewErrorBody(sent)
	got := ReadError(Status(b.Error.Code), mustJSON(t, b))
	if *got != *sent {
		t.Errorf("read %+v, sent %+v", got, sent)
	}
	if b := NewErrorBody(errors.New("open /secret/path: denied")); b.Error.Code != newsfind.EINTERNAL || b.Error.Message != "internal error" {
		t.Errorf("internal error on the wire: %+v", b)
	}
	if e := ReadError(502, []byte("<html>Bad gateway</html>")); e.Code != newsfind.EUNAVAILABLE || e.Message != "the server answered 502 Bad Gateway" {
		t.Errorf("a proxy's page: %+v", e)
	}
}
