package ingest

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// datedPage is a page with enough text to be an article, head and
// header as given.
func datedPage(head, header, url string) []byte {
	if url != "" {
		head += `<link rel="canonical" href="` + url + `">`
	}
	return []byte(`<html><head><title>Zinc</title>` + head + `</head><body><article><header>` + header + `</header>` +
		strings.Repeat("<p>Zinc smelters in Peru said output fell for a third month as power cuts went on. </p>", 5) +
		`</article><aside><h2>Most read</h2><time datetime="2001-01-01T10:00:00Z" pubdate>old</time></aside></body></html>`)
}

func TestPageDates(t *testing.T) {
	for _, c := range []struct {
		name, head, header, url, day, note string
	}{
		{"JSON-LD in a nested @graph, CDATA-wrapped", `<script type="application/ld+json">//<![CDATA[
			{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
			{"@type":["NewsArticle"],"datePublished":"2024-03-05T23:30:00-08:00","dateModified":"2024-03-09T10:00:00Z"}]}//]]></script>`,
			"", "", "2024-03-05", ""},
		{"an article's JSON-LD before a web page's", `<script type="application/ld+json">[{"@type":"WebPage","datePublished":"2020-01-01"},
			{"@type":"ReportageNewsArticle","datePublished":"2024-03-05"}]</script>`, "", "", "2024-03-05", ""},
		{"JSON-LD before the meta", `<meta property="article:published_time" content="2024-01-01T00:00:00Z">
			<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-05"}</script>`, "", "", "2024-03-05", ""},
		{"meta before microdata", `<meta property="article:published_time" content="2024-03-05T08:00:00+01:00">`,
			`<time itemprop="datePublished" datetime="2024-01-01">`, "", "2024-03-05", ""},
		{"itemprop with content", `<meta itemprop="datePublished" content="2017-11-16T14:15+0000">`, "", "", "2017-11-16", ""},
		{"itemprop with datetime", "", `<time itemprop="datePublished" datetime="2015-05-04T13:36:31+02:00">4 mai</time>`, "", "2015-05-04", ""},
		{"DC.date.issued", `<meta name="DC.date.issued" content="2016-02-01T01:28:49">`, "", "https://x.example/2016/01/31/a.html", "2016-02-01", ""},
		{"a <time> in the header, not the modified one", "",
			`<time class="updated" datetime="2019-04-29 15:33:39">u</time><time datetime="2019-04-28 06:01:07">p</time>`, "", "2019-04-28", ""},
		{"the URL's day", "", "", "https://www.washingtonpost.com/world/x/2015/03/18/00202e76_story.html", "2015-03-18", ""},
		{"the URL's day, month in letters", "", "", "https://www.theguardian.com/env/2019/jan/03/whales", "2019-01-03", ""},
		{"no day in a URL with a month only", "", "", "https://www1.folha.uol.com.br/esporte/2018/12/tite.shtml", "", "not stated"},
		{"no such day", "", "", "https://x.example/2015/02/31/a", "", "not stated"},
		// The CMS writes UTC; the page's own zone is the offset of its
		// printed time for the same instant: 05:30 UTC is the 5th in New York.
		{"UTC taken in the page's zone", `<meta property="article:published_time" content="2024-03-06T04:30:00Z">`,
			`<time itemprop="datePublished" datetime="2024-03-05T23:30:00-05:00">`, "", "2024-03-05", ""},
		{"the day as written, whatever the abbreviation", `<meta name="article:publicationdate" content="Fri Mar 13 21:30:09 EST 2015">`, "", "", "2015-03-13", ""},
		{"an unreadable date, then a readable one", `<meta property="article:published_time" content="last Tuesday">`, "", "https://x.example/2015/03/18/a", "2015-03-18", ""},
		{"only an unreadable date", `<meta property="article:published_time" content="last Tuesday">`, "", "", "", `stated date "last Tuesday" (meta article:published_time) is not a date`},
		{"a template's year 1 is passed over", `<meta property="article:published_time" content="0001-01-01T00:00:00Z">`, "", "https://x.example/2015/03/18/a", "2015-03-18", ""},
		{"only a template's year 1", `<meta property="article:published_time" content="0001-01-01T00:00:00Z">`, "", "", "", "stated date 0001-01-01 is outside 1800-01-01"},
		{"a modification date is not a publication date", `<meta property="article:modified_time" content="2024-03-05">`,
			`<time itemprop="dateModified" datetime="2024-03-05">`, "", "", "not stated"},
		{"nothing stated", "", "", "", "", "not stated"},
		{"a site header's date is today's, not the article's", `</head><body><header class="site"><time datetime="2024-03-05">Tuesday</time></header><head>`, "", "", "", "not stated"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := ParseHTML(datedPage(c.head, c.header, c.url), "", "")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if a.Dated() {
				got = a.Published.Format(newsfind.DateLayout)
			}
			if got != c.day || !strings.HasPrefix(a.DateNote, c.note) {
				t.Errorf("published %q, note %q; want %q, note %q…", got, a.DateNote, c.day, c.note)
			}
		})
	}
}
