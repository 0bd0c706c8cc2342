package wire

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

func TestTimelineParams(t *testing.T) {
	q := newsfind.TimelineQuery{Query: newsfind.Query{Text: "cocoa", Countries: []string{"CI"}, Distinct: newsfind.DistinctStory,
		From: time.Date(1987, 3, 1, 0, 0, 0, 0, time.UTC)}, Interval: newsfind.IntervalWeek, By: "about_country", Top: 7}
	got, err := ParseTimeline(TimelineValues(q))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, q) {
		t.Errorf("round trip: %+v, want %+v", got, q)
	}
	for _, bad := range []string{"interval=fortnight", "interval=day&colour=red", "by=colour", "by=source&top=500", "top=0", "top=x"} {
		v, _ := url.ParseQuery(bad)
		_, err := ParseTimeline(v)
		name := strings.SplitN(strings.Split(bad, "&")[len(strings.Split(bad, "&"))-1], "=", 2)[0]
		if newsfind.ErrorCode(err) != newsfind.EINVALID || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: %v, want an invalid error naming %s", bad, err, name)
		}
	}
	if _, err := ParseQuery(url.Values{"interval": {"day"}}); err == nil {
		t.Error("search took interval=")
	}
}
