package wire

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"strings"

	"github.com/newsfind/newsfind"
)

// Export formats: one JSON object a line, or RFC 4180 CSV with a header.
const (
	FormatNDJSON = "ndjson"
	FormatCSV    = "csv"
)

// UnitArticles is the one export unit so far: a row per matching article.
const UnitArticles = "articles"

// ExportParams are the parameters /api/export reads besides the search's.
var ExportParams = []string{"format", "unit"}

// Export is a parsed export request.
type Export struct {
	Query  newsfind.Query
	Format string
	Unit   string
}

// ParseExport reads GET /api/export's parameters: every search parameter
// (paging ones are read and then ignored: an export has every match) plus
// format and unit, refused by name when unknown.
func ParseExport(v url.Values) (Export, error) {
	e := Export{Format: FormatNDJSON, Unit: UnitArticles}
	if f := strings.ToLower(strings.TrimSpace(v.Get("format"))); f != "" {
		if f != FormatNDJSON && f != FormatCSV {
			return e, newsfind.Errorf(newsfind.EINVALID, "format=%s: give ndjson or csv", newsfind.Echo(f))
		}
		e.Format = f
	}
	if u := strings.ToLower(strings.TrimSpace(v.Get("unit"))); u != "" {
		if u != UnitArticles {
			return e, newsfind.Errorf(newsfind.EINVALID, "unit=%s: give articles (passages and stories are not exported yet)", newsfind.Echo(u))
		}
		e.Unit = u
	}
	rest := url.Values{}
	for k, vals := range v {
		if k != "format" && k != "unit" {
			rest[k] = vals
		}
	}
	var err error
	e.Query, err = ParseQuery(rest)
	return e, err
}

// ExportValues is the query string of an export of q in format.
func ExportValues(q newsfind.Query, format string) url.Values {
	v := QueryValues(q)
	v.Del("page")
	v.Del("size")
	v.Del("after")
	if format != "" && format != FormatNDJSON {
		v.Set("format", format)
	}
	return v
}

// maxFileStem bounds the query's share of an export's file name.
const maxFileStem = 60

// ExportFilename names an export after its query with letters, digits
// and dashes alone, so that no header, shell or file system misreads it.
func ExportFilename(q newsfind.Query, format string) string {
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
	return "newsfind-" + stem + "." + format
}

// ExportArticle is one article row of an NDJSON export.
type ExportArticle struct {
	ID               string   `json:"id"`
	URL              string   `json:"url"`
	Title            string   `json:"title"`
	Source           string   `json:"source"`
	Byline           string   `json:"byline"`
	Section          string   `json:"section"`
	Published        *string  `json:"published"` // YYYY-MM-DD or null
	Dateline         string   `json:"dateline"`
	Lang             string   `json:"lang"`
	Countries        []string `json:"countries"`
	Commodities      []string `json:"commodities"`
	AboutCountries   []string `json:"about_countries"`
	AboutCommodities []string `json:"about_commodities"`
	StoryID          string   `json:"story_id"`
	Copies           int      `json:"copies"`
	Score            float64  `json:"score"`
	MatchedPassages  int      `json:"matched_passages"`
}

// ExportColumns are the CSV header, in ExportArticle's order and names.
var ExportColumns = []string{"id", "url", "title", "source", "byline", "section", "published", "dateline", "lang",
	"countries", "commodities", "about_countries", "about_commodities", "story_id", "copies", "score", "matched_passages"}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// NewExportArticle is r as an NDJSON line has it.
func NewExportArticle(r *newsfind.ExportRow) ExportArticle {
	return ExportArticle{ID: r.ID, URL: r.URL, Title: r.Title, Source: r.Source, Byline: r.Byline, Section: r.Section,
		Published: Day(r.Published), Dateline: r.Dateline, Lang: r.Lang,
		Countries: nonNil(r.Countries), Commodities: nonNil(r.Commodities),
		AboutCountries: nonNil(r.About.Countries), AboutCommodities: nonNil(r.About.Commodities),
		StoryID: r.StoryID, Copies: r.Copies, Score: r.Score, MatchedPassages: r.MatchedPassages}
}

// ExportEncoder writes export rows one at a time.
type ExportEncoder interface {
	Encode(r *newsfind.ExportRow) error
	// Flush writes what is buffered; the caller flushes before it ends.
	Flush() error
}

// NewExportEncoder writes rows to w in format (FormatNDJSON or FormatCSV).
// A CSV export starts with its header, also when nothing matched.
func NewExportEncoder(w io.Writer, format string) (ExportEncoder, error) {
	if format == FormatCSV {
		c := csv.NewWriter(w)
		if err := c.Write(ExportColumns); err != nil {
			return nil, err
		}
		return &csvEncoder{w: c, rec: make([]string, len(ExportColumns))}, nil
	}
	return &ndjsonEncoder{enc: json.NewEncoder(w)}, nil
}

type ndjsonEncoder struct{ enc *json.Encoder }

func (e *ndjsonEncoder) Encode(r *newsfind.ExportRow) error { return e.enc.Encode(NewExportArticle(r)) }
func (e *ndjsonEncoder) Flush() error                       { return nil }

type csvEncoder struct {
	w   *csv.Writer
	rec []string
}

// Encode writes r with the lists joined by ";", which no tag contains.
func (e *csvEncoder) Encode(r *newsfind.ExportRow) error {
	published := ""
	if d := Day(r.Published); d != nil {
		published = *d
	}
	e.rec = append(e.rec[:0], r.ID, r.URL, r.Title, r.Source, r.Byline, r.Section, published, r.Dateline, r.Lang,
		strings.Join(r.Countries, ";"), strings.Join(r.Commodities, ";"),
		strings.Join(r.About.Countries, ";"), strings.Join(r.About.Commodities, ";"),
		r.StoryID, strconv.Itoa(r.Copies), strconv.FormatFloat(r.Score, 'g', -1, 64), strconv.Itoa(r.MatchedPassages))
	return e.w.Write(e.rec)
}

func (e *csvEncoder) Flush() error {
	e.w.Flush()
	return e.w.Error()
}
