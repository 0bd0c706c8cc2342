package client_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/web"
)

// validValues are the fields whose value Normalize checks (a URL, a
// language tag, tags of the vocabulary, a day in the date window): the
// others get a value made up from their name.
var validValues = map[string]any{
	"ID":          "roundtrip-1",
	"URL":         "https://example.com/roundtrip",
	"Lang":        "de",
	"Published":   time.Date(2025, 11, 6, 0, 0, 0, 0, time.UTC),
	"Countries":   []string{"KZ"},
	"Commodities": []string{"uranium"},
}

// fullArticle fills every exported field of newsfind.Article with a
// distinct non-zero value, by reflection, so that a field added to
// Article is sent by the round trip below without anyone remembering to.
// A field of a kind it does not know stops the test: teach it one.
func fullArticle(t *testing.T) newsfind.Article {
	t.Helper()
	var a newsfind.Article
	v := reflect.ValueOf(&a).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		if val, ok := validValues[f.Name]; ok {
			v.Field(i).Set(reflect.ValueOf(val))
			continue
		}
		switch f.Type.Kind() {
		case reflect.String:
			v.Field(i).SetString(fmt.Sprintf("%s value %d", f.Name, i))
		default:
			t.Fatalf("Article.%s is a %s: give fullArticle a value for it", f.Name, f.Type)
		}
	}
	return a
}

// TestAddEveryField: an article with every field set, sent by the client
// to a real server over a real engine, is stored with every field, and
// GET /api/articles/{id} gives every field back. Dateline and lang were
// lost on the way once (the client's wire type had neither).
func TestAddEveryField(t *testing.T) {
	s := newSeedServer(t, web.Options{}, nil)
	ctx := context.Background()
	sent := fullArticle(t)
	outs, err := s.client.Add(ctx, []newsfind.Article{sent})
	if err != nil || len(outs) != 1 || outs[0].Status != newsfind.StatusCreated {
		t.Fatalf("add: %v %+v", err, outs)
	}
	stored, err := s.eng.Searcher().Document(ctx, sent.ID)
	if err != nil {
		t.Fatal(err)
	}
	answered, err := s.client.Document(ctx, sent.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := reflect.ValueOf(sent)
	for i := range want.NumField() {
		name := want.Type().Field(i).Name
		w := want.Field(i).Interface()
		if g := reflect.ValueOf(stored.Article).Field(i).Interface(); !same(g, w) {
			t.Errorf("stored %s = %#v, sent %#v", name, g, w)
		}
		if !answers(answered, name, w) {
			t.Errorf("GET /api/articles/{id}: %s is not %#v in %+v", name, w, answered)
		}
	}
}

// answers reports whether the API's article gives back field name as
// sent. The API sends no body (its passages are the body) and sends the
// given tags among the found ones, in the fields that shadow them.
func answers(d *newsfind.Document, name string, want any) bool {
	switch name {
	case "Body":
		return slices.ContainsFunc(d.Passages, func(p newsfind.Passage) bool { return p.Text == want })
	case "Countries":
		return contains(d.Countries, want.([]string))
	case "Commodities":
		return contains(d.Commodities, want.([]string))
	}
	return same(reflect.ValueOf(d.Article).FieldByName(name).Interface(), want)
}

func contains(got, want []string) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}

func same(got, want any) bool {
	if t, ok := want.(time.Time); ok {
		return t.Equal(got.(time.Time))
	}
	return reflect.DeepEqual(got, want)
}
