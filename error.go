package newsfind

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error codes. Each maps to one HTTP status in the wire package and to one
// exit message in the CLI.
const (
	EINVALID      = "invalid"              // the request is wrong; the message says how
	ENOTFOUND     = "not_found"            // no such article
	ETOOLARGE     = "too_large"            // a body or query over a limit
	EUNAUTHORIZED = "unauthorized"         // missing or wrong token
	EUNAVAILABLE  = "unavailable"          // busy or not ready; try again
	ENOSPACE      = "insufficient_storage" // the disk is full; try again when space is freed
	EEXPIRED      = "cursor_expired"       // a cursor's pinned answer is no longer kept; start from the first page
	EINTERNAL     = "internal"             // our fault; logged, never detailed to clients
)

// Error is an error a user can act on: a code and a message meant for them.
type Error struct {
	Code    string
	Message string
	// Limit names the limit a request went over, for errors that are
	// one ("max_query_bytes", "max_result_window", ...).
	Limit string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// LimitErrorf returns an *Error for a request over the named limit.
func LimitErrorf(code, limit, format string, args ...any) *Error {
	return &Error{Code: code, Limit: limit, Message: fmt.Sprintf(format, args...)}
}

// ErrorLimit returns the limit err names, if any.
func ErrorLimit(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Limit
	}
	return ""
}

// ErrorCode returns the code of err, EINTERNAL when it is not an *Error.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the message of err meant for users; internal errors
// get a generic message so that their details stay in the logs.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Echo returns s as a message may repeat it back: a client's id or path
// can be megabytes, and an answer need not carry it back whole.
func Echo(s string) string {
	const max = 64
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
