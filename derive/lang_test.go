package derive

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
)

// TestLanguageOf: a given language wins; otherwise the text says it, and
// a text too short to tell is left unknown.
func TestLanguageOf(t *testing.T) {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", "lang", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tt := range []struct {
		name string
		a    newsfind.Article
		want string
	}{
		{"German", newsfind.Article{Title: "Zölle auf Stahl", Body: read("de.txt")}, "de"},
		{"French", newsfind.Article{Title: "Les droits de douane", Body: read("fr.txt")}, "fr"},
		{"English", newsfind.Article{Title: "Tariffs on steel", Body: read("en.txt")}, "en"},
		{"given wins", newsfind.Article{Lang: "pt-BR", Body: read("de.txt")}, "pt-BR"},
		{"too short to tell", newsfind.Article{Body: "OK"}, ""},
	} {
		if got := LanguageOf(&tt.a); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestLanguageOfFeeds: real feeds in German, Portuguese, Russian and
// English: most items of each get the feed's language (short items may
// stay unknown, never another language).
func TestLanguageOfFeeds(t *testing.T) {
	for _, tt := range []struct {
		file, want string
		share      float64 // at least this share of the items
	}{
		{"atom_heise.atom", "de", 0.8}, {"rss2_uolNoticias.rss", "pt", 0.8}, {"rss2_guardian.rss", "en", 0.8},
		{"rss2_encoding.rss", "pt", 0.8}, {"rss1_rss_1.0_iso8859.xml", "de", 0.8},
		// Items of one or two sentences: under 20 words is too short to
		// tell, and such an item stays unknown.
		{"rss2_iconv.xml", "ru", 0.5}, {"rss2_wapowellness.xml", "en", 0.5},
	} {
		items, err := ingest.ParseFeed(corpus.Read(t, filepath.Join("feeds", tt.file)), "")
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		right, wrong := 0, map[string]int{}
		for _, it := range items {
			if it.Err != nil {
				continue
			}
			switch got := LanguageOf(&it.Article); got {
			case tt.want:
				right++
			case "":
			default:
				wrong[got]++
			}
		}
		if right == 0 || float64(right) < tt.share*float64(len(items)) || len(wrong) > 0 {
			t.Errorf("%s: %d of %d items in %s, others %v", tt.file, right, len(items), tt.want, wrong)
		}
	}
}

func BenchmarkLanguageOf(b *testing.B) {
	a := newsfind.Article{Title: "Tariffs on steel", Body: strings.Repeat("The government raised tariffs on imported steel and aluminium on Monday, officials said. ", 40)}
	for i := 0; i < b.N; i++ {
		LanguageOf(&a)
	}
}

// TestLanguageOfReuters: Reuters-21578 is English; the fast path takes
// nearly all of it, and nothing is called another language.
func TestLanguageOfReuters(t *testing.T) {
	items, err := ingest.ParseJSON(corpus.Read(t, "reuters21578.jsonl.gz"), ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	counts, fast := map[string]int{}, 0
	for _, it := range items {
		if it.Err != nil {
			continue
		}
		counts[LanguageOf(&it.Article)]++
		if plainlyEnglish(it.Article.Title + "\n" + it.Article.Body) {
			fast++
		}
	}
	t.Logf("Reuters: %v; %d on the fast path", counts, fast)
	if n := len(items) - counts["en"] - counts[""]; n > len(items)/200 {
		t.Errorf("%d Reuters stories in another language than English: %v", n, counts)
	}
}

func BenchmarkLanguageOfTable(b *testing.B) {
	a := newsfind.Article{Title: "ACME CORP 1ST QTR NET", Body: strings.Repeat("Shr 10 cts vs five cts Net 1,200,000 vs 800,000 Revs 12.5 mln vs 10.1 mln ", 20)}
	for i := 0; i < b.N; i++ {
		LanguageOf(&a)
	}
}
