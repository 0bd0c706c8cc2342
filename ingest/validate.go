package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
)

// MaxBodyBytes bounds one article's body.
const MaxBodyBytes = 2 << 20

// MaxBylineBytes caps a byline: names, not a paragraph.
const MaxBylineBytes = 500

// clipByline cuts a byline found in a page or a feed to MaxBylineBytes, at
// a word: a long list of authors is no reason to refuse the article (a
// byline given in JSON or front matter over the cap is refused instead,
// since its sender can fix it).
func clipByline(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= MaxBylineBytes {
		return s
	}
	cut := strings.LastIndexByte(s[:MaxBylineBytes-len(" …")], ' ')
	if cut <= 0 {
		cut = MaxBylineBytes - len(" …")
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return s[:cut] + " …"
}

// Normalize checks an article and fills in what can be derived: its id
// from the canonical URL when it brings none. The error, an EINVALID
// *newsfind.Error, says what is wrong.
func Normalize(a *newsfind.Article) error {
	a.ID = strings.TrimSpace(a.ID)
	a.URL = strings.TrimSpace(a.URL)
	a.Title = strings.TrimSpace(a.Title)
	a.Source = strings.TrimSpace(a.Source)
	a.Byline = strings.Join(strings.Fields(a.Byline), " ")
	a.Body = strings.TrimSpace(a.Body)
	for _, f := range []struct{ name, v string }{{"title", a.Title}, {"body", a.Body}, {"source", a.Source}, {"byline", a.Byline}, {"url", a.URL}, {"id", a.ID}} {
		if !utf8.ValidString(f.v) {
			return newsfind.Errorf(newsfind.EINVALID, "%s is not valid UTF-8", f.name)
		}
	}
	if len(a.Byline) > MaxBylineBytes {
		return newsfind.Errorf(newsfind.ETOOLARGE, "byline is %d bytes; the limit is %d", len(a.Byline), MaxBylineBytes)
	}
	if a.Body == "" {
		return newsfind.Errorf(newsfind.EINVALID, "body is missing: an article needs its text")
	}
	if len(a.Body) > MaxBodyBytes {
		return newsfind.Errorf(newsfind.ETOOLARGE, "body is %d bytes; the limit is %d", len(a.Body), MaxBodyBytes)
	}
	if a.URL != "" {
		canon, err := CanonicalURL(a.URL)
		if err != nil {
			return err
		}
		a.URL = canon
	}
	if a.ID == "" {
		if a.URL == "" {
			return newsfind.Errorf(newsfind.EINVALID, "an article needs an id or a url")
		}
		a.ID = IDFromURL(a.URL)
	}
	if !newsfind.ValidID(a.ID) {
		return newsfind.Errorf(newsfind.EINVALID, "id %q is not allowed: use letters, digits, '.', '_', '~' or '-', at most 128", a.ID)
	}
	if a.Source == "" {
		if u, err := url.Parse(a.URL); err == nil && u.Host != "" {
			a.Source = strings.TrimPrefix(u.Host, "www.")
		}
	}
	return nil
}

// CanonicalURL checks that s is an http(s) URL and drops what only tracks
// the reader (utm_* and similar parameters, the fragment).
func CanonicalURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", newsfind.Errorf(newsfind.EINVALID, "url %q is not an http or https URL", s)
	}
	u.Fragment = ""
	u.Host = strings.ToLower(u.Host)
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" || lk == "mc_cid" || lk == "mc_eid" {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode() // sorted by key, so parameter order does not change the id
	return u.String(), nil
}

// IDFromURL derives a stable, URL-safe id from a canonical URL.
func IDFromURL(canon string) string {
	sum := sha256.Sum256([]byte(canon))
	return "u-" + hex.EncodeToString(sum[:8])
}
