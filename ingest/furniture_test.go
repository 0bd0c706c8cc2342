package ingest

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/internal/corpus"
)

var updateFurniture = flag.Bool("update-furniture", false, "rewrite ingest/testdata/furniture/*.dropped from the corpus pages")

// corpusPages are the 14 real pages of ../shared/corpora/html.
var corpusPages = []string{"bbc-1", "cnn", "folha", "guardian-1", "herald-sun-1", "la-nacion", "lemonde-1",
	"liberation-1", "nytimes-1", "nytimes-2", "seattletimes-1", "telegraph", "wapo-1", "wapo-2"}

// TestFurnitureCorpus: on each of the 14 pages, what the furniture rules
// drop is what was reviewed by eye (testdata/furniture/NAME.dropped; the
// README there says what was decided and why), no passage is a caption,
// credit, "Continue reading" or "Advertisement" line, and every
// paragraph of Readability's own view of the article that is not
// furniture is still in the text.
func TestFurnitureCorpus(t *testing.T) {
	for _, name := range corpusPages {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(corpus.Path(t, "html/"+name+".html"))
			if err != nil {
				t.Fatal(err)
			}
			a, dropped, err := parseHTML(b, "", "")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "furniture", name+".dropped")
			got := strings.Join(dropped, "\n")
			if *updateFurniture {
				if err := os.WriteFile(golden, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != strings.TrimSuffix(string(want), "\n") {
				t.Errorf("dropped, one a line:\n%s\nreviewed (%s):\n%s", got, golden, want)
			}
			for _, p := range derive.Split(a.Title, a.Body) {
				for _, l := range strings.Split(p, "\n") {
					if furniture.lineMatches(l) || strings.HasPrefix(l, "Continue reading") || strings.EqualFold(l, "Advertisement") ||
						strings.HasPrefix(l, "Credit ") || l == "Photo" || strings.HasPrefix(l, "Photo:") || strings.HasPrefix(l, "Media caption") {
						t.Errorf("a passage line is furniture: %q", l)
					}
				}
			}
			exp, err := os.ReadFile(corpus.Path(t, "html/"+name+".expected.html"))
			if err != nil {
				t.Fatal(err)
			}
			body := collapse(a.Body)
			for _, p := range strings.Split(HTMLText(string(exp)), "\n") {
				p = collapse(p)
				if len(strings.Fields(p)) >= 12 && !inAny(p, dropped) && !strings.Contains(body, p) {
					t.Errorf("article text lost: %q", p)
				}
			}
		})
	}
}

func TestFurnitureRules(t *testing.T) {
	for _, c := range []struct {
		line string
		drop bool
	}{
		{"Continue reading the main story", true},
		{"Advertisement", true},
		{"ADVERTISEMENT", true},
		{"What's Next", true},
		{"Credit Ashraf Shazly/Agence France-Presse — Getty Images", true},
		{"Credit Harry Campbell", true},
		{"Photo", true},
		{"Foto: LA NACION", true},
		{"Lire aussi : Les critiques de la CNIL", true},
		{"Leia também: Bolsonaro", true},
		{"[Read: Tunisia sends most foreign fighters to Islamic State in Syria]", true},
		{"Sign up for our daily newsletter", true},
		{"Share on Facebook", true},
		{"Related: Chicago is America's most segregated city", true},
		{"Clockwise from top: small whale bones; squid beaks", true},
		{"CNNMoney (New York) First published February 1, 2016: 1:28 AM ET", true},
		// Article text that looks a little like furniture stays.
		{"Credit Suisse shares fell 4% on Monday after the bank said it would cut jobs.", false},
		{"Credit card debt rose in May.", false},
		{"Photographers gathered outside the court.", false},
		{"The novel was first published in 1962 and sold millions.", false},
		{"Related parties must disclose their holdings, the regulator said.", false},
		{"Advertisement spending fell 3% in the quarter.", false},
		{"Read more than 100 pages of the report and you find the catch.", false},
		{"Read more about the tariff talks", true},
		{"Share prices rose.", false},
		{"Above all, the minister said, the deal must hold.", false},
	} {
		if got := furniture.lineMatches(collapse(c.line)); got != c.drop {
			t.Errorf("%q: dropped %v, want %v", c.line, got, c.drop)
		}
	}
}

func TestFurnitureFileErrors(t *testing.T) {
	for _, text := range []string{"line (", "colour red", "class"} {
		if _, err := parseFurniture(text); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: %v, want an error naming line 1", text, err)
		}
	}
}

// inAny reports whether s is part of one of texts.
func inAny(s string, texts []string) bool {
	for _, t := range texts {
		if strings.Contains(t, s) {
			return true
		}
	}
	return false
}

// TestFurnitureFeedItems: the Guardian's feed ends every item with a
// "Continue reading..." link; it is not the article's text.
func TestFurnitureFeedItems(t *testing.T) {
	items, err := ParseFile(corpus.Path(t, "feeds/rss2_guardian.rss"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 55 {
		t.Fatalf("%d items, want 55", len(items))
	}
	for _, it := range items {
		if strings.Contains(it.Article.Body, "Continue reading") {
			t.Errorf("item %d: body keeps %q", it.Index, it.Article.Body[strings.Index(it.Article.Body, "Continue reading"):])
		}
		if strings.TrimSpace(it.Article.Body) == "" {
			t.Errorf("item %d: empty body", it.Index)
		}
	}
}

// TestFurnitureKeepsAWrapper: a template whose article wrapper has a class
// a rule names ("has-caption") keeps the article; the caption inside goes.
func TestFurnitureKeepsAWrapper(t *testing.T) {
	para := strings.Repeat("Copper prices rose for a third week as Chilean mines cut output. ", 4)
	page := `<html><head><title>Copper</title></head><body><article><div class="entry has-caption">` +
		strings.Repeat("<p>"+para+"</p>", 4) + `<figure><img src="x.jpg"><figcaption>A mine in Chile. Photo: Reuters</figcaption></figure></div></article></body></html>`
	a, err := ParseHTML([]byte(page), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(a.Body, "Copper prices rose") != 16 || strings.Contains(a.Body, "A mine in Chile") {
		t.Errorf("body %q", a.Body)
	}
}
