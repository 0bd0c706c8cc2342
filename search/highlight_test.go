package search

import (
	"bufio"
	"context"
	"html"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/catalog"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/tagger"
)

func TestPassageHitMarks(t *testing.T) {
	loc := func(start, end uint64) *search.Location { return &search.Location{Start: start, End: end} }
	// at is the byte location of word in text, as Bleve gives it.
	at := func(text, word string) *search.Location {
		i := strings.Index(text, word)
		return loc(uint64(i), uint64(i+len(word)))
	}
	const turkey = "Türkiye’s “rare-earth” exports"
	const smile = "🙂 gold"
	tests := []struct {
		name  string
		text  string
		locs  []*search.Location
		marks [][2]int
		want  string
	}{
		{"one word", "gold price", []*search.Location{loc(0, 4)}, [][2]int{{0, 4}}, "<mark>gold</mark> price"},
		{"a phrase is one mark", "the fentanyl tariff rose", []*search.Location{loc(4, 12), loc(13, 19)}, [][2]int{{4, 19}}, "the <mark>fentanyl tariff</mark> rose"},
		{"hyphen joins", "rare-earth magnets", []*search.Location{loc(0, 4), loc(5, 10)}, [][2]int{{0, 10}}, "<mark>rare-earth</mark> magnets"},
		{"apart", "gold and copper", []*search.Location{loc(9, 15), loc(0, 4)}, [][2]int{{0, 4}, {9, 15}}, "<mark>gold</mark> and <mark>copper</mark>"},
		{"overlapping", "goldsmith", []*search.Location{loc(0, 9), loc(0, 4)}, [][2]int{{0, 9}}, "<mark>goldsmith</mark>"},
		{"text is escaped", "<b> & gold", []*search.Location{loc(6, 10)}, [][2]int{{6, 10}}, "&lt;b&gt; &amp; <mark>gold</mark>"},
		// Offsets count code points: ü is two bytes, ’ “ ” three each.
		{"non-ASCII", turkey, []*search.Location{at(turkey, "rare"), at(turkey, "earth"), at(turkey, "exports")},
			[][2]int{{11, 21}, {23, 30}}, "Türkiye’s “<mark>rare-earth</mark>” <mark>exports</mark>"},
		{"non-ASCII first", turkey, []*search.Location{at(turkey, "Türkiye")}, [][2]int{{0, 7}}, "<mark>Türkiye</mark>’s “rare-earth” exports"},
		// Code points, not UTF-16 units: the emoji is one, not two.
		{"outside the BMP", smile, []*search.Location{at(smile, "gold")}, [][2]int{{2, 6}}, "🙂 <mark>gold</mark>"},
		// The text comes from the store and the locations from the index:
		// after a rewrite they may not fit, and must then be dropped.
		{"past the end", "gold", []*search.Location{loc(2, 9)}, [][2]int{}, "gold"},
		{"inside a character", "Türkiye gold", []*search.Location{loc(2, 4), loc(9, 13)}, [][2]int{{8, 12}}, "Türkiye <mark>gold</mark>"},
		{"empty span", "gold", []*search.Location{loc(2, 2)}, [][2]int{}, "gold"},
		{"no locations", "a < b", nil, [][2]int{}, "a &lt; b"},
		// As pasted from news: the acronym's last dot and the plus are in the mark.
		{"U.S. whole", "U.S. tariffs", []*search.Location{loc(0, 3)}, [][2]int{{0, 4}}, "<mark>U.S.</mark> tariffs"},
		{"sentence end stays out", "in the US.", []*search.Location{loc(7, 9)}, [][2]int{{7, 9}}, "in the <mark>US</mark>."},
		{"C5+1 whole", "the C5+1 summit", []*search.Location{loc(4, 6), loc(7, 8)}, [][2]int{{4, 8}}, "the <mark>C5+1</mark> summit"},
	}
	for _, tt := range tests {
		p := passageHit(3, tt.text, search.TermLocationMap{"x": tt.locs}, nil)
		if !reflect.DeepEqual(p.Marks, tt.marks) || p.Highlight != tt.want || p.Index != 3 || p.Text != tt.text {
			t.Errorf("%s: got marks %v highlight %q, want %v %q", tt.name, p.Marks, p.Highlight, tt.marks, tt.want)
		}
		// The acronym's dot and the plus are marked since marks came;
		// every other highlight is as it was.
		if old := markBefore(tt.text, search.TermLocationMap{"x": tt.locs}); p.Highlight != old && !strings.HasSuffix(tt.name, " whole") {
			t.Errorf("%s: highlight %q, before marks %q", tt.name, p.Highlight, old)
		}
		for _, m := range p.Marks {
			if n := utf8.RuneCountInString(tt.text); m[0] < 0 || m[1] > n {
				t.Errorf("%s: mark %v outside the text's %d code points", tt.name, m, n)
			}
		}
	}
}

// TestHighlightFromMarksAsBefore: on real text and real index locations
// (the seeds with the README's queries, and Reuters-21578 with the
// benchmark's), the highlight built from marks is the one newsfind built
// from locations before it had marks, on every matching passage.
func TestHighlightFromMarksAsBefore(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	readme := []string{"fentanyl tariff", `"fentanyl tariff"`, "rare earth", "rare-earth", "C5+1", "U.S.", "tarif*", "Kazakstan~",
		"uranim~2", "gold OR copper", "(gold OR copper) price", "tariffs -China", "Türkiye", "critical minerals", "country:KZ uranium"}
	t.Run("seeds", func(t *testing.T) { checkHighlights(t, arts, readme) })
	t.Run("reuters", func(t *testing.T) {
		corpus.Long(t)
		checkHighlights(t, reutersArticles(t, 3000), benchQueries(t))
	})
}

func checkHighlights(t *testing.T, arts []newsfind.Article, queries []string) {
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Open(filepath.Join(t.TempDir(), "index"), index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	cat := catalog.NewCatalog()
	docs := make([]newsfind.Document, len(arts))
	texts := map[string]string{}
	for i, a := range arts {
		docs[i] = derive.Prepare(tg, a)
		cat.Put(catalog.EntryOf(&docs[i]))
		for _, p := range docs[i].Passages {
			texts[index.PassageID(a.ID, p.Index)] = p.Text
		}
	}
	if err := x.Write(docs, nil); err != nil {
		t.Fatal(err)
	}
	s, err := New(index.NewCurrent(x), cat, tg, func(string) (newsfind.Article, bool, error) { return newsfind.Article{}, false, nil })
	if err != nil {
		t.Fatal(err)
	}
	passages, marked := 0, 0
	for _, q := range queries {
		p, err := s.plan(newsfind.Query{Text: q})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if p.mark == nil {
			continue
		}
		req := bleve.NewSearchRequestOptions(p.mark, 500, 0, false)
		req.IncludeLocations = true
		r, err := x.Bleve().SearchInContext(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for _, dm := range r.Hits {
			text, ok := texts[dm.ID]
			if !ok {
				t.Fatalf("%s: no text for passage %s", q, dm.ID)
			}
			locs := dm.Locations[index.FieldText]
			got, want := passageHit(0, text, locs, nil), markBefore(text, locs)
			// Marks take in the plus of "C5+1" and the last dot of "U.S."
			// since they came; the rest is as it was.
			want = dottedMark.ReplaceAllString(strings.ReplaceAll(want, "</mark>+<mark>", "+"), "<mark>$1.</mark>")
			if got.Highlight != want {
				t.Errorf("%s, passage %s:\nfrom marks %q\n    before %q", q, dm.ID, got.Highlight, want)
			}
			passages++
			if len(got.Marks) > 0 {
				marked++
			}
		}
	}
	if marked < len(queries)/2 {
		t.Errorf("only %d of %d passages had marks: the queries need to match", marked, passages)
	}
	t.Logf("%d queries, %d passages, %d with marks", len(queries), passages, marked)
}

// benchQueries reads the benchmark's query file (bench cannot be imported
// here: it imports engine, which imports search).
func benchQueries(t *testing.T) []string {
	f, err := os.Open("../bench/queries.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if _, q, ok := strings.Cut(sc.Text(), "\t"); ok && !strings.HasPrefix(sc.Text(), "#") {
			qs = append(qs, q)
		}
	}
	return qs
}

// markBefore is how newsfind highlighted a passage before it had marks,
// straight from the index's byte locations: the reference the highlight
// built from marks must equal.
func markBefore(text string, locs search.TermLocationMap) string {
	type span struct{ start, end int }
	var spans []span
	for _, tl := range locs {
		for _, l := range tl {
			if l == nil || int(l.End) > len(text) || l.Start >= l.End ||
				!utf8.RuneStart(text[l.Start]) || (int(l.End) < len(text) && !utf8.RuneStart(text[l.End])) {
				continue
			}
			spans = append(spans, span{int(l.Start), int(l.End)})
		}
	}
	if len(spans) == 0 {
		return html.EscapeString(text)
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	pos := 0
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		for i+1 < len(spans) && (spans[i+1].start <= sp.end || strings.Trim(text[sp.end:spans[i+1].start], " -") == "") {
			if spans[i+1].end > sp.end {
				sp.end = spans[i+1].end
			}
			i++
		}
		if sp.start < pos {
			sp.start = pos
		}
		b.WriteString(html.EscapeString(text[pos:sp.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[sp.start:sp.end]))
		b.WriteString("</mark>")
		pos = sp.end
	}
	b.WriteString(html.EscapeString(text[pos:]))
	return b.String()
}

// dottedMark is a mark of a dotted acronym before its last dot.
var dottedMark = regexp.MustCompile(`<mark>((?:[A-Za-z]\.)+[A-Za-z])</mark>\.`)
