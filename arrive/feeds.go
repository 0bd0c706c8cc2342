package arrive

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
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
	// maxShownRefusals is how many refused items a poll's log line and the
	// feed's status name: enough to see why, however many were refused.
	maxShownRefusals = 5
)

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
	feeds []*newsfind.FeedStatus
}

// PollResult is what one poll of one feed did.
type PollResult struct {
	URL            string
	NotModified    bool
	newsfind.Tally                    // Errors: items refused
	OverCap        int                // items past MaxItems, not read
	Refused        []newsfind.Refusal // the first of the refused items
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
		p.feeds = append(p.feeds, &newsfind.FeedStatus{URL: u})
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
func (p *Poller) Status() []newsfind.FeedStatus {
	if p == nil {
		return []newsfind.FeedStatus{}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]newsfind.FeedStatus, len(p.feeds))
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
	var refused []newsfind.Refusal // in feed order, at most MaxItems
	defer func() {
		res.Errors += len(refused)
		res.Refused = slices.Clone(refused[:min(len(refused), maxShownRefusals)])
	}()
	outs, err := ingest.Add(ctx, p.opt.Writer, items)
	if err != nil {
		// An item the parse refused is refused whether or not the others
		// could be stored.
		for _, it := range items {
			if it.Err != nil {
				refused = append(refused, newsfind.Refusal{Item: it.Index, Reason: newsfind.ErrorMessage(it.Err)})
			}
		}
		return fmt.Errorf("storing the items of %s: %w", url, err)
	}
	for _, o := range outs {
		if o.Status == newsfind.StatusError {
			refused = append(refused, newsfind.Refusal{Item: o.Index, Reason: o.Error})
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
