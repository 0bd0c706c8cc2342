package engine

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
)

// AlertOptions configure saved searches and their alerts.
type AlertOptions struct {
	// MaxSearches bounds the saved searches; 0 is newsfind.MaxSavedSearches.
	MaxSearches int
	// WebhookHosts are the hosts ("host" or "host:port") webhooks may
	// post to. With none, any host but a loopback, private or link-local
	// address (the server itself, its network) may be posted to.
	WebhookHosts []string
	// Backoff is the wait before a failed delivery's first retry,
	// doubled each time; 0 is DefaultWebhookBackoff.
	Backoff time.Duration
	// ViaCluster holds the deliveries until SendWebhooksThrough gives
	// the cluster's sender, so that none left from a previous run is
	// posted by this node alone before it (hooksend.go).
	ViaCluster bool
}

// maxSearchName bounds a saved search's name, in characters.
const maxSearchName = 200

// maxWebhookURL bounds a webhook URL, in bytes.
const maxWebhookURL = 2048

var _ newsfind.SavedSearches = (*Engine)(nil)

// savedSet is the saved searches as the store has them, kept in memory
// for percolation, which matches every write against all of them.
type savedSet struct {
	mu   sync.RWMutex
	list []newsfind.SavedSearch
	// keys name each search's query for the percolator's plans (its id
	// and version): a search written anew gets a new key, so its old
	// plan is not run again.
	keys []string
	vers map[string]uint64 // by id: bumped by each write of the search
	ver  uint64
}

func (s *savedSet) get() []newsfind.SavedSearch {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.list
}

// keyed returns the searches and their plan keys.
func (s *savedSet) keyed() ([]newsfind.SavedSearch, []string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.list, s.keys
}

// loadSearches reads the saved searches again after the one of id
// changed ("" at start).
func (e *Engine) loadSearches(id string) error {
	list, err := e.store.Searches()
	if err != nil {
		return err
	}
	s := &e.saved
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vers == nil {
		s.vers = map[string]uint64{}
	}
	if id != "" {
		s.ver++
		s.vers[id] = s.ver
	}
	keys := make([]string, len(list))
	live := make(map[string]bool, len(list))
	for i, ss := range list {
		keys[i] = ss.ID + "." + strconv.FormatUint(s.vers[ss.ID], 10)
		live[ss.ID] = true
	}
	for id := range s.vers {
		if !live[id] {
			delete(s.vers, id)
		}
	}
	s.list, s.keys = list, keys
	return nil
}

// WriteSearch creates, updates or deletes a saved search: the one way
// saved searches change.
func (e *Engine) WriteSearch(ctx context.Context, w newsfind.SearchWrite) (newsfind.SavedSearch, error) {
	ss := w.Search
	var err error
	switch w.Op {
	case newsfind.SearchCreate:
		if err := e.checkSearch(&ss); err != nil {
			return ss, err
		}
		b := make([]byte, 24)
		_, _ = rand.Read(b) // never fails (crypto/rand)
		ss.Secret = hex.EncodeToString(b)
		ss.Created = e.opt.Now().UTC()
		ss.Updated = ss.Created
		max := e.opt.Alerts.MaxSearches
		if max <= 0 {
			max = newsfind.MaxSavedSearches
		}
		if err = e.store.CreateSearch(&ss, max); errors.Is(err, store.ErrTooManySearches) {
			return ss, newsfind.LimitErrorf(newsfind.EINVALID, "max_saved_searches",
				"there are %d saved searches already, the most a server keeps (max_saved_searches): delete one first", max)
		}
	case newsfind.SearchUpdate:
		old, gerr := e.SavedSearch(ss.ID)
		if gerr != nil {
			return ss, gerr
		}
		if err := e.checkSearch(&ss); err != nil {
			return ss, err
		}
		ss.Secret, ss.Created, ss.Updated = old.Secret, old.Created, e.opt.Now().UTC()
		err = e.store.UpdateSearch(&ss)
	case newsfind.SearchDelete:
		err = e.store.DeleteSearch(ss.ID)
	default:
		return ss, newsfind.Errorf(newsfind.EINVALID, "unknown saved search operation %q", w.Op)
	}
	if errors.Is(err, store.ErrNoSearch) {
		return ss, noSearch(ss.ID)
	}
	if err != nil {
		e.noteFull(err)
		return ss, storeError(err)
	}
	if err := e.loadSearches(ss.ID); err != nil {
		return ss, storeError(err)
	}
	return ss, nil
}

func noSearch(id string) error {
	return newsfind.Errorf(newsfind.ENOTFOUND, "no saved search has the id %s", newsfind.Echo(id))
}

// checkSearch refuses a saved search that could not run or post: a query
// that does not parse, a webhook that is not an allowed http(s) URL.
func (e *Engine) checkSearch(ss *newsfind.SavedSearch) error {
	ss.Name = strings.TrimSpace(ss.Name)
	switch {
	case ss.Name == "":
		return newsfind.Errorf(newsfind.EINVALID, "a saved search needs a name")
	case utf8.RuneCountInString(ss.Name) > maxSearchName || !utf8.ValidString(ss.Name):
		return newsfind.Errorf(newsfind.EINVALID, "name: at most %d characters of UTF-8", maxSearchName)
	}
	if err := e.search.Check(ss.Query); err != nil {
		if newsfind.ErrorCode(err) == newsfind.EINTERNAL {
			return err
		}
		return newsfind.Errorf(newsfind.EINVALID, "the query does not run, so it cannot be saved: %s", newsfind.ErrorMessage(err))
	}
	ss.Webhook = strings.TrimSpace(ss.Webhook)
	if ss.Webhook == "" {
		return nil
	}
	return checkWebhook(ss.Webhook, e.opt.Alerts.WebhookHosts)
}

// checkWebhook refuses a webhook URL that is not http(s), or whose host
// the operator has not allowed.
func checkWebhook(raw string, allowed []string) error {
	if len(raw) > maxWebhookURL {
		return newsfind.Errorf(newsfind.EINVALID, "webhook: at most %d bytes", maxWebhookURL)
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return newsfind.Errorf(newsfind.EINVALID, "webhook %s: give an http or https URL, without a user or password", newsfind.Echo(raw))
	}
	if len(allowed) > 0 {
		if !hostAllowed(u, allowed) {
			return newsfind.Errorf(newsfind.EINVALID, "webhook host %s is not one the server may post to (serve --webhook-hosts %s)",
				newsfind.Echo(u.Host), strings.Join(allowed, ","))
		}
		return nil
	}
	h := u.Hostname()
	if ip := net.ParseIP(h); (ip != nil && !publicIP(ip)) || strings.EqualFold(h, "localhost") || strings.HasSuffix(strings.ToLower(h), ".localhost") {
		return newsfind.Errorf(newsfind.EINVALID, "webhook host %s is this machine or its network: allow it with serve --webhook-hosts", newsfind.Echo(u.Host))
	}
	return nil
}

func hostAllowed(u *url.URL, allowed []string) bool {
	for _, a := range allowed {
		if strings.EqualFold(a, u.Host) || strings.EqualFold(a, u.Hostname()) {
			return true
		}
	}
	return false
}

// publicIP reports whether ip is an address a webhook may reach when the
// operator named no hosts: not this machine, nor a private network.
func publicIP(ip net.IP) bool {
	return !(ip.IsLoopback() || ip.IsPrivate() || ip.IsUnspecified() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast())
}

// SavedSearch returns one saved search.
func (e *Engine) SavedSearch(id string) (newsfind.SavedSearch, error) {
	ss, err := e.store.Search(id)
	if errors.Is(err, store.ErrNoSearch) {
		return ss, noSearch(id)
	}
	return ss, err
}

// ListSearches returns every saved search, oldest first.
func (e *Engine) ListSearches() ([]newsfind.SavedSearch, error) { return e.store.Searches() }

// SearchHits returns a search's hits after cursor since, oldest first.
func (e *Engine) SearchHits(id string, since uint64, limit int) ([]newsfind.SearchHit, error) {
	hs, err := e.store.Hits(id, since, limit)
	if errors.Is(err, store.ErrNoSearch) {
		return nil, noSearch(id)
	}
	e.titleHits(hs)
	return hs, err
}

// titleHits gives hits their articles' titles and URLs.
func (e *Engine) titleHits(hs []newsfind.SearchHit) {
	for i := range hs {
		if en, ok := e.catalog.Get(hs[i].Article); ok {
			hs[i].Title, hs[i].URL = en.Title, en.URL
		}
	}
}

// LatestHits returns a search's newest hits, newest first.
func (e *Engine) LatestHits(id string, limit int) ([]newsfind.SearchHit, error) {
	hs, err := e.store.LatestHits(id, limit)
	e.titleHits(hs)
	return hs, err
}
