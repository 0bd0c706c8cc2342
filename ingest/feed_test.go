package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/newsfind/newsfind/internal/corpus"
)

// TestParseFeedCorpus reads every real feed in ../shared/corpora/feeds:
// every item becomes a valid article with an absolute URL.
func TestParseFeedCorpus(t *testing.T) {
	want := map[string]int{ // items per file, from the corpora README
		"rss2_guardian.rss": 55, "rss2_encoding.rss": 40, "rss2_uolNoticias.rss": 15, "rss1_rss-1.rss": 69,
		"atom_heise.atom": 15, "atom_feedburner.atom": 25, "rss2_rss_2.0_nbcny.xml": 1, "rss2_rss_2.0_ilgiornale.xml": 1,
		"rss2_rss_2.0_ilmessaggero.xml": 1, "rss2_rss_2.0_wirecutter.xml": 1, "rss2_rss_2.0_cloudflare.xml": 1,
		"rss1_rss_1.0_debian.xml": 1, "rss1_rss_1.0_iso8859.xml": 1, "rss1_rss_1.0_biorxiv.xml": 1, "atom_tpm.atom": 20,
		"atom_intertwingly.atom": 20, "rss2_wapowellness.xml": 29, "rss2_category-feed.xml": 1, "rss2_iconv.xml": 10,
	}
	corpus.Path(t, "feeds/rss2_guardian.rss")
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(corpus.Path(t, "feeds/rss2_guardian.rss")), "*"))
	if len(files) != len(want) {
		t.Errorf("%d feed files, want %d", len(files), len(want))
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if Detect(name, "", data) != FormatFeed {
				t.Errorf("not detected as a feed")
			}
			items, err := ParseFeed(data, "")
			if err != nil {
				t.Fatal(err)
			}
			if len(items) != want[name] {
				t.Errorf("%d items, want %d", len(items), want[name])
			}
			for _, it := range items {
				a := it.Article
				if it.Err != nil {
					t.Errorf("item %d: %v", it.Index, it.Err)
					continue
				}
				if err := Normalize(&a); err != nil {
					t.Errorf("item %d (%s): %v", it.Index, a.URL, err)
				}
				if a.Title == "" && a.Body == "" {
					t.Errorf("item %d: empty", it.Index)
				}
			}
		})
	}
}

func TestParseFeedDetails(t *testing.T) {
	data, err := os.ReadFile(corpus.Path(t, "feeds/rss2_encoding.rss"))
	if err != nil {
		t.Fatal(err)
	}
	items, err := ParseFeed(data, "")
	if err != nil {
		t.Fatal(err)
	}
	a := items[0].Article
	// Declared ISO-8859-1: decoded, not mangled.
	if a.Title != "Mãe de utente é a nova presidente da Raríssimas" || a.Source != "Jornal de Notícias - Últimas Notícias" || a.Published.Format("2006-01-02") != "2018-01-03" {
		t.Errorf("%+v", a)
	}
	// Undeclared latin-1 bytes: read as windows-1252.
	data, _ = os.ReadFile(corpus.Path(t, "feeds/rss2_uolNoticias.rss"))
	items, err = ParseFeed(data, "")
	if err != nil || !strings.Contains(items[0].Article.Title, "simulações") {
		t.Errorf("uol: %v %q", err, items[0].Article.Title)
	}
	// Atom links relative to the site resolve against the feed's link.
	data, _ = os.ReadFile(corpus.Path(t, "feeds/atom_tpm.atom"))
	items, _ = ParseFeed(data, "")
	if !strings.HasPrefix(items[0].Article.URL, "http") {
		t.Errorf("relative link left: %q", items[0].Article.URL)
	}
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title><link>https://x.example/1</link><description>&lol9;</description></item></channel></rss>`

func TestParseFeedRefusesDTD(t *testing.T) {
	_, err := ParseFeed([]byte(billionLaughs), "")
	if err == nil || !strings.Contains(err.Error(), "DTD") {
		t.Fatalf("billion laughs: %v", err)
	}
	// Also through the front door.
	if _, err := ParseBytes([]byte(billionLaughs), "laughs.xml", "", Options{}); err == nil {
		t.Error("ParseBytes accepted it")
	}
	// A public DOCTYPE without an internal subset (RSS 0.91) is fine.
	rss091 := `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>x</title><item><title>Hello</title><link>https://x.example/1</link><description>World news.</description></item></channel></rss>`
	if items, err := ParseFeed([]byte(rss091), ""); err != nil || len(items) != 1 {
		t.Errorf("RSS 0.91: %v", err)
	}
}

// TestGofeedDoesNotExpandEntities checks the library under our guard: were
// a DTD to get through, encoding/xml would not expand its entities.
func TestGofeedDoesNotExpandEntities(t *testing.T) {
	done := make(chan struct{})
	var f *gofeed.Feed
	var err error
	go func() {
		f, err = gofeed.NewParser().ParseString(billionLaughs)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("gofeed is still parsing the billion laughs after 10 s")
	}
	if err == nil && len(f.Items) > 0 && len(f.Items[0].Title)+len(f.Items[0].Description) > 1000 {
		t.Errorf("entities expanded: title %d bytes", len(f.Items[0].Title))
	}
}

func TestParseFeedMalformed(t *testing.T) {
	for _, in := range []string{`<rss version="2.0"><channel><item><title>x</title>`, `<feed xmlns="http://www.w3.org/2005/Atom"><entry>`} {
		if _, err := ParseFeed([]byte(in), ""); err == nil || !strings.Contains(err.Error(), "not a readable RSS or Atom feed") {
			t.Errorf("%q: %v", in, err)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name, ct, data string
		want           Format
	}{
		{"a.json", "", `{}`, FormatJSON},
		{"", "application/x-ndjson", `x`, FormatJSON},
		{"", "", "\ufeff  [1]", FormatJSON},
		{"a.md", "", `x`, FormatMarkdown},
		{"", "", "---\ntitle: x\n---\n", FormatMarkdown},
		{"", "text/html; charset=utf-8", `x`, FormatHTML},
		{"", "", "<!DOCTYPE html><html>", FormatHTML},
		{"page.xml", "", `<?xml version="1.0"?><html>`, FormatHTML},
		{"", "application/xml", `<?xml version="1.0"?><!-- c --><rss version="2.0">`, FormatFeed},
		{"", "", `<rdf:RDF xmlns:rdf="x">`, FormatFeed},
		{"", "", `<feed xmlns="http://www.w3.org/2005/Atom">`, FormatFeed},
		{"notes.txt", "", `plain words`, FormatUnknown},
		{"a.rss.gz", "", ``, FormatFeed},
	}
	for _, c := range cases {
		if got := Detect(c.name, c.ct, []byte(c.data)); got != c.want {
			t.Errorf("Detect(%q, %q, %.30q) = %q, want %q", c.name, c.ct, c.data, got, c.want)
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><item><title>x</title><link>https://a.example/</link></item></channel></rss>`))
	f.Add([]byte(billionLaughs))
	f.Fuzz(func(t *testing.T, data []byte) {
		ParseFeed(data, "")
	})
}
