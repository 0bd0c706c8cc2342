package ingest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/newsfind/newsfind"
)

// datasetFields are the fields that common news datasets name their own
// way (HuffPost's News Category Dataset: headline, link, date,
// short_description, authors, category; NewsAPI's author, description;
// many CMS exports' section), read by fromDataset. Each stands in for
// one of newsfind's when it is not given. (Section, the field CMS exports
// and newsfind share, is wire.Article's: two fields of one JSON name would
// cancel each other out.)
type datasetFields struct {
	Category         json.RawMessage `json:"category"` // a name or a list of names
	Authors          json.RawMessage `json:"authors"`  // a name, a list of names, or of {"name": …}
	Author           json.RawMessage `json:"author"`
	Headline         string          `json:"headline"`
	Link             string          `json:"link"`
	Date             string          `json:"date"`
	ShortDescription string          `json:"short_description"`
	Description      string          `json:"description"`
}

// fromDataset fills the article's fields from the dataset fields where the
// article does not give its own: byline from authors (or author), section
// from category, title from headline, url from link, published from date,
// body from short_description or description when there is neither body
// nor html. A dataset field of a shape it cannot have (authors as a
// number) is left out with a warning, or refuses the item when strict.
func (j *jsonArticle) fromDataset(strict bool) (warnings []string, err error) {
	bad := func(field, want string) error {
		if strict {
			return newsfind.Errorf(newsfind.EINVALID, "field %q must be %s", field, want)
		}
		warnings = append(warnings, fmt.Sprintf("field %q left out: it must be %s", field, want))
		return nil
	}
	if j.Byline == "" {
		for _, f := range []struct {
			name string
			raw  json.RawMessage
		}{{"authors", j.Authors}, {"author", j.Author}} {
			names, ok := nameList(f.raw)
			if !ok {
				if err := bad(f.name, "a name or a list of names"); err != nil {
					return nil, err
				}
				continue
			}
			if len(names) > 0 {
				// A dataset's list of authors may be long; it is no
				// reason to refuse the article (a byline given as such
				// over the cap is refused, since its sender can fix it).
				j.Byline = clipByline(strings.Join(names, ", "))
				break
			}
		}
	}
	if j.Section == "" {
		names, ok := nameList(j.Category)
		if !ok {
			if err := bad("category", "a name or a list of names"); err != nil {
				return nil, err
			}
		}
		j.Section = strings.Join(names, ", ")
	}
	for _, f := range []struct {
		to   *string
		from string
	}{{&j.Title, j.Headline}, {&j.URL, j.Link}, {&j.Published, j.Date}} {
		if strings.TrimSpace(*f.to) == "" {
			*f.to = f.from
		}
	}
	if j.Body == "" && j.HTML == "" {
		j.Body = j.ShortDescription
		if strings.TrimSpace(j.Body) == "" {
			j.Body = j.Description
		}
	}
	return warnings, nil
}

// nameList reads a name, a list of names or a list of objects with a
// "name"; ok is false for any other JSON. Empty names are dropped.
func nameList(raw json.RawMessage) (names []string, ok bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, true
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		if one = strings.TrimSpace(one); one != "" {
			names = append(names, one)
		}
		return names, true
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		return nil, false
	}
	for _, e := range list {
		var s string
		var obj struct {
			Name string `json:"name"`
		}
		switch {
		case json.Unmarshal(e, &s) == nil:
		case json.Unmarshal(e, &obj) == nil:
			s = obj.Name
		default:
			return nil, false
		}
		if s = strings.TrimSpace(s); s != "" {
			names = append(names, s)
		}
	}
	return names, true
}

// knownFields are the JSON names of every field jsonArticle reads.
var knownFields = func() map[string]bool {
	m := map[string]bool{}
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for f := range t.Fields() {
			if f.Anonymous {
				add(f.Type)
				continue
			}
			if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
				m[strings.ToLower(name)] = true
			}
		}
	}
	add(reflect.TypeFor[jsonArticle]())
	return m
}()

// unknownFields returns a warning for each field of an object that no
// field of jsonArticle reads, in name order.
func unknownFields(raw json.RawMessage) []string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	var names []string
	for k := range obj {
		if !knownFields[strings.ToLower(k)] { // encoding/json matches names in any case
			names = append(names, k)
		}
	}
	slices.Sort(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("unknown field %q left out", newsfind.Echo(n))
	}
	return out
}
