package web

import (
	"net/http"
	"strconv"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// handleTimelineCSV serves GET /timeline.csv: the results page's
// timeline, a row per bucket with its count, total and share, whichever
// of them the page draws.
func (s *Server) handleTimelineCSV(w http.ResponseWriter, r *http.Request) error {
	v := cloneValues(r.URL.Query())
	v.Del("measure") // the page's choice of drawing; the CSV has both
	q, err := wire.ParseTimeline(v)
	if err != nil {
		return err
	}
	if q.By != "" {
		return newsfind.Errorf(newsfind.EINVALID, "by=%s: the CSV is the results page's one series; /api/timeline splits it", newsfind.Echo(q.By))
	}
	tl, ok := s.searcher.(newsfind.Timeliner)
	if !ok {
		return newsfind.Errorf(newsfind.ENOTFOUND, "this server answers no timelines")
	}
	ctx, cancel := requestContext(r, searchTimeout)
	defer cancel()
	t, err := tl.Timeline(ctx, q)
	if err != nil {
		return err
	}
	name := "timeline"
	if q.Text != "" {
		name += "-" + q.Text
	}
	return writeCSV(w, name, timelineRows(t))
}

// timelineRows is t as CSV rows under a header: undated matches are in
// no bucket, as on the chart.
func timelineRows(t *newsfind.Timeline) [][]string {
	rows := [][]string{{"start", "count", "total", "share"}}
	for _, b := range t.Buckets {
		rows = append(rows, []string{b.Start.Format(newsfind.DateLayout), strconv.Itoa(b.Count), strconv.Itoa(b.Total), strconv.FormatFloat(b.Share, 'f', -1, 64)})
	}
	return rows
}
