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
	}{
		{name: "object", in: `{"url":"https://a.example/1","body":"text","published":"2025-11-06"}`, n: 1, errs: []string{""}},
		{name: "array", in: `[{"id":"a","body":"x"},{"id":"b","body":"y","published":"2025-11-06T23:30:00-05:00"}]`, n: 2, errs: []string{"", ""}},
		{name: "ndjson", in: "{\"id\":\"a\",\"body\":\"x\"}\n\n{\"id\":\"b\",\"body\":\"y\"}\n", n: 2, errs: []string{"", ""}},
		{name: "unknown field", in: `{"id":"a","body":"x","autor":"me"}`, n: 1, errs: []string{`unknown field "autor"`}},
		{name: "bad date", in: `[{"id":"a","body":"x"},{"id":"b","body":"y","published":"06/11/2025"}]`, n: 2, errs: []string{"", `"06/11/2025" is not a date`}},
		{name: "wrong type", in: `{"id":"a","body":"x","commodities":"gold"}`, n: 1, errs: []string{`"commodities" must be an array`}},
		{name: "not an object", in: `[1]`, n: 1, errs: []string{"must be a JSON object"}},
		{name: "body and html", in: `{"id":"a","body":"x","html":"<p>y</p>"}`, n: 1, errs: []string{"either body or html"}},
		{name: "reuters field elsewhere", in: `{"id":"a","body":"x","topics":["gold"]}`, n: 1, errs: []string{`unknown field "topics"`}},
		{name: "syntax", in: `{"id":"a","body":}`, whole: "invalid JSON in item 0"},
		{name: "truncated array", in: `[{"id":"a","body":"x"}`, whole: "invalid JSON"},
		{name: "empty", in: "  \n", whole: "empty"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			items, err := ParseJSON([]byte(c.in), Options{})
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
