package wire

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
)

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
	// BestPassage is null when the article's text is no longer stored.
	BestPassage *ExportPassage `json:"best_passage"`
}

// ExportPassage is a passage in an export: of an article row (its best),
// or a row of its own with unit=passages.
type ExportPassage struct {
	ArticleID string   `json:"article_id,omitempty"`
	Index     int      `json:"index"`
	Text      string   `json:"text"`
	Marks     [][2]int `json:"marks"`
}

// ExportStory is one story row of an NDJSON export.
type ExportStory struct {
	StoryID            string   `json:"story_id"`
	CanonicalID        string   `json:"canonical_id"`
	CanonicalTitle     string   `json:"canonical_title"`
	CanonicalURL       string   `json:"canonical_url"`
	CanonicalSource    string   `json:"canonical_source"`
	CanonicalPublished *string  `json:"canonical_published"`
	Outlets            []string `json:"outlets"`
	FirstPublished     *string  `json:"first_published"`
	LastPublished      *string  `json:"last_published"`
	Articles           int      `json:"articles"`
	MatchedArticles    int      `json:"matched_articles"`
	BestID             string   `json:"best_id"`
	Score              float64  `json:"score"`
}

// The CSV headers, in the NDJSON rows' order and names; a passage's marks
// are "start-end" code-point spans joined with ";".
var (
	ExportColumns = []string{"id", "url", "title", "source", "byline", "section", "published", "dateline", "lang",
		"countries", "commodities", "about_countries", "about_commodities", "story_id", "copies", "score", "matched_passages",
		"best_passage_index", "best_passage", "best_passage_marks"}
	PassageColumns = []string{"article_id", "index", "text", "marks"}
	StoryColumns   = []string{"story_id", "canonical_id", "canonical_title", "canonical_url", "canonical_source",
		"canonical_published", "outlets", "first_published", "last_published", "articles", "matched_articles", "best_id", "score"}
)

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMarks(m [][2]int) [][2]int {
	if m == nil {
		return [][2]int{}
	}
	return m
}

// NewExportArticle is r as an NDJSON line has it.
func NewExportArticle(r *newsfind.ExportRow) ExportArticle {
	a := ExportArticle{ID: r.ID, URL: r.URL, Title: r.Title, Source: r.Source, Byline: r.Byline, Section: r.Section,
		Published: Day(r.Published), Dateline: r.Dateline, Lang: r.Lang,
		Countries: nonNil(r.Countries), Commodities: nonNil(r.Commodities),
		AboutCountries: nonNil(r.About.Countries), AboutCommodities: nonNil(r.About.Commodities),
		StoryID: r.StoryID, Copies: r.Copies, Score: r.Score, MatchedPassages: r.MatchedPassages}
	if r.Best != nil {
		a.BestPassage = &ExportPassage{Index: r.Best.Index, Text: r.Best.Text, Marks: nonNilMarks(r.Best.Marks)}
	}
	return a
}

// NewExportStory is r as an NDJSON line has it.
func NewExportStory(r *newsfind.StoryRow) ExportStory {
	c := &r.Canonical
	return ExportStory{StoryID: r.StoryID, CanonicalID: c.ID, CanonicalTitle: c.Title, CanonicalURL: c.URL,
		CanonicalSource: c.Source, CanonicalPublished: Day(c.Published), Outlets: nonNil(r.Outlets),
		FirstPublished: Day(r.First), LastPublished: Day(r.Last), Articles: r.Articles, MatchedArticles: r.Matched,
		BestID: r.BestID, Score: r.Score}
}

// ExportEncoder writes the rows of one export, of its one unit.
type ExportEncoder struct {
	// bw holds what is written until Flush: an export that fails before
	// its first flush has sent nothing, and can still answer an error.
	bw  *bufio.Writer
	js  *json.Encoder
	cw  *csv.Writer
	rec []string
}

// utf8BOM starts a CSV that Excel is to read as UTF-8.
const utf8BOM = "\uFEFF"

// NewExportEncoder writes rows to w as o says. A CSV starts with its
// header (after the byte order mark, when asked), also when nothing
// matched.
func NewExportEncoder(w io.Writer, o ExportOptions) (*ExportEncoder, error) {
	bw := bufio.NewWriterSize(w, 32<<10)
	if o.Format != FormatCSV {
		return &ExportEncoder{bw: bw, js: json.NewEncoder(bw)}, nil
	}
	if o.BOM {
		if _, err := bw.WriteString(utf8BOM); err != nil {
			return nil, err
		}
	}
	cols := ExportColumns
	switch o.Unit {
	case newsfind.UnitPassages:
		cols = PassageColumns
	case newsfind.UnitStories:
		cols = StoryColumns
	}
	e := &ExportEncoder{bw: bw, cw: csv.NewWriter(bw), rec: make([]string, 0, len(cols))}
	e.cw.UseCRLF = true // RFC 4180's line break, as Excel writes its own
	if err := e.cw.Write(cols); err != nil {
		return nil, err
	}
	return e, nil
}

// Article writes an article row; lists are joined with ";", which no tag
// contains.
func (e *ExportEncoder) Article(r *newsfind.ExportRow) error {
	if e.js != nil {
		return e.js.Encode(NewExportArticle(r))
	}
	bestIndex, bestText, bestMarks := "", "", ""
	if r.Best != nil {
		bestIndex, bestText, bestMarks = strconv.Itoa(r.Best.Index), r.Best.Text, csvMarks(r.Best.Marks)
	}
	e.rec = append(e.rec[:0], r.ID, r.URL, r.Title, r.Source, r.Byline, r.Section, csvDay(r.Published), r.Dateline, r.Lang,
		strings.Join(r.Countries, ";"), strings.Join(r.Commodities, ";"),
		strings.Join(r.About.Countries, ";"), strings.Join(r.About.Commodities, ";"),
		r.StoryID, strconv.Itoa(r.Copies), csvFloat(r.Score), strconv.Itoa(r.MatchedPassages),
		bestIndex, bestText, bestMarks)
	return e.cw.Write(e.rec)
}

// Passage writes a passage row.
func (e *ExportEncoder) Passage(r *newsfind.PassageRow) error {
	if e.js != nil {
		return e.js.Encode(ExportPassage{ArticleID: r.ArticleID, Index: r.Index, Text: r.Text, Marks: nonNilMarks(r.Marks)})
	}
	e.rec = append(e.rec[:0], r.ArticleID, strconv.Itoa(r.Index), r.Text, csvMarks(r.Marks))
	return e.cw.Write(e.rec)
}

// Story writes a story row; its outlets are joined with ";".
func (e *ExportEncoder) Story(r *newsfind.StoryRow) error {
	if e.js != nil {
		return e.js.Encode(NewExportStory(r))
	}
	c := &r.Canonical
	e.rec = append(e.rec[:0], r.StoryID, c.ID, c.Title, c.URL, c.Source, csvDay(c.Published),
		strings.Join(r.Outlets, ";"), csvDay(r.First), csvDay(r.Last), strconv.Itoa(r.Articles), strconv.Itoa(r.Matched),
		r.BestID, csvFloat(r.Score))
	return e.cw.Write(e.rec)
}

// Flush writes what is buffered; the caller flushes before it ends.
func (e *ExportEncoder) Flush() error {
	if e.cw != nil {
		e.cw.Flush()
		if err := e.cw.Error(); err != nil {
			return err
		}
	}
	return e.bw.Flush()
}

func csvDay(t time.Time) string {
	if d := Day(t); d != nil {
		return *d
	}
	return ""
}

func csvFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// csvMarks writes marks as "start-end" spans joined with ";".
func csvMarks(ms [][2]int) string {
	var b strings.Builder
	for i, m := range ms {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(strconv.Itoa(m[0]))
		b.WriteByte('-')
		b.WriteString(strconv.Itoa(m[1]))
	}
	return b.String()
}
