package client

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/newsfind/newsfind"
)

// errorBody is how the server writes an error:
// {"error":{"code":"invalid","message":"…","limit":"max_page_size"}}.
type errorBody struct {
	Error *struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Limit   string `json:"limit"`
	} `json:"error"`
}

// responseError rebuilds the *newsfind.Error an error answer was written
// from. An answer without newsfind's error body (a proxy's page, a server
// of something else) still gets a code, from its status, and its text as
// the message, so that the caller's handling by code keeps working.
func responseError(a *answer) error {
	var b errorBody
	if json.Unmarshal(a.body, &b) == nil && b.Error != nil && b.Error.Code != "" {
		return &newsfind.Error{Code: b.Error.Code, Message: b.Error.Message, Limit: b.Error.Limit}
	}
	msg := strings.TrimSpace(string(a.body))
	if len(msg) > 200 || strings.HasPrefix(msg, "<") {
		msg = "" // a page, not a message
	}
	if msg == "" {
		msg = fmt.Sprintf("the server answered %d %s", a.status, http.StatusText(a.status))
	}
	return &newsfind.Error{Code: statusCode(a.status), Message: msg}
}

// statusCode is the inverse of the server's mapping of codes to statuses.
func statusCode(status int) string {
	switch status {
	case http.StatusBadRequest:
		return newsfind.EINVALID
	case http.StatusNotFound:
		return newsfind.ENOTFOUND
	case http.StatusRequestEntityTooLarge:
		return newsfind.ETOOLARGE
	case http.StatusUnauthorized:
		return newsfind.EUNAUTHORIZED
	case http.StatusServiceUnavailable, http.StatusBadGateway, http.StatusGatewayTimeout, http.StatusTooManyRequests:
		// What a proxy in front answers while the server is down or busy:
		// try again, as for the server's own 503.
		return newsfind.EUNAVAILABLE
	case http.StatusInsufficientStorage:
		return newsfind.ENOSPACE
	case http.StatusGone:
		return newsfind.EEXPIRED
	}
	return newsfind.EINTERNAL
}
