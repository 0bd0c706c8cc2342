package wire

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind"
)

// Codes the server answers with besides the domain's (newsfind.EINVALID
// and the others): what the HTTP layer refuses before a request reaches
// the domain.
const (
	MethodNotAllowed     = "method_not_allowed"
	URITooLong           = "uri_too_long"
	HeadersTooLarge      = "headers_too_large"
	UnsupportedMediaType = "unsupported_media_type" // a Content-Encoding the server does not read
)

// statuses is the one table of error codes and HTTP statuses, both ways.
// A code not in it (newsfind.EINTERNAL among them) is a 500.
var statuses = []struct {
	code   string
	status int
}{
	{newsfind.EINVALID, http.StatusBadRequest},
	{newsfind.ENOTFOUND, http.StatusNotFound},
	{newsfind.ETOOLARGE, http.StatusRequestEntityTooLarge},
	{newsfind.EUNAUTHORIZED, http.StatusUnauthorized},
	{newsfind.EUNAVAILABLE, http.StatusServiceUnavailable},
	{newsfind.ENOSPACE, http.StatusInsufficientStorage},
	{newsfind.EEXPIRED, http.StatusGone},
	{UnsupportedMediaType, http.StatusUnsupportedMediaType},
	{MethodNotAllowed, http.StatusMethodNotAllowed},
	{URITooLong, http.StatusRequestURITooLong},
	{HeadersTooLarge, http.StatusRequestHeaderFieldsTooLarge},
	// What a proxy in front answers while the server is down or busy:
	// try again, as for the server's own 503. Read only: the server
	// answers EUNAVAILABLE with 503.
	{newsfind.EUNAVAILABLE, http.StatusBadGateway},
	{newsfind.EUNAVAILABLE, http.StatusGatewayTimeout},
	{newsfind.EUNAVAILABLE, http.StatusTooManyRequests},
}

// Status is the HTTP status of an error code.
func Status(code string) int {
	for _, s := range statuses {
		if s.code == code {
			return s.status
		}
	}
	return http.StatusInternalServerError
}

// Code is the error code of an HTTP status, for an error answer without
// newsfind's body (a proxy's page): newsfind.EINTERNAL when none fits.
func Code(status int) string {
	for _, s := range statuses {
		if s.status == status {
			return s.code
		}
	}
	return newsfind.EINTERNAL
}

// ErrorBody is how the server writes an error:
// {"error":{"code":"invalid","message":"…","limit":"max_page_size"}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is a newsfind.Error on the wire.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	// Limit names the limit the request went over, when it did.
	Limit string `json:"limit,omitempty"`
}

// NewErrorBody is err as the server writes it: an internal error's
// details stay in the server's log.
func NewErrorBody(err error) ErrorBody {
	return ErrorBody{ErrorDetail{Code: newsfind.ErrorCode(err), Message: newsfind.ErrorMessage(err), Limit: newsfind.ErrorLimit(err)}}
}

// ReadError rebuilds the *newsfind.Error an error answer was written
// from. An answer without newsfind's error body (a proxy's page, a server
// of something else) still gets a code, from its status, and its text as
// the message, so that a caller's handling by code keeps working.
func ReadError(status int, body []byte) *newsfind.Error {
	var b ErrorBody
	if json.Unmarshal(body, &b) == nil && b.Error.Code != "" {
		return &newsfind.Error{Code: b.Error.Code, Message: b.Error.Message, Limit: b.Error.Limit}
	}
	msg := strings.TrimSpace(string(body))
	if len(msg) > 200 || strings.HasPrefix(msg, "<") {
		msg = "" // a page, not a message
	}
	if msg == "" {
		msg = fmt.Sprintf("the server answered %d %s", status, http.StatusText(status))
	}
	return &newsfind.Error{Code: Code(status), Message: msg}
}
