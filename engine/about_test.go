package engine_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/store"
)

// TestReindexGivesAboutTags: a data directory written before about tags
// existed (its records and catalog without them) gets them from a re-index,
// which derives every tag from the stored article again, and keeps them
// after a restart.
func TestReindexGivesAboutTags(t *testing.T) {
	dir := t.TempDir()
	e := open(t, dir)
	day := time.Date(1987, 3, 2, 0, 0, 0, 0, time.UTC)
	add(t, e, newsfind.Article{ID: "wire-1", Title: "SOVIET GRAIN IMPORTS SEEN HIGHER", Dateline: "MOSCOW, March 2", Published: day, Source: "Wire",
		Body: "The Soviet Union will import more grain this year, Moscow officials said.\n\nWheat purchases from Canada are expected to rise."})
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}

	// Make it an old directory: records without about tags.
	st, err := store.Open(filepath.Join(dir, "articles.db"), time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var recs []store.Record
	var ids []string
	if err := st.ForEach(func(r store.Record) error {
		r.About = newsfind.TagSet{}
		recs = append(recs, r)
		ids = append(ids, r.Article.ID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.Put(recs); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkIndexed(ids); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	about := func(e interface {
		Searcher() newsfind.Searcher
	}) newsfind.TagSet {
		t.Helper()
		r, err := e.Searcher().Search(context.Background(), newsfind.Query{Text: "wheat", Sources: []string{"Wire"}})
		if err != nil || len(r.Hits) != 1 {
			t.Fatalf("search: %v %+v", err, r)
		}
		return r.Hits[0].About
	}
	want := newsfind.TagSet{Countries: []string{"SU"}, Commodities: []string{"wheat"}}
	e = open(t, dir)
	if got := about(e); !reflect.DeepEqual(got, newsfind.TagSet{}) {
		t.Fatalf("the old directory already has about tags %v: the test does not test", got)
	}
	if err := e.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if got := about(e); !reflect.DeepEqual(got, want) {
		t.Errorf("after re-index: about %v, want %v", got, want)
	}
	r, err := e.Searcher().Search(context.Background(), newsfind.Query{AboutCountries: []string{"Soviet Union"}})
	if err != nil || r.TotalArticles != 1 {
		t.Errorf("about_country=Soviet Union after re-index: %v %d articles, want 1", err, r.TotalArticles)
	}
	checkCounts(t, e)
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e = open(t, dir)
	defer e.Close()
	if got := about(e); !reflect.DeepEqual(got, want) {
		t.Errorf("after restart: about %v, want %v", got, want)
	}
}
