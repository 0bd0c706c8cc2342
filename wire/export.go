package wire

import (
	"net/url"
	"strings"

	"github.com/newsfind/newsfind"
)

// Export formats: one JSON object a line, or RFC 4180 CSV with a header.
const (
	FormatNDJSON = "ndjson"
	FormatCSV    = "csv"
)

// ExportParams are the parameters /api/export reads besides the search's.
var ExportParams = []string{"format", "unit", "bom"}

// ExportOptions say what an export writes: its format, what one row is
// (newsfind.UnitArticles, UnitPassages or UnitStories), and whether a CSV
// starts with a UTF-8 byte order mark, which Excel needs to read UTF-8.
type ExportOptions struct {
	Format string
	Unit   string
	BOM    bool
}

// Export is a parsed export request.
type Export struct {
	Query newsfind.Query
	ExportOptions
}

// ParseExport reads GET /api/export's parameters: every search parameter
// (paging ones are read and then ignored: an export has every match) plus
// format, unit and bom, refused by name when unknown.
func ParseExport(v url.Values) (Export, error) {
	e := Export{ExportOptions: ExportOptions{Format: FormatNDJSON, Unit: newsfind.UnitArticles}}
	if f := strings.ToLower(strings.TrimSpace(v.Get("format"))); f != "" {
		if f != FormatNDJSON && f != FormatCSV {
			return e, newsfind.Errorf(newsfind.EINVALID, "format=%s: give ndjson or csv", newsfind.Echo(f))
		}
		e.Format = f
	}
	if u := strings.ToLower(strings.TrimSpace(v.Get("unit"))); u != "" {
		if u != newsfind.UnitArticles && u != newsfind.UnitPassages && u != newsfind.UnitStories {
			return e, newsfind.Errorf(newsfind.EINVALID, "unit=%s: give articles, passages or stories", newsfind.Echo(u))
		}
		e.Unit = u
	}
	if v.Has("bom") {
		switch b := strings.ToLower(strings.TrimSpace(v.Get("bom"))); b {
		case "1", "true":
			e.BOM = true
		case "0", "false", "":
		default:
			return e, newsfind.Errorf(newsfind.EINVALID, "bom=%s: give 1 or 0", newsfind.Echo(b))
		}
		if e.BOM && e.Format != FormatCSV {
			return e, newsfind.Errorf(newsfind.EINVALID, "bom=1 is for format=csv: NDJSON is read without one")
		}
	}
	rest := url.Values{}
	for k, vals := range v {
		if k != "format" && k != "unit" && k != "bom" {
			rest[k] = vals
		}
	}
	var err error
	e.Query, err = ParseQuery(rest)
	return e, err
}

// ExportValues is the query string of an export of q with o (defaults
// left out).
func ExportValues(q newsfind.Query, o ExportOptions) url.Values {
	v := QueryValues(q)
	v.Del("page")
	v.Del("size")
	v.Del("after")
	if o.Format != "" && o.Format != FormatNDJSON {
		v.Set("format", o.Format)
	}
	if o.Unit != "" && o.Unit != newsfind.UnitArticles {
		v.Set("unit", o.Unit)
	}
	if o.BOM {
		v.Set("bom", "1")
	}
	return v
}

// maxFileStem bounds the query's share of an export's file name.
const maxFileStem = 60

// ExportFilename names an export after its query (and its unit, when not
// articles) with letters, digits and dashes alone, so that no header,
// shell or file system misreads it.
func ExportFilename(q newsfind.Query, o ExportOptions) string {
	var b strings.Builder
	dash := false
	for _, r := range q.Text {
		ok := r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
		switch {
		case ok:
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= maxFileStem {
			break
		}
	}
	stem := b.String()
	if len(stem) > maxFileStem {
		stem = stem[:maxFileStem]
	}
	if stem == "" {
		stem = "all"
	}
	if o.Unit != "" && o.Unit != newsfind.UnitArticles {
		stem += "-" + o.Unit
	}
	format := o.Format
	if format == "" {
		format = FormatNDJSON
	}
	return "newsfind-" + stem + "." + format
}
