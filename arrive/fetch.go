package arrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"syscall"
	"time"

	"github.com/newsfind/newsfind"
)

// userAgent names newsfind to the sites it polls, with where to read
// about it.
const userAgent = "newsfind (+https://github.com/newsfind/newsfind)"

// Fetched is the answer to a conditional GET.
type Fetched struct {
	NotModified  bool // 304: nothing new since ETag / Last-Modified
	Body         []byte
	ContentType  string
	ETag         string
	LastModified string
}

// Fetch GETs url, conditionally when etag or lastModified is known, with
// a timeout (from client or ctx) and a size cap: a body over maxBytes is
// an error, not silently cut (a cut feed would lose its last items).
// A failure is a *FetchError naming it: the HTTP status, a timeout, a DNS
// or connection error, a body over the cap.
func Fetch(ctx context.Context, client *http.Client, url, etag, lastModified string, maxBytes int64) (Fetched, error) {
	var f Fetched
	shown := redacted(url)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return f, &FetchError{URL: shown, Code: newsfind.EINVALID, Reason: "not a URL that can be fetched: " + err.Error()}
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return f, fetchFailure(ctx, client, shown, start, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		f.NotModified, f.ETag, f.LastModified = true, etag, lastModified
		return f, nil
	case resp.StatusCode != http.StatusOK:
		code := newsfind.EUNAVAILABLE
		if resp.StatusCode >= 400 && resp.StatusCode < 500 && resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
			code = newsfind.EINVALID // the URL or its credentials are wrong: trying again will not help
		}
		return f, &FetchError{URL: shown, Code: code, Status: resp.StatusCode, Reason: "the server answered " + resp.Status}
	}
	tooLarge := &FetchError{URL: shown, Code: newsfind.ETOOLARGE, Reason: "the answer is over the " + byteSize(maxBytes) + " limit for a feed"}
	if resp.ContentLength > maxBytes {
		tooLarge.Reason = fmt.Sprintf("the answer is %d bytes, over the %s limit for a feed", resp.ContentLength, byteSize(maxBytes))
		return f, tooLarge
	}
	f.Body, err = io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return Fetched{}, fetchFailure(ctx, client, shown, start, err)
	}
	if int64(len(f.Body)) > maxBytes {
		return Fetched{}, tooLarge
	}
	f.ContentType = resp.Header.Get("Content-Type")
	f.ETag = resp.Header.Get("ETag")
	f.LastModified = resp.Header.Get("Last-Modified")
	return f, nil
}

// byteSize says n in MB when it is whole MB, else in bytes.
func byteSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// FetchError is a fetch that failed, said so that whoever reads it can act:
// the reason names the HTTP status, the timeout, the DNS or connection
// error, or the size limit.
type FetchError struct {
	URL    string // without its password
	Code   string // a newsfind error code
	Status int    // the HTTP status, when the server answered
	Reason string
	Err    error // the error underneath, if any
}

func (e *FetchError) Error() string { return "fetching " + e.URL + ": " + e.Reason }

func (e *FetchError) Unwrap() error { return e.Err }

// As lets newsfind.ErrorMessage and the code-to-status mapping read a
// FetchError as the domain error it is, not as an internal one.
func (e *FetchError) As(target any) bool {
	if t, ok := target.(**newsfind.Error); ok {
		*t = &newsfind.Error{Code: e.Code, Message: e.Error()}
		return true
	}
	return false
}

// fetchFailure says why a request or its body read failed. The underlying
// messages are kept out of Reason where they would repeat the URL (a
// *url.Error prints it, password hidden or not).
func fetchFailure(ctx context.Context, client *http.Client, shown string, start time.Time, err error) *FetchError {
	fe := &FetchError{URL: shown, Code: newsfind.EUNAVAILABLE, Err: err}
	var ue *url.Error
	inner := err
	if errors.As(err, &ue) {
		inner = ue.Err
	}
	var dns *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout():
		budget := client.Timeout
		if d, ok := ctx.Deadline(); ok && (budget == 0 || d.Sub(start) < budget) {
			budget = d.Sub(start)
		}
		fe.Reason = "timed out"
		if budget > 0 {
			fe.Reason = fmt.Sprintf("timed out: no complete answer within %v", budget.Round(10*time.Millisecond))
		}
	case errors.Is(err, context.Canceled):
		fe.Reason = "cancelled"
	case errors.As(err, &dns):
		if dns.IsNotFound {
			fe.Reason = fmt.Sprintf("DNS: no such host %q", dns.Name)
		} else {
			fe.Reason = fmt.Sprintf("DNS: cannot resolve %q: %v", dns.Name, dns.Err)
		}
	case errors.Is(err, syscall.ECONNREFUSED):
		fe.Reason = "connection refused (nothing listens there)"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		fe.Reason = "the connection broke before the whole answer arrived"
	default:
		fe.Reason = "connection failed: " + inner.Error()
	}
	return fe
}

// redacted hides the password of a feed URL that carries one: logs are
// read by more people than the configuration.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable feed URL)"
	}
	return u.Redacted()
}

// PublicURL returns a URL without the user name and password it may carry,
// for what is shown or stored: the base of a feed's item links, the name
// in messages.
func PublicURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}
