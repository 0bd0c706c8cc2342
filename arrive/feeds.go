package arrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
)

// Defaults for fetching feeds; docs/arrival.md ("Feeds: bounds") lists
// them for operators.
const (
	DefaultEvery    = 15 * time.Minute
	DefaultTimeout  = 30 * time.Second // per feed: connection, answer and whole body
	DefaultMaxBytes = 16 << 20         // per feed body
	DefaultMaxItems = 1000             // per feed poll; the rest are refused
	DefaultWorkers  = 4                // feeds fetched at once
	userAgent       = "newsfind (+https://github.com/newsfind/newsfind)"
	// maxShownRefusals is how many refused items a poll's log line and the
	// feed's status name: enough to see why, however many were refused.
	maxShownRefusals = 5
)

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

// PollerOptions configure a Poller.
type PollerOptions struct {
	URLs     []string
	Writer   newsfind.Writer
	Every    time.Duration // between polls of each feed; DefaultEvery when 0
	Timeout  time.Duration // per feed, the whole fetch and read; DefaultTimeout when 0
	MaxBytes int64         // per feed body; DefaultMaxBytes when 0
	MaxItems int           // per feed poll; DefaultMaxItems when 0
	Workers  int           // feeds fetched at once; DefaultWorkers when 0
	Client   *http.Client  // http.DefaultClient's transport when nil
	Logger   zerolog.Logger
}

// Poller polls feeds and adds their items.
type Poller struct {
	opt   PollerOptions
	mu    sync.Mutex
	feeds []*FeedStatus
}

// FeedStatus is what a Poller knows of one feed.
type FeedStatus struct {
	URL          string    `json:"url"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPoll     time.Time `json:"last_poll,omitzero"`
	LastChange   time.Time `json:"last_change,omitzero"` // last poll that brought a new feed body
	LastError    string    `json:"last_error,omitempty"`
	Created      int       `json:"created"` // articles, over the poller's life
	Updated      int       `json:"updated"`
	Failed       int       `json:"failed"`   // items refused
	OverCap      int       `json:"over_cap"` // items past the per-poll cap, not read
	// LastRefused names the first items the last new body had refused,
	// by their position in the feed.
	LastRefused []Refusal `json:"last_refused,omitempty"`
}

// Refusal is one refused feed item: its position in the feed (0 for the
// first item) and why.
type Refusal struct {
	Item   int    `json:"item"`
	Reason string `json:"reason"`
}

func (r Refusal) String() string { return fmt.Sprintf("item %d: %s", r.Item, r.Reason) }

// PollResult is what one poll of one feed did.
type PollResult struct {
	URL            string
	NotModified    bool
	newsfind.Tally           // Errors: items refused
	OverCap        int       // items past MaxItems, not read
	Refused        []Refusal // the first of the refused items
	Err            error
}

// NewPoller returns a poller for opt.URLs.
func NewPoller(opt PollerOptions) *Poller {
	if opt.Every <= 0 {
		opt.Every = DefaultEvery
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxItems <= 0 {
		opt.MaxItems = DefaultMaxItems
	}
	if opt.Workers <= 0 {
		opt.Workers = DefaultWorkers
	}
	if opt.Client == nil {
		opt.Client = &http.Client{}
	}
	p := &Poller{opt: opt}
	for _, u := range opt.URLs {
		p.feeds = append(p.feeds, &FeedStatus{URL: u})
	}
	return p
}

// Run polls every feed at once and then every opt.Every, until ctx ends.
func (p *Poller) Run(ctx context.Context) {
	t := time.NewTicker(p.opt.Every)
	defer t.Stop()
	for {
		p.PollOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// PollOnce polls every feed once, opt.Workers at a time, so a slow feed
// holds up one worker for at most opt.Timeout, not the others. The
// results are in the order of opt.URLs; a feed not polled because ctx
// ended has ctx's error.
func (p *Poller) PollOnce(ctx context.Context) []PollResult {
	out := make([]PollResult, len(p.feeds))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(p.opt.Workers, len(p.feeds)) {
		wg.Go(func() {
			for i := range next {
				out[i] = p.poll(ctx, i)
			}
		})
	}
	i := 0
feeds:
	for ; i < len(p.feeds); i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feeds
		}
	}
	close(next)
	wg.Wait()
	for ; i < len(p.feeds); i++ {
		out[i] = PollResult{URL: redacted(p.feeds[i].URL), Err: ctx.Err()}
	}
	return out
}

// Status returns a copy of every feed's status, URLs without passwords.
// A nil Poller has no feeds.
func (p *Poller) Status() []FeedStatus {
	if p == nil {
		return []FeedStatus{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]FeedStatus, len(p.feeds))
	for i, f := range p.feeds {
		out[i] = *f
		out[i].URL = redacted(f.URL)
	}
	return out
}

// poll fetches one feed and stores its items, and logs one line however
// many items were refused: a feed of a million bad items must not become
// a million log lines.
func (p *Poller) poll(ctx context.Context, i int) PollResult {
	p.mu.Lock()
	f := *p.feeds[i]
	p.mu.Unlock()
	res := PollResult{URL: redacted(f.URL)}
	log := p.opt.Logger.With().Str("feed", res.URL).Logger()
	fctx, cancel := context.WithTimeout(ctx, p.opt.Timeout)
	got, err := Fetch(fctx, p.opt.Client, f.URL, f.ETag, f.LastModified, p.opt.MaxBytes)
	cancel()
	f.LastPoll = time.Now().UTC()
	if err == nil && !got.NotModified {
		// Past the fetch the URL is a name and the base of item links,
		// which end up in stored articles: without its credentials.
		err = p.add(ctx, PublicURL(f.URL), got, &res)
	}
	res.NotModified = got.NotModified
	res.Err = err
	if err != nil {
		// The validators stay as they were, so the next poll fetches the
		// feed again in full: an item not stored now is tried again.
		f.LastError = err.Error()
		log.Warn().Err(err).Msg("feed poll failed; will try again at the next poll")
	} else {
		f.LastError = ""
		f.ETag, f.LastModified = got.ETag, got.LastModified
		if !got.NotModified {
			f.LastChange = f.LastPoll
			f.LastRefused = res.Refused
			ev := log.Info()
			msg := "feed polled"
			if res.Errors > 0 || res.OverCap > 0 {
				ev, msg = log.Warn(), "feed polled; items refused"
				shown := make([]string, len(res.Refused))
				for j, r := range res.Refused {
					shown[j] = r.String()
				}
				ev = ev.Strs("refused", shown)
			}
			if res.OverCap > 0 {
				ev = ev.Int("over_cap", res.OverCap).Int("max_items", p.opt.MaxItems)
			}
			ev.Int("created", res.Created).Int("updated", res.Updated).Int("unchanged", res.Unchanged).Int("failed", res.Errors).Msg(msg)
		}
	}
	f.Created += res.Created
	f.Updated += res.Updated
	f.Failed += res.Errors
	f.OverCap += res.OverCap
	p.mu.Lock()
	*p.feeds[i] = f
	p.mu.Unlock()
	return res
}

// add parses a fetched feed, at most opt.MaxItems of its items, and
// stores the valid ones. Refusals are counted in res and the first few
// kept, numbered by their position in the feed.
func (p *Poller) add(ctx context.Context, url string, got Fetched, res *PollResult) error {
	var items []ingest.Item
	var err error
	if ingest.Detect(url, got.ContentType, got.Body) == ingest.FormatFeed {
		items, res.OverCap, err = ingest.ParseFeedLimit(got.Body, url, p.opt.MaxItems)
	} else {
		items, err = ingest.ParseBytes(got.Body, url, got.ContentType, ingest.Options{URL: url})
		if len(items) > p.opt.MaxItems {
			res.OverCap = len(items) - p.opt.MaxItems
			items = items[:p.opt.MaxItems]
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %s", url, newsfind.ErrorMessage(err))
	}
	var refused []Refusal // at most MaxItems
	refuse := func(item int, reason string) {
		refused = append(refused, Refusal{Item: item, Reason: reason})
	}
	defer func() {
		// The parse refuses items before the writer does; the first ones
		// shown are the first in the feed.
		slices.SortStableFunc(refused, func(a, b Refusal) int { return a.Item - b.Item })
		res.Errors += len(refused)
		res.Refused = slices.Clone(refused[:min(len(refused), maxShownRefusals)])
	}()
	arts := make([]newsfind.Article, 0, len(items))
	// at[j] is where arts[j] is in the feed: the writer numbers its
	// outcomes by their position in arts.
	at := make([]int, 0, len(items))
	for _, it := range items {
		if it.Err != nil {
			refuse(it.Index, newsfind.ErrorMessage(it.Err))
			continue
		}
		arts = append(arts, it.Article)
		at = append(at, it.Index)
	}
	if len(arts) == 0 {
		return nil
	}
	outs, err := p.opt.Writer.Add(ctx, arts)
	if err != nil {
		return fmt.Errorf("storing the items of %s: %w", url, err)
	}
	for _, o := range outs {
		if o.Status == newsfind.StatusError {
			refuse(at[o.Index], o.Error)
			continue
		}
		res.Add(o)
	}
	return nil
}

// ReadFeedsFile reads feed URLs, one a line; blank lines and lines
// starting with # are skipped.
func ReadFeedsFile(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var urls []string
	for n, l := range strings.Split(string(b), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		if u, err := url.Parse(l); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%s:%d: %q is not an http(s) URL", path, n+1, l)
		}
		urls = append(urls, l)
	}
	if len(urls) == 0 {
		return nil, errors.New(path + ": no feed URLs")
	}
	return urls, nil
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
