package ingest

import (
	"strings"
	"testing"

	"github.com/newsfind/newsfind/internal/corpus"
)

func TestParseJSON(t *testing.T) {
	cases := []struct {
		name, in string
		n        int      // items
		errs     []string // per item, "" for valid
		whole    string   // error for the whole input
		opt      Options
		warns    string // item 0's warnings, joined by "; "
	}{
		{name: "object", in: `{"url":"https://a.example/1","body":"text","published":"2025-11-06"}`, n: 1, errs: []string{""}},
		{name: "array", in: `[{"id":"a","body":"x"},{"id":"b","body":"y","published":"2025-11-06T23:30:00-05:00"}]`, n: 2, errs: []string{"", ""}},
		{name: "ndjson", in: "{\"id\":\"a\",\"body\":\"x\"}\n\n{\"id\":\"b\",\"body\":\"y\"}\n", n: 2, errs: []string{"", ""}},
		{name: "unknown field", in: `{"id":"a","body":"x","autor":"me","Zeta":1}`, n: 1, errs: []string{""}, warns: `unknown field "Zeta" left out; unknown field "autor" left out`},
		{name: "unknown field, strict", in: `{"id":"a","body":"x","autor":"me"}`, n: 1, errs: []string{`unknown field "autor" (refused as strict input`}, opt: Options{Strict: true}},
		{name: "unknown field, lenient", in: `{"id":"a","body":"x","autor":"me"}`, n: 1, errs: []string{""}, opt: Options{Lenient: true}},
		{name: "known fields in any case", in: `{"ID":"a","Body":"x","Section":"World"}`, n: 1, errs: []string{""}},
		{name: "bad date", in: `[{"id":"a","body":"x"},{"id":"b","body":"y","published":"06/11/2025"}]`, n: 2, errs: []string{"", `"06/11/2025" is not a date`}},
		{name: "wrong type", in: `{"id":"a","body":"x","commodities":"gold"}`, n: 1, errs: []string{`"commodities" must be an array`}},
		{name: "not an object", in: `[1]`, n: 1, errs: []string{"must be a JSON object"}},
		{name: "body and html", in: `{"id":"a","body":"x","html":"<p>y</p>"}`, n: 1, errs: []string{"either body or html"}},
		{name: "reuters field elsewhere", in: `{"id":"a","body":"x","topics":["gold"]}`, n: 1, errs: []string{""}, warns: `unknown field "topics" left out`},
		{name: "reuters field elsewhere, strict", in: `{"id":"a","body":"x","topics":["gold"]}`, n: 1, errs: []string{`unknown field "topics"`}, opt: Options{Strict: true}},
		{name: "dataset field of a wrong shape", in: `{"id":"a","body":"x","authors":7}`, n: 1, errs: []string{""}, warns: `field "authors" left out: it must be a name or a list of names`},
		{name: "dataset field of a wrong shape, strict", in: `{"id":"a","body":"x","authors":7}`, n: 1, errs: []string{`field "authors" must be a name or a list of names`}, opt: Options{Strict: true}},
		{name: "syntax", in: `{"id":"a","body":}`, whole: "invalid JSON in item 0"},
		{name: "truncated array", in: `[{"id":"a","body":"x"}`, whole: "invalid JSON"},
		{name: "empty", in: "  \n", whole: "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, err := ParseJSON([]byte(c.in), c.opt)
			if c.whole != "" {
				if err == nil || !strings.Contains(err.Error(), c.whole) {
					t.Fatalf("error %v, want %q", err, c.whole)
				}
				return
			}
			if err != nil || len(items) != c.n {
				t.Fatalf("%d items, %v", len(items), err)
			}
			for i, want := range c.errs {
				got := ""
				if items[i].Err != nil {
					got = items[i].Err.Error()
				}
				if items[i].Index != i || (want == "") != (got == "") || !strings.Contains(got, want) {
					t.Errorf("item %d: error %q, want %q", i, got, want)
				}
			}
			if got := strings.Join(items[0].Warnings, "; "); got != c.warns {
				t.Errorf("warnings %q, want %q", got, c.warns)
			}
		})
	}
}

func TestParseJSONFields(t *testing.T) {
	items, err := ParseJSON([]byte(`{"id":"x1","url":"https://a.example/p","title":" T ","source":"S","published":"2025-11-06T23:30:00-05:00",
		"html":"<p>One <b>bold</b> line.</p><script>evil()</script><p>Two.</p>","countries":["KZ"],"commodities":["uranium"],"date_note":"n"}`), Options{})
	if err != nil || items[0].Err != nil {
		t.Fatal(err, items[0].Err)
	}
	a := items[0].Article
	if a.Body != "One bold line.\n\nTwo." {
		t.Errorf("html body %q", a.Body)
	}
	// The day as the publisher wrote it, not as it falls in UTC.
	if a.Published.Format("2006-01-02") != "2025-11-06" || a.Countries[0] != "KZ" || a.Commodities[0] != "uranium" || a.DateNote != "n" {
		t.Errorf("%+v", a)
	}
	// A dateline is a field of any article, not only of Reuters rows.
	dl, _ := ParseJSON([]byte(`{"id":"d","body":"x","dateline":"  NEW YORK,\n March 3 "}`), Options{})
	if dl[0].Err != nil || Normalize(&dl[0].Article) != nil || dl[0].Article.Dateline != "NEW YORK, March 3" {
		t.Errorf("dateline: %v %+v", dl[0].Err, dl[0].Article)
	}
	lenient, _ := ParseJSON([]byte(`{"id":"a","body":"x","autor":"me"}`), Options{Lenient: true})
	if lenient[0].Err != nil {
		t.Errorf("lenient: %v", lenient[0].Err)
	}
}

// TestParseReuters reads the whole Reuters-21578 file: every story is an
// article (the headline-only ones with their headline as text) except the
// one story with neither title nor body, which Normalize refuses.
func TestParseReuters(t *testing.T) {
	items, err := ParseFile(corpus.Path(t, "reuters21578.jsonl.gz"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 21578 {
		t.Fatalf("%d items, want 21578", len(items))
	}
	refused := 0
	for _, it := range items {
		a := it.Article
		if it.Err != nil {
			t.Fatalf("item %d: %v", it.Index, it.Err)
		}
		if err := Normalize(&a); err != nil {
			refused++
			if a.ID != "reuters-12793" {
				t.Errorf("%s refused: %v", a.ID, err)
			}
		}
	}
	if refused != 1 {
		t.Errorf("%d refused, want 1 (reuters-12793, empty)", refused)
	}
	a := items[0].Article
	if a.ID != "reuters-1" || a.Title != "BAHIA COCOA REVIEW" || a.Source != "Reuters" || a.Published.Format("2006-01-02") != "1987-02-26" {
		t.Errorf("reuters-1: %+v", a)
	}
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"id":"a","body":"x"}`))
	f.Add([]byte(`[{"id":"a","body":"x","published":"2025-01-01"}]`))
	f.Add([]byte("{\"a\":1}\n{\"b\":2}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		items, err := ParseJSON(data, Options{})
		if err == nil {
			for i, it := range items {
				if it.Index != i {
					t.Fatalf("index %d at %d", it.Index, i)
				}
			}
		}
	})
}

// TestParseHuffPost reads the HuffPost sample whole with the default
// options: its category and authors are dataset fields newsfind maps
// (section, byline), so no item is refused and none has a warning.
func TestParseHuffPost(t *testing.T) {
	items, err := ParseFile(corpus.Path(t, "huffpost_news_category_sample.jsonl.gz"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 13456 {
		t.Fatalf("%d items, want 13456", len(items))
	}
	sections := map[string]int{}
	bylines := 0
	for _, it := range items {
		if it.Err != nil || len(it.Warnings) > 0 {
			t.Fatalf("item %d: %v %q", it.Index, it.Err, it.Warnings)
		}
		a := it.Article
		if err := Normalize(&a); err != nil {
			t.Fatalf("item %d: %v", it.Index, err)
		}
		sections[a.Section]++
		if a.Byline != "" {
			bylines++
		}
	}
	if len(sections) != 29 || sections["POLITICS"] != 4645 || sections[""] != 0 {
		t.Errorf("%d sections, POLITICS %d, none %d; want the sample's 29, 4645, 0", len(sections), sections["POLITICS"], sections[""])
	}
	if a := items[0].Article; a.Byline != "Mary Papenfuss" || a.Section != "U.S. NEWS" {
		t.Errorf("item 0: byline %q, section %q", a.Byline, a.Section)
	}
	if bylines < len(items)/2 {
		t.Errorf("%d of %d with a byline", bylines, len(items))
	}
	t.Logf("%d of %d articles have a byline from authors", bylines, len(items))
}

// TestParseJSONDatasetFields: the raw News Category Dataset's own names
// (headline, link, date, short_description, authors, category) and lists
// of authors map onto the article; newsfind's own fields win.
func TestParseJSONDatasetFields(t *testing.T) {
	items, err := ParseJSON([]byte(`{"link":"https://www.huffpost.com/entry/x","headline":"Cats","category":"COMEDY","short_description":"Funny cats.","authors":"Elyse Wanshel","date":"2022-09-23"}
{"url":"https://a.example/1","title":"T","body":"B","byline":"By Me","section":"World","authors":["A","B"],"category":["X"],"headline":"H"}
{"url":"https://a.example/2","body":"B","authors":[{"name":"Ann Lee"},{"name":"Bo Chen"}],"category":["Business","Markets"]}`), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		i                                      int
		url, title, body, byline, section, day string
	}{
		{0, "https://www.huffpost.com/entry/x", "Cats", "Funny cats.", "Elyse Wanshel", "COMEDY", "2022-09-23"},
		{1, "https://a.example/1", "T", "B", "By Me", "World", ""},
		{2, "https://a.example/2", "", "B", "Ann Lee, Bo Chen", "Business, Markets", ""},
	} {
		it := items[c.i]
		a := it.Article
		day := ""
		if a.Dated() {
			day = a.Published.Format("2006-01-02")
		}
		if it.Err != nil || len(it.Warnings) > 0 || a.URL != c.url || a.Title != c.title || a.Body != c.body || a.Byline != c.byline || a.Section != c.section || day != c.day {
			t.Errorf("item %d: %+v %v %q", c.i, a, it.Err, it.Warnings)
		}
	}
}
