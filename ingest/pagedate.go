package ingest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/newsfind/newsfind"
)

// statedDate is one publication date a page states, and where it says it.
type statedDate struct {
	where string // "JSON-LD datePublished", "meta article:published_time", …
	raw   string
}

// The <meta> names and properties that state when a page's article was
// published, in order of trust within their tier. They are the
// publishers' own conventions (Open Graph, Parse.ly, Sailthru, newspaper
// CMSs); each names publication, never modification.
var (
	publishedMetas = []string{
		"article:published_time", "og:article:published_time", "og:published_time",
		"article:published", "article:publicationdate", "article:publication_date",
		"publish-date", "publish_date", "publishdate", "pubdate", "parsely-pub-date", "sailthru.date",
	}
	dublinCoreMetas = []string{"dc.date.issued", "dcterms.issued", "dc.date"}
)

// pageDay returns the publication day a page states, from the most trusted
// place that states one (pageDates), in the page's own time zone. A page
// that states none, or only dates that cannot be read or are outside the
// date window, is undated, and note says why: a date is never guessed.
func pageDay(doc *html.Node, pageURL string) (day time.Time, note string) {
	stated := pageDates(doc, pageURL)
	if len(stated) == 0 {
		return time.Time{}, "not stated: the page has no datePublished (JSON-LD, itemprop), published-time or DC.date.issued meta, header <time> or date in its URL"
	}
	parsed := make([]stamp, len(stated))
	for i, s := range stated {
		parsed[i] = parseStamp(s.raw)
	}
	now := time.Now()
	for i, p := range parsed {
		if !p.ok {
			if note == "" {
				note = fmt.Sprintf("stated date %q (%s) is not a date newsfind reads", newsfind.Echo(stated[i].raw), stated[i].where)
			}
			continue
		}
		d := dayOf(inPageZone(p, parsed))
		if newsfind.InDateWindow(d, now) {
			return d, ""
		}
		if note == "" {
			note = "stated date " + d.Format(newsfind.DateLayout) + " is outside " + newsfind.DateWindow(now) + " (" + stated[i].where + ")"
		}
	}
	return time.Time{}, note
}

// inPageZone returns p's time in the page's own time zone. A date stated
// in UTC ("…Z", as CMSs write for machines) is moved to the offset another
// of the page's dates gives the same instant in (the one printed for
// readers), so that an article that appeared at 21:00 in New York is dated
// that day, not the next one in UTC. Otherwise the offset p states is the
// page's, and a date with none is taken as written.
func inPageZone(p stamp, all []stamp) time.Time {
	if !p.zoned {
		return p.t
	}
	if _, off := p.t.Zone(); off != 0 {
		return p.t
	}
	for _, o := range all {
		if !o.ok || !o.zoned || !o.t.Equal(p.t) {
			continue
		}
		if _, off := o.t.Zone(); off != 0 {
			return o.t
		}
	}
	return p.t
}

// pageDates lists the publication dates a page states, most trusted first:
// JSON-LD datePublished (an Article's before any other object's),
// published-time <meta>s, itemprop=datePublished, Dublin Core's date
// issued, a <time> in the article's header, and a day in the page's URL
// path (/2015/03/18/). Modification dates are never taken.
func pageDates(doc *html.Node, pageURL string) []statedDate {
	var (
		ldArticle, ldOther []statedDate
		metas              = map[string]string{}
		// Of the microdata and <time>s, the first is the page's own; those
		// after it are mostly other articles' (related, most read).
		itemprop, header []statedDate
	)
	// inArticle: under an <article> or <main>; inHeader: under a <header>
	// there (a site's own header may print today's date); aside: under an
	// <aside>, <nav> or <footer>, whose <time>s date other articles (most
	// read, related).
	var walk func(n *html.Node, inArticle, inHeader, aside bool)
	walk = func(n *html.Node, inArticle, inHeader, aside bool) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					a, o := jsonLDDates(n.FirstChild.Data)
					ldArticle, ldOther = append(ldArticle, a...), append(ldOther, o...)
				}
				return
			case "meta":
				for _, k := range []string{attr(n, "property"), attr(n, "name")} {
					k = strings.ToLower(strings.TrimSpace(k))
					if v := strings.TrimSpace(attr(n, "content")); k != "" && v != "" && metas[k] == "" {
						metas[k] = v
					}
				}
			case "article", "main":
				inArticle = true
			case "header":
				inHeader = inArticle
			case "aside", "nav", "footer":
				aside = true
			case "time":
				if v := timeValue(n); v != "" && len(header) == 0 && !aside && !isModified(n) && (inHeader || hasAttr(n, "pubdate") || strings.Contains(strings.ToLower(attr(n, "class")), "publish")) {
					header = append(header, statedDate{"<time> in the article header", v})
				}
			}
			if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
				v := strings.TrimSpace(attr(n, "content"))
				if v == "" {
					v = strings.TrimSpace(attr(n, "datetime"))
				}
				if v != "" && len(itemprop) == 0 {
					itemprop = append(itemprop, statedDate{"itemprop=datePublished", v})
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inArticle, inHeader, aside)
		}
	}
	walk(doc, false, false, false)
	out := append(ldArticle, ldOther...)
	for _, k := range publishedMetas {
		if v := metas[k]; v != "" {
			out = append(out, statedDate{"meta " + k, v})
		}
	}
	out = append(out, itemprop...)
	for _, k := range dublinCoreMetas {
		if v := metas[k]; v != "" {
			out = append(out, statedDate{"meta " + k, v})
		}
	}
	out = append(out, header...)
	if d := urlDate(pageURL); d != "" {
		out = append(out, statedDate{"the URL's path", d})
	}
	return out
}

func timeValue(n *html.Node) string {
	if v := strings.TrimSpace(attr(n, "datetime")); v != "" {
		return v
	}
	return ""
}

// isModified reports whether a <time> says it is when the page changed.
func isModified(n *html.Node) bool {
	ip := strings.ToLower(attr(n, "itemprop"))
	cl := strings.ToLower(attr(n, "class"))
	return strings.Contains(ip, "modified") || strings.Contains(cl, "modif") || strings.Contains(cl, "updat")
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// jsonLDDates returns the datePublished values of a JSON-LD block: those of
// objects typed as an article (NewsArticle, ReportageNewsArticle,
// BlogPosting …), then those of any other object. The block may be
// wrapped in a CDATA section or an HTML comment; one that is not JSON
// states nothing.
func jsonLDDates(text string) (article, other []statedDate) {
	// "//<![CDATA[ … //]]>": the markers' brackets must not be taken for
	// the JSON's, and what is left around the JSON is skipped below.
	text = strings.NewReplacer("<![CDATA[", "", "]]>", "", "<!--", "", "-->", "").Replace(text)
	start := strings.IndexAny(text, "{[")
	end := strings.LastIndexAny(text, "}]")
	if start < 0 || end < start {
		return nil, nil
	}
	var v any
	if json.Unmarshal([]byte(text[start:end+1]), &v) != nil {
		return nil, nil
	}
	var walk func(v any, depth int)
	walk = func(v any, depth int) {
		if depth > 8 { // a page's metadata is shallow; bound the walk anyway
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e, depth+1)
			}
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok && strings.TrimSpace(s) != "" {
				d := statedDate{"JSON-LD datePublished", strings.TrimSpace(s)}
				if isArticleType(x["@type"]) {
					article = append(article, d)
				} else {
					other = append(other, d)
				}
			}
			for _, k := range []string{"@graph", "mainEntity", "mainEntityOfPage"} {
				if e, ok := x[k]; ok {
					walk(e, depth+1)
				}
			}
		}
	}
	walk(v, 0)
	return article, other
}

// isArticleType reports whether a JSON-LD @type (a string or a list) is
// schema.org's Article or one of its kinds.
func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return strings.HasSuffix(x, "Article") || strings.HasSuffix(x, "BlogPosting") || strings.HasSuffix(x, "Report")
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

// urlDatePath matches a day in a URL's path as news sites write it:
// /2015/03/18/, /2019/jan/03/, /2015-03-18/ (a segment of its own, so an
// id of digits is not read as a date).
var urlDatePath = regexp.MustCompile(`(?i)/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2]|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[/-](0?[1-9]|[12]\d|3[01])(?:/|$)`)

var monthAbbr = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

// urlDate returns the day a page's URL path states, as YYYY-MM-DD, or "".
func urlDate(pageURL string) string {
	u, err := url.Parse(pageURL)
	if err != nil {
		return ""
	}
	m := urlDatePath.FindStringSubmatch(u.Path)
	if m == nil {
		return ""
	}
	y, _ := strconv.Atoi(m[1])
	mon, ok := monthAbbr[strings.ToLower(m[2])]
	if !ok {
		mon, _ = strconv.Atoi(m[2])
	}
	d, _ := strconv.Atoi(m[3])
	t := time.Date(y, time.Month(mon), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // 2015/02/31
		return ""
	}
	return t.Format(newsfind.DateLayout)
}
