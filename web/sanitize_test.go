package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// hostile is what a crawled page or feed may carry to take over a
// terminal that shows it: a colour, a window title (OSC), a bell, a
// backspace, a NUL and a right-to-left override.
const hostile = "\x1b[31mred\x1b]0;pwned\x07 \x08\x00\u202egnp.exe"

// unsafeIn lists the control characters and bidi overrides left in s;
// body keeps its tabs and newlines.
func unsafeIn(s string, body bool) []rune {
	var bad []rune
	for _, r := range s {
		if body && (r == '\n' || r == '\t') {
			continue
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) {
			bad = append(bad, r)
		}
	}
	return bad
}

// TestStoredTextHasNoControls sends an article with control characters in
// its title, body and source as JSON, as an HTML page and as a feed item
// (raw where the format allows, and as character references that the
// format's own decoding turns into them): each is stored without them,
// with its words intact.
func TestStoredTextHasNoControls(t *testing.T) {
	s := newWriteServer(t, 0)
	jsonStr := func(v string) string { b, _ := json.Marshal(v); return string(b) }
	// In HTML text &#27; is ESC; in a feed the description is HTML, so
	// &amp;#27; reaches the HTML reader as &#27;.
	refs := "&#27;[31mred&#27;]0;pwned&#7; &#8;&#x202e;gnp.exe"
	cases := []struct{ name, ct, body, id string }{
		{"json", "application/json", `{"id":"ctl-json","title":` + jsonStr("Ferrochrome "+hostile) +
			`,"source":` + jsonStr("Wire "+hostile) + `,"body":` + jsonStr("Ferrochrome smelters stopped.\n\tLine two "+hostile+"\r\nend") + `}`, "ctl-json"},
		{"html", "text/html", "<html><head><title>Ferrochrome " + hostile + "</title>" +
			"<meta property=\"og:site_name\" content=\"Wire " + refs + "\">" +
			"<link rel=canonical href=https://news.example/ferro></head><body><article><h1>Ferrochrome " + refs + hostile + "</h1>" +
			strings.Repeat("<p>Ferrochrome smelters in South Africa stopped "+refs+hostile+" as power cuts deepened, traders said on Tuesday. </p>", 4) +
			"</article></body></html>", ""},
		{"feed", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire &amp;#27;]0;pwned&amp;#7;</title><link>https://wire.example</link>
<item><title>Ferrochrome &amp;#27;[2J&amp;#x202e;cut</title><link>/a/ferro</link><description>&lt;p&gt;Ferrochrome smelters ` + strings.ReplaceAll(refs, "&", "&amp;") + ` stopped.&lt;/p&gt;</description></item></channel></rss>`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, a := s.post(t, "/api/articles", testToken, c.ct, strings.NewReader(c.body))
			if code != 200 || a.Created != 1 {
				t.Fatalf("%d %+v", code, a)
			}
			id := a.Results[0].ID
			resp, err := http.Get(s.URL + "/api/articles/" + id)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			var art struct {
				Title, Source string
				Passages      []struct{ Text string }
			}
			if err := json.Unmarshal(raw, &art); err != nil {
				t.Fatalf("%d %s", resp.StatusCode, raw)
			}
			if bad := unsafeIn(art.Title, false); len(bad) > 0 {
				t.Errorf("title %q keeps %q", art.Title, bad)
			}
			if bad := unsafeIn(art.Source, false); len(bad) > 0 {
				t.Errorf("source %q keeps %q", art.Source, bad)
			}
			var body strings.Builder
			for _, p := range art.Passages {
				body.WriteString(p.Text + "\n")
			}
			if bad := unsafeIn(body.String(), true); len(bad) > 0 {
				t.Errorf("body %q keeps %q", body.String(), bad)
			}
			if !strings.Contains(art.Title, "Ferrochrome") || !strings.Contains(body.String(), "smelters") {
				t.Errorf("the words went too: %q / %q", art.Title, body.String())
			}
		})
	}
	// The JSON body's line breaks survive (CRLF as one newline), and a
	// title's words stay apart.
	if r := s.search(t, "pwned"); r.TotalArticles != 3 {
		t.Errorf("the text around the controls should stay searchable: %d articles", r.TotalArticles)
	}
}
