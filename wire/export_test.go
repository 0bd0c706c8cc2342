package wire

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestParseExport: format, unit and bom are read and refused by name;
// the rest is the search's.
func TestParseExport(t *testing.T) {
	for raw, want := range map[string]string{
		"q=oil":                               "ndjson articles false",
		"q=oil&format=CSV&unit=passages":      "csv passages false",
		"q=oil&format=csv&unit=stories&bom=1": "csv stories true",
		"q=oil&format=csv&bom=0":              "csv articles false",
		"q=oil&unit=words":                    "error unit",
		"q=oil&format=xlsx":                   "error format",
		"q=oil&bom=1":                         "error bom",
		"q=oil&format=csv&bom=2":              "error bom",
	} {
		v, _ := url.ParseQuery(raw)
		e, err := ParseExport(v)
		if err != nil {
			if !strings.HasPrefix(err.Error(), strings.TrimPrefix(want, "error ")) {
				t.Errorf("%s: %v; want an error naming %s", raw, err, strings.TrimPrefix(want, "error "))
			}
			continue
		}
		got := e.Format + " " + e.Unit + " " + map[bool]string{true: "true", false: "false"}[e.BOM]
		if got != want || e.Query.Text != "oil" {
			t.Errorf("%s: %s (q %q); want %s", raw, got, e.Query.Text, want)
		}
	}
}

// TestExportFilename: the query's words and the unit, nothing a header
// or a shell could misread.
func TestExportFilename(t *testing.T) {
	for _, c := range []struct {
		q    string
		o    ExportOptions
		want string
	}{
		{"rare earth", ExportOptions{Format: FormatCSV}, "newsfind-rare-earth.csv"},
		{`"oil" AND ../etc`, ExportOptions{Format: FormatNDJSON, Unit: newsfind.UnitPassages}, "newsfind-oil-AND-etc-passages.ndjson"},
		{"", ExportOptions{Format: FormatCSV, Unit: newsfind.UnitStories}, "newsfind-all-stories.csv"},
	} {
		if got := ExportFilename(newsfind.Query{Text: c.q}, c.o); got != c.want {
			t.Errorf("%q: %s, want %s", c.q, got, c.want)
		}
	}
}

// TestExportCSVQuoting: fields with commas, quotes and line breaks are
// quoted as RFC 4180 says, lists and marks are joined with ";".
func TestExportCSVQuoting(t *testing.T) {
	var b bytes.Buffer
	enc, err := NewExportEncoder(&b, ExportOptions{Format: FormatCSV})
	if err != nil {
		t.Fatal(err)
	}
	row := &newsfind.ExportRow{Summary: newsfind.Summary{ID: "a1", Title: "Oil, \"crude\"\nand gas", Countries: []string{"SA", "IR"}},
		Best: &newsfind.PassageHit{Index: 2, Text: "Oil rose; oil fell.", Marks: [][2]int{{0, 3}, {10, 13}}}}
	if err := enc.Article(row); err != nil {
		t.Fatal(err)
	}
	if err := enc.Flush(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\"Oil, \"\"crude\"\"\r\nand gas\"") {
		t.Errorf("the title is not quoted as RFC 4180 says: %q", b.String())
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("%v, %d records", err, len(recs))
	}
	got := map[string]string{}
	for i, c := range ExportColumns {
		got[c] = recs[1][i]
	}
	if got["countries"] != "SA;IR" || got["best_passage_marks"] != "0-3;10-13" || got["best_passage_index"] != "2" || got["best_passage"] != "Oil rose; oil fell." {
		t.Errorf("row read back as %v", got)
	}
}
