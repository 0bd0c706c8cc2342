package arrive

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
)

// Defaults for fetching feeds.
const (
	DefaultEvery    = 15 * time.Minute
	DefaultTimeout  = 30 * time.Second
	DefaultMaxBytes = 16 << 20
	userAgent       = "newsfind (+https://github.com/newsfind/newsfind)"
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
func Fetch(ctx context.Context, client *http.Client, url, etag, lastModified string, maxBytes int64) (Fetched, error) {
	var f Fetched
	shown := redacted(url)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return f, newsfind.Errorf(newsfind.EINVALID, "feed URL %q: %v", shown, err)
	}
	req.Header.Set("User-Agent", userAgent)
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := client.Do(req)
	if err != nil {
		return f, fmt.Errorf("fetching %s: %w", shown, err)
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotModified:
		f.NotModified, f.ETag, f.LastModified = true, etag, lastModified
		return f, nil
	case resp.StatusCode != http.StatusOK:
		return f, fmt.Errorf("fetching %s: the server answered %s", shown, resp.Status)
	}
	if resp.ContentLength > maxBytes {
		return f, fmt.Errorf("fetching %s: %d bytes, over the %d MB limit", shown, resp.ContentLength, maxBytes>>20)
	}
	f.Body, err = io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return f, fmt.Errorf("fetching %s: %w", shown, err)
	}
	if int64(len(f.Body)) > maxBytes {
		return f, fmt.Errorf("fetching %s: over the %d MB limit", shown, maxBytes>>20)
	}
	f.ContentType = resp.Header.Get("Content-Type")
	f.ETag = resp.Header.Get("ETag")
	f.LastModified = resp.Header.Get("Last-Modified")
	return f, nil
}

// PollerOptions configure a Poller.
type PollerOptions struct {
	URLs     []string
	Writer   newsfind.Writer
	Every    time.Duration // between polls of each feed; DefaultEvery when 0
	Timeout  time.Duration // per fetch; DefaultTimeout when 0
	MaxBytes int64         // per feed body; DefaultMaxBytes when 0
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
	Failed       int       `json:"failed"` // items refused
}

// PollResult is what one poll of one feed did.
type PollResult struct {
	URL            string
	NotModified    bool
	newsfind.Tally // Errors: items refused (each logged)
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

// PollOnce polls every feed once, one after the other.
func (p *Poller) PollOnce(ctx context.Context) []PollResult {
	var out []PollResult
	for i := range p.feeds {
		if ctx.Err() != nil {
			break
		}
		out = append(out, p.poll(ctx, i))
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
		err = p.add(ctx, PublicURL(f.URL), got, &res, log)
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
			log.Info().Int("created", res.Created).Int("updated", res.Updated).Int("unchanged", res.Unchanged).Int("failed", res.Errors).Msg("feed polled")
		}
	}
	f.Created += res.Created
	f.Updated += res.Updated
	f.Failed += res.Errors
	p.mu.Lock()
	*p.feeds[i] = f
	p.mu.Unlock()
	return res
}

func (p *Poller) add(ctx context.Context, url string, got Fetched, res *PollResult, log zerolog.Logger) error {
	items, err := ingest.ParseBytes(got.Body, url, got.ContentType, ingest.Options{URL: url})
	if err != nil {
		return fmt.Errorf("%s: %s", url, newsfind.ErrorMessage(err))
	}
	arts := make([]newsfind.Article, 0, len(items))
	for _, it := range items {
		if it.Err != nil {
			res.Errors++
			log.Warn().Int("item", it.Index).Str("reason", newsfind.ErrorMessage(it.Err)).Msg("feed item refused")
			continue
		}
		arts = append(arts, it.Article)
	}
	if len(arts) == 0 {
		return nil
	}
	outs, err := p.opt.Writer.Add(ctx, arts)
	if err != nil {
		return fmt.Errorf("storing the items of %s: %w", url, err)
	}
	for _, o := range outs {
		res.Add(o)
		if o.Status == newsfind.StatusError {
			log.Warn().Int("item", o.Index).Str("reason", o.Error).Msg("feed item refused")
		}
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
