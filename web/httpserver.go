package web

import (
	"net/http"
	"time"
)

// Timeouts bound how long a client may hold a connection at each stage.
type Timeouts struct {
	ReadHeader, Read, Write, Idle time.Duration
}

// DefaultTimeouts suit an open network: a client that drips its headers
// is cut off after 5 s, and no request body or answer takes over a minute.
var DefaultTimeouts = Timeouts{ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: 60 * time.Second, Idle: 120 * time.Second}

// NewHTTPServer returns an http.Server for h with the given timeouts and
// a bound on the request head (a query longer than 64 KB is not a query).
// The server reads a head up to twice the URL bound plus the header bound
// so that the Server can refuse one over either with its JSON error; past
// that, net/http answers its own plain-text 431.
func NewHTTPServer(h http.Handler, t Timeouts) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    maxHeadBytes,
	}
}
