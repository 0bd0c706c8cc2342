package wire

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/newsfind/newsfind"
)

// TestArticleEveryField: every field of a newsfind.Article survives the
// wire, as JSON, and back. (client's TestAddEveryField takes the same
// walk through a real server and store.)
func TestArticleEveryField(t *testing.T) {
	var a newsfind.Article
	fill(t, &a, nil)
	b, err := json.Marshal(NewArticle(&a))
	if err != nil {
		t.Fatal(err)
	}
	var w Article
	if err := json.Unmarshal(b, &w); err != nil {
		t.Fatal(err)
	}
	pub, err := ParseDay(&w.Published)
	if err != nil {
		t.Fatal(err)
	}
	if got := w.Domain(pub); !reflect.DeepEqual(got, a) {
		t.Errorf("sent  %+v\nas %s\ngot %+v", a, b, got)
	}
}

// TestUndatedArticle: an unknown day is left out, not sent as year 1.
func TestUndatedArticle(t *testing.T) {
	b, err := json.Marshal(NewArticle(&newsfind.Article{ID: "x", Body: "b"}))
	if err != nil || string(b) != `{"id":"x","body":"b"}` {
		t.Errorf("%v %s", err, b)
	}
}
