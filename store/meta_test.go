package store

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
)

// TestMetaJSONUnchanged: Meta is persisted in the meta bucket, so its JSON
// must stay what stores written before newsfind.Summary existed hold. The
// wants are those stores' bytes; decoding them must give the Meta back.
func TestMetaJSONUnchanged(t *testing.T) {
	tests := []struct {
		rec  Record
		want string
	}{
		{Record{Article: newsfind.Article{ID: "a1", URL: "https://x.test/a", Title: "Türkiye’s “rare-earth” exports", Source: "TRT World",
			Byline: "By Jane Doe", Published: time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC), DateNote: "d", Body: "body"},
			Countries: []string{"TR"}, Commodities: []string{"rare-earths"}, Passages: 3},
			`{"id":"a1","title":"Türkiye’s “rare-earth” exports","url":"https://x.test/a","source":"TRT World","byline":"By Jane Doe","published":"2025-11-06T00:00:00Z","date_note":"d","countries":["TR"],"commodities":["rare-earths"],"passages":3}`},
		{Record{Article: newsfind.Article{ID: "a2", Title: "t", Body: "b"}, Passages: 1},
			`{"id":"a2","title":"t","url":"","source":"","published":"0001-01-01T00:00:00Z","countries":null,"commodities":null,"passages":1}`},
	}
	for _, tt := range tests {
		m := MetaOf(&tt.rec)
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("Meta of %s:\n got %s\nwant %s", tt.rec.Article.ID, b, tt.want)
		}
		var back Meta
		if err := json.Unmarshal([]byte(tt.want), &back); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(back, m) {
			t.Errorf("decoded %s: got %+v, want %+v", tt.rec.Article.ID, back, m)
		}
	}
}
