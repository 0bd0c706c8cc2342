package web

import (
	"encoding/csv"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// comparePage is the view of templates/compare.html.
type comparePage struct {
	Title    string
	Error    string
	Note     string
	Form     []compareField
	Hidden   []hiddenField // the shared filters, carried by the form
	Measure  string
	Unit     string
	Interval newsfind.Interval // the comparison's

	Intervals  []toggleLink
	Measures   []toggleLink
	Chart      *lineChart // for a screen
	Phone      *lineChart // the same, narrower
	Collection int
	Rows       []compareRow
	// Data is the chart's numbers as a table: DataHead over DataRows,
	// what the CSV at CSV holds.
	DataHead []string
	DataRows [][]string
	CSV      string
}

type compareField struct {
	N        int
	Q, Label string
}

type hiddenField struct{ Name, Value string }

type toggleLink struct {
	Label, Href string
	Current     bool
}

type compareRow struct {
	Class, Label, Q, Href string
	Count, Undated        int
	Share                 string
	Sources               []sourceLink
}

type sourceLink struct {
	Label, Href string
	Count       int
}

// compareRequest reads a compare page's parameters: the API's, with the
// form's empty rows dropped (a q and its label go together) and measure.
func compareRequest(v url.Values) (url.Values, string, error) {
	v = cloneValues(v)
	measure := strings.ToLower(strings.TrimSpace(v.Get("measure")))
	v.Del("measure")
	switch measure {
	case "", measureCount:
		measure = measureCount
	case measureShare:
	default:
		return v, measure, newsfind.Errorf(newsfind.EINVALID, "measure=%s: give count or share", newsfind.Echo(measure))
	}
	qs, labels := v["q"], v["label"]
	v.Del("q")
	v.Del("label")
	for i, q := range qs {
		if strings.TrimSpace(q) == "" {
			continue
		}
		v.Add("q", q)
		if i < len(labels) {
			v.Add("label", labels[i])
		}
	}
	if len(v["label"]) > 0 && strings.Join(v["label"], "") == "" {
		v.Del("label")
	}
	return v, measure, nil
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// handleComparePage serves GET /compare?q=A&q=B…&label=…&interval=&measure=
// and the search's filters: the queries' lines on one chart and a table.
func (s *Server) handleComparePage(w http.ResponseWriter, r *http.Request) error {
	p := comparePage{Title: "Compare", Measure: measureCount, Unit: "articles"}
	v, measure, err := compareRequest(r.URL.Query())
	p.Measure = measure
	p.fillForm(v)
	if err == nil && len(v["q"]) < newsfind.MinCompareQueries {
		// Reached from a results page with its query: ask for the others.
		p.Note = "Give two to eight queries to compare, one a line."
		return s.render(w, http.StatusOK, "compare", p)
	}
	var q newsfind.CompareQuery
	if err == nil {
		q, err = wire.ParseCompare(v)
	}
	var c *newsfind.Comparison
	if err == nil {
		c, err = s.compare(r, q)
	}
	if err != nil {
		switch code := newsfind.ErrorCode(err); code {
		case newsfind.EINVALID, newsfind.ETOOLARGE:
			p.Error = newsfind.ErrorMessage(err)
			return s.render(w, wire.Status(code), "compare", p)
		}
		return err
	}
	p.Title = "Compare " + strings.Join(q.Texts, ", ")
	p.fill(v, q, c)
	return s.render(w, http.StatusOK, "compare", p)
}

// fillForm lists the queries given and room for more, up to the most a
// comparison takes, and the filters to carry.
func (p *comparePage) fillForm(v url.Values) {
	qs, labels := v["q"], v["label"]
	n := min(max(len(qs)+1, 3), newsfind.MaxCompareQueries)
	n = max(n, min(len(qs), newsfind.MaxCompareQueries))
	for i := range n {
		f := compareField{N: i + 1}
		if i < len(qs) {
			f.Q = qs[i]
		}
		if i < len(labels) {
			f.Label = labels[i]
		}
		p.Form = append(p.Form, f)
	}
	for _, k := range wire.SearchParams {
		if k == "q" || k == "page" || k == "size" || k == "after" || k == "sort" || k == "facet_size" {
			continue
		}
		for _, val := range v[k] {
			p.Hidden = append(p.Hidden, hiddenField{k, val})
		}
	}
	if i := v.Get("interval"); i != "" {
		p.Hidden = append(p.Hidden, hiddenField{"interval", i})
	}
	if p.Measure != measureCount {
		p.Hidden = append(p.Hidden, hiddenField{"measure", p.Measure})
	}
}

func (p *comparePage) fill(v url.Values, q newsfind.CompareQuery, c *newsfind.Comparison) {
	if q.Distinct == newsfind.DistinctStory {
		p.Unit = "stories"
	}
	p.Collection, p.Interval = c.Collection, c.Interval
	link := func(set func(url.Values)) string {
		l := cloneValues(v)
		set(l)
		return "/compare?" + l.Encode()
	}
	for _, m := range []struct{ value, label string }{{measureCount, "Count of " + p.Unit}, {measureShare, "Share of all " + p.Unit}} {
		p.Measures = append(p.Measures, toggleLink{Label: m.label, Current: m.value == p.Measure, Href: link(func(l url.Values) {
			if l.Del("measure"); m.value != measureCount {
				l.Set("measure", m.value)
			}
		})})
	}
	for _, in := range append([]newsfind.Interval{""}, newsfind.Intervals...) {
		label := string(in)
		if in == "" {
			label = "auto"
		}
		p.Intervals = append(p.Intervals, toggleLink{Label: label, Current: in == q.Interval, Href: link(func(l url.Values) {
			if l.Del("interval"); in != "" {
				l.Set("interval", string(in))
			}
			if p.Measure != measureCount {
				l.Set("measure", p.Measure)
			}
		})})
	}
	search := func(text string, from, to time.Time) string {
		sq := cloneQuery(q.Query)
		sq.Text, sq.From, sq.To = text, from, to
		if from.IsZero() {
			sq.From = q.From
		}
		if to.IsZero() {
			sq.To = q.To
		}
		return searchHref(sq)
	}
	bucketHref := func(i int, b newsfind.TimelineBucket) string {
		return search(c.Series[i].Text, b.Start, bucketLast(c.Interval, b.Start))
	}
	p.Chart = drawComparison(c, p.Measure, p.Unit, lineChartW, bucketHref)
	p.Phone = drawComparison(c, p.Measure, p.Unit, lineChartPhoneW, bucketHref)
	for i, sr := range c.Series {
		row := compareRow{Class: "s" + strconv.Itoa(i), Label: sr.Label, Q: sr.Text, Href: search(sr.Text, time.Time{}, time.Time{}),
			Count: sr.TotalArticles, Undated: sr.Undated, Share: percent(sr.Share)}
		if q.Distinct == newsfind.DistinctStory {
			row.Count = sr.TotalStories
		}
		for _, src := range sr.Sources {
			sq := cloneQuery(q.Query)
			sq.Text, sq.Sources = sr.Text, []string{src.Value}
			row.Sources = append(row.Sources, sourceLink{Label: src.Label, Count: src.Count, Href: searchHref(sq)})
		}
		p.Rows = append(p.Rows, row)
	}
	p.DataHead, p.DataRows = compareTable(c, p.Measure)
	csvValues := cloneValues(v)
	if p.Measure != measureCount {
		csvValues.Set("measure", p.Measure)
	}
	p.CSV = "/compare.csv?" + csvValues.Encode()
}

// compareTable is the chart's numbers: a row per bucket, its start then a
// column per query, counts or shares as the chart draws them.
func compareTable(c *newsfind.Comparison, measure string) ([]string, [][]string) {
	head := []string{"start"}
	for _, s := range c.Series {
		h := s.Label
		if measure == measureShare {
			h += " (share)"
		}
		head = append(head, h)
	}
	if len(c.Series) == 0 {
		return head, nil
	}
	rows := make([][]string, len(c.Series[0].Buckets))
	for k, b := range c.Series[0].Buckets {
		row := []string{b.Start.Format(newsfind.DateLayout)}
		for _, s := range c.Series {
			if measure == measureShare {
				row = append(row, strconv.FormatFloat(s.Buckets[k].Share, 'f', -1, 64))
			} else {
				row = append(row, strconv.Itoa(s.Buckets[k].Count))
			}
		}
		rows[k] = row
	}
	return head, rows
}

// handleCompareCSV serves GET /compare.csv: the compare page's chart as
// CSV, a row per bucket and a column per query.
func (s *Server) handleCompareCSV(w http.ResponseWriter, r *http.Request) error {
	v, measure, err := compareRequest(r.URL.Query())
	if err != nil {
		return err
	}
	q, err := wire.ParseCompare(v)
	if err != nil {
		return err
	}
	c, err := s.compare(r, q)
	if err != nil {
		return err
	}
	head, rows := compareTable(c, measure)
	return writeCSV(w, "compare-"+strings.Join(q.Texts, "-"), append([][]string{head}, rows...))
}

// writeCSV answers rows as a CSV attachment named after name.
func writeCSV(w http.ResponseWriter, name string, rows [][]string) error {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8; header=present")
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": fileSafe(name) + ".csv"}))
	cw := csv.NewWriter(w)
	for _, r := range rows {
		cw.Write(r) // a client gone away: nothing to tell it
	}
	cw.Flush()
	return nil
}

// fileSafe keeps letters, digits and dashes, at most 60 of them.
func fileSafe(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// bucketLast is the last day of the bucket of interval starting on start.
func bucketLast(interval newsfind.Interval, start time.Time) time.Time {
	switch interval {
	case newsfind.IntervalDay:
		return start
	case newsfind.IntervalWeek:
		return start.AddDate(0, 0, 6)
	case newsfind.IntervalYear:
		return start.AddDate(1, 0, -1)
	}
	return start.AddDate(0, 1, -1)
}

// compareHref is the compare page started from a results page: its query
// first, its filters shared, room for the others.
func compareHref(q newsfind.Query) string {
	c := cloneQuery(q)
	c.Page, c.Size, c.Sort, c.FacetSize = 0, 0, "", 0
	return "/compare?" + linkValues(c).Encode()
}
