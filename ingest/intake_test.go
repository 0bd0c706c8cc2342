package ingest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/newsfind/newsfind"
)

// refusingWriter refuses the articles whose title starts with REFUSE and
// creates the others, numbering its outcomes as a Writer does: by
// position in what it was given.
type refusingWriter struct {
	calls [][]string // ids given, per call
	err   error
}

func (w *refusingWriter) Add(_ context.Context, arts []newsfind.Article) ([]newsfind.Outcome, error) {
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	w.calls = append(w.calls, ids)
	if w.err != nil {
		return nil, w.err
	}
	outs := make([]newsfind.Outcome, len(arts))
	for i, a := range arts {
		outs[i] = newsfind.Outcome{Index: i, ID: a.ID, Status: newsfind.StatusCreated}
		if strings.HasPrefix(a.Title, "REFUSE") {
			outs[i].Status, outs[i].Error = newsfind.StatusError, "refused by the writer"
		}
	}
	return outs, nil
}

func TestAddNumbersByInputPosition(t *testing.T) {
	bad := newsfind.Errorf(newsfind.EINVALID, "no body")
	items := []Item{
		{Index: 0, Article: newsfind.Article{ID: "a"}, Err: bad},
		{Index: 1, Article: newsfind.Article{ID: "b", Title: "fine"}},
		{Index: 2, Article: newsfind.Article{ID: "c", Title: "REFUSE me"}},
		{Index: 3, Article: newsfind.Article{ID: "d"}, Err: bad},
		{Index: 4, Article: newsfind.Article{ID: "e", Title: "fine"}},
	}
	w := &refusingWriter{}
	outs, err := Add(context.Background(), w, items)
	if err != nil {
		t.Fatal(err)
	}
	want := []newsfind.Outcome{
		{Index: 0, ID: "a", Status: newsfind.StatusError, Error: "no body"},
		{Index: 1, ID: "b", Status: newsfind.StatusCreated},
		{Index: 2, ID: "c", Status: newsfind.StatusError, Error: "refused by the writer"},
		{Index: 3, ID: "d", Status: newsfind.StatusError, Error: "no body"},
		{Index: 4, ID: "e", Status: newsfind.StatusCreated},
	}
	if !reflect.DeepEqual(outs, want) {
		t.Errorf("outcomes\n%+v, want\n%+v", outs, want)
	}
	if len(w.calls) != 1 || !slices.Equal(w.calls[0], []string{"b", "c", "e"}) {
		t.Errorf("writer given %v, want the valid items only, once", w.calls)
	}
}

func TestAddWithoutValidItems(t *testing.T) {
	w := &refusingWriter{}
	items := []Item{{Index: 0, Err: newsfind.Errorf(newsfind.EINVALID, "no body")}}
	outs, err := Add(context.Background(), w, items)
	if err != nil || len(outs) != 1 || outs[0].Status != newsfind.StatusError {
		t.Fatalf("outcomes %+v, %v", outs, err)
	}
	if outs, err := Add(context.Background(), w, nil); err != nil || len(outs) != 0 {
		t.Fatalf("no items: %+v, %v", outs, err)
	}
	if len(w.calls) != 0 {
		t.Errorf("writer called %d times with nothing valid to write", len(w.calls))
	}
}

func TestAddWriterError(t *testing.T) {
	full := newsfind.Errorf(newsfind.ENOSPACE, "disk full")
	w := &refusingWriter{err: full}
	outs, err := Add(context.Background(), w, []Item{{Article: newsfind.Article{ID: "a"}}})
	if !errors.Is(err, full) || outs != nil {
		t.Fatalf("got %+v, %v; want the writer's error", outs, err)
	}
}

func TestIntakeTake(t *testing.T) {
	body := `{"url":"https://news.example/1","title":"fine","body":"Text."}
{"url":"https://news.example/2","title":"REFUSE","body":"Text."}
{"url":"https://news.example/3","title":"typo","bodyy":"Text."}
`
	w := &refusingWriter{}
	outs, err := Intake{}.Take(context.Background(), w, []byte(body), "", "application/x-ndjson", newsfind.IntakeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range outs {
		got = append(got, o.Status)
	}
	// The unknown field is left out with a warning: the writer then
	// has the article (a real one refuses it for its missing body).
	if want := []string{newsfind.StatusCreated, newsfind.StatusError, newsfind.StatusCreated}; !slices.Equal(got, want) ||
		!slices.Equal(outs[2].Warnings, []string{`unknown field "bodyy" left out`}) || outs[0].Warnings != nil {
		t.Errorf("statuses %v, want %v, and the warning on item 2 only (%+v)", got, want, outs)
	}
	if outs, err = (Intake{}).Take(context.Background(), w, []byte(body), "", "application/x-ndjson", newsfind.IntakeOptions{Strict: true}); err != nil ||
		outs[2].Status != newsfind.StatusError || !strings.Contains(outs[2].Error, `unknown field "bodyy"`) {
		t.Errorf("strict: %+v, %v", outs, err)
	}
	if outs, err = (Intake{}).Take(context.Background(), w, []byte(body), "", "application/x-ndjson", newsfind.IntakeOptions{Lenient: true}); err != nil ||
		outs[2].Status != newsfind.StatusCreated || outs[2].Warnings != nil {
		t.Errorf("lenient: %+v, %v", outs, err)
	}
	if _, err := (Intake{}).Take(context.Background(), w, []byte("plain words"), "", "", newsfind.IntakeOptions{}); newsfind.ErrorCode(err) != newsfind.EINVALID {
		t.Errorf("unknown format: %v, want EINVALID", err)
	}
}
