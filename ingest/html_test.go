package ingest

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/internal/corpus"
)

// TestParseHTMLCorpus extracts the 14 real pages of Readability's test
// suite and compares with Readability's own expected title and date, and
// checks that the body holds the start of its expected article text.
func TestParseHTMLCorpus(t *testing.T) {
	for _, name := range []string{"bbc-1", "cnn", "folha", "guardian-1", "herald-sun-1", "la-nacion", "lemonde-1",
		"liberation-1", "nytimes-1", "nytimes-2", "seattletimes-1", "telegraph", "wapo-1", "wapo-2"} {
		t.Run(name, func(t *testing.T) {
			page := corpus.Path(t, "html/"+name+".html")
			items, err := ParseFile(page, Options{})
			if err != nil {
				t.Fatal(err)
			}
			a := items[0].Article
			if err := Normalize(&a); err != nil {
				t.Fatalf("not a valid article: %v", err)
			}
			var meta struct {
				Title         string  `json:"title"`
				PublishedTime *string `json:"publishedTime"`
			}
			b, err := os.ReadFile(corpus.Path(t, "html/"+name+".metadata.json"))
			if err != nil {
				t.Fatal(err)
			}
			json.Unmarshal(b, &meta)
			if !strings.HasPrefix(a.Title, strings.Join(strings.Fields(meta.Title), " ")[:20]) {
				t.Errorf("title %q, Readability says %q", a.Title, meta.Title)
			}
			if meta.PublishedTime != nil && a.Published.Format("2006-01-02") != (*meta.PublishedTime)[:10] {
				t.Errorf("published %v, Readability says %s", a.Published, *meta.PublishedTime)
			}
			if utf8.RuneCountInString(a.Body) < 1000 || !strings.Contains(a.Body, "\n\n") {
				t.Errorf("body too short or one paragraph: %d chars", len(a.Body))
			}
			exp, err := os.ReadFile(corpus.Path(t, "html/"+name+".expected.html"))
			if err != nil {
				t.Fatal(err)
			}
			want := HTMLText(string(exp))
			// A sentence from the middle of the expected text is in ours.
			paras := strings.Split(want, "\n\n")
			mid := paras[len(paras)/2]
			if len(mid) > 60 {
				mid = mid[:60]
			}
			if !strings.Contains(a.Body, mid) {
				t.Errorf("body lacks %q from Readability's expected text", mid)
			}
		})
	}
}

// TestParseHTMLCorpusDates: each of the 14 pages is dated by the day it
// states (checked by hand in each page's source: where is the place of
// the page's most trusted statement), la-nacion, which states none, is
// undated with a note saying so.
func TestParseHTMLCorpusDates(t *testing.T) {
	for _, c := range []struct{ name, day, where string }{
		{"bbc-1", "2015-07-24", "JSON-LD datePublished"},
		{"cnn", "2016-02-01", "meta dc.date.issued"},
		{"folha", "2018-12-21", "JSON-LD datePublished"},
		{"guardian-1", "2019-01-03", "meta article:published_time"},
		{"herald-sun-1", "2015-03-13", "meta article:publicationdate"},
		{"la-nacion", "", ""},
		{"lemonde-1", "2015-05-04", "itemprop=datePublished"},
		{"liberation-1", "2015-04-30", "meta article:published_time"},
		{"nytimes-1", "2017-01-13", "meta article:published"},
		// Published on the 29th in New York; the URL's /2016/07/30/ is
		// the print edition's day, a less trusted statement.
		{"nytimes-2", "2016-07-29", "meta article:published"},
		{"seattletimes-1", "2019-04-28", "meta article:published_time"},
		{"telegraph", "2017-11-16", "itemprop=datePublished"},
		{"wapo-1", "2015-03-18", "the URL's path"},
		{"wapo-2", "2015-03-18", "the URL's path"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := os.ReadFile(corpus.Path(t, "html/"+c.name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			a, err := ParseHTML(b, "", "")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if a.Dated() {
				got = a.Published.Format(newsfind.DateLayout)
			}
			if got != c.day {
				t.Errorf("published %q (note %q), want %q", got, a.DateNote, c.day)
			}
			if c.day == "" && !strings.HasPrefix(a.DateNote, "not stated") {
				t.Errorf("undated without a note saying why: %q", a.DateNote)
			}
			if want := pageSections[c.name]; a.Section != want {
				t.Errorf("section %q, want %q", a.Section, want)
			}
			doc, _ := parseHTMLDoc(b, "")
			if st := pageDates(doc, canonicalLink(doc)); c.where != "" && (len(st) == 0 || st[0].where != c.where) {
				t.Errorf("most trusted statement %+v, want one from %s", st, c.where)
			}
		})
	}
}

// pageSections are the sections the pages' article:section metadata names
// (the Washington Post's and CNN's "section" metas are paths and codes,
// not names: not read).
var pageSections = map[string]string{"bbc-1": "US & Canada", "folha": "Esporte", "guardian-1": "Environment",
	"liberation-1": "Monde", "nytimes-1": "Africa", "nytimes-2": "DealBook", "seattletimes-1": "Amazon"}

func TestParseHTMLNoArticle(t *testing.T) {
	for _, page := range []string{
		`<html><head><title>Sign in</title></head><body><nav><a href="/">Home</a></nav><form>Password <input type=password></form></body></html>`,
		``,
		`<html><body><div id="app"></div><script>render()</script></body></html>`,
	} {
		_, err := ParseHTML([]byte(page), "", "")
		if err == nil || !strings.Contains(err.Error(), "no article found") {
			t.Errorf("%.40q: %v", page, err)
		}
	}
}

func TestParseHTMLCanonical(t *testing.T) {
	page := `<html><head><meta charset="iso-8859-1"><title>T</title><link rel="canonical" href="https://news.example/a?utm_source=x">` +
		`<meta property="og:site_name" content="News"><meta property="article:published_time" content="2025-11-06T22:00:00-03:00"></head><body><article>` +
		strings.Repeat("<p>Caf\xe9 owners in Lima said the price of coffee beans doubled this year. </p>", 5) + `</article></body></html>`
	a, err := ParseHTML([]byte(page), "", "https://other.example/")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://news.example/a?utm_source=x" || a.Source != "News" || !strings.Contains(a.Body, "Café owners") || a.Published.Format("2006-01-02") != "2025-11-06" {
		t.Errorf("%+v", a)
	}
}

func FuzzHTMLText(f *testing.F) {
	f.Add("<p>a</p><p>b</p>")
	f.Add("x &amp; y")
	f.Fuzz(func(t *testing.T, s string) {
		out := HTMLText(s)
		if strings.Contains(out, "\n\n\n") {
			t.Fatalf("more than one blank line: %q", out)
		}
	})
}
