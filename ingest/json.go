package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/wire"
)

// Item is one article read from an input, or why it could not be read.
// Index is its position in the input (0-based: the element of a JSON array,
// the line of NDJSON, the item of a feed), so that an error names it.
type Item struct {
	Index   int
	Article newsfind.Article
	Err     error // an *newsfind.Error (EINVALID) when the item was refused
	// Warnings say what of the item was left out though the article was
	// read (an unknown JSON field); Add puts them in the item's outcome.
	Warnings []string
}

// Options tune how input is read.
type Options struct {
	// By default an unknown JSON field is left out with a warning in the
	// item's outcome: datasets carry fields of their own, and one of them
	// is no reason to refuse a corpus, while a typo ("pubished") must not
	// lose data silently. Strict refuses the item instead; Lenient leaves
	// unknown fields out without a warning.
	Strict  bool
	Lenient bool
	// URL is the address an HTML page was fetched from, when known.
	URL string
	// MaxItems, when not 0, bounds the items of one input: one with more
	// is refused whole with ETOOLARGE ("max_articles_per_request"), read
	// no further than the first item past the bound.
	MaxItems int
}

// jsonArticle is an article as it arrives in JSON: the API's article
// (wire.Article, whose Published is a string so that a bad date is
// reported by ParseDate's message, not by encoding/json), and the fields
// of the datasets it is read from.
type jsonArticle struct {
	wire.Article

	// The Reuters-21578 corpus (../shared/corpora) carries these too. They
	// are accepted only on items that have its marker field lewissplit, so
	// that they stay unknown fields everywhere else; see fromReuters.
	LewisSplit *string          `json:"lewissplit"`
	DateRaw    *json.RawMessage `json:"date_raw"`
	Places     *json.RawMessage `json:"places"`
	Topics     *json.RawMessage `json:"topics"`
	Orgs       *json.RawMessage `json:"orgs"`
	People     *json.RawMessage `json:"people"`
	Exchanges  *json.RawMessage `json:"exchanges"`
	Companies  *json.RawMessage `json:"companies"`
	CGISplit   *json.RawMessage `json:"cgisplit"`
	TopicsAttr *json.RawMessage `json:"topics_attr"`
	OldID      *json.RawMessage `json:"oldid"`
	TextType   *json.RawMessage `json:"text_type"`
	SourceFile *json.RawMessage `json:"source_file"`
	Withheld   *json.RawMessage `json:"labels_withheld"`

	// Fields of common news datasets, each read when the article's own
	// field is not given: see fromDataset.
	datasetFields
}

// reutersOnly returns the name of a Reuters-only field the item has, "" if none.
func (j *jsonArticle) reutersOnly() string {
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"date_raw", j.DateRaw != nil}, {"places", j.Places != nil},
		{"topics", j.Topics != nil}, {"orgs", j.Orgs != nil}, {"people", j.People != nil},
		{"exchanges", j.Exchanges != nil}, {"companies", j.Companies != nil}, {"cgisplit", j.CGISplit != nil},
		{"topics_attr", j.TopicsAttr != nil}, {"oldid", j.OldID != nil}, {"text_type", j.TextType != nil},
		{"source_file", j.SourceFile != nil}, {"labels_withheld", j.Withheld != nil},
	} {
		if f.set {
			return f.name
		}
	}
	return ""
}

// ParseJSON reads articles from JSON: one object, an array of objects, or
// NDJSON (one object per line). An item that is not a valid article (an
// unknown field, a wrong type, a bad date) becomes an Item with Err; input
// that is not JSON at all, or breaks off, is an error for the whole input,
// since nothing after a syntax error can be trusted to line up.
//
// Items are decoded one at a time, so that no copy of the whole input is
// held beside the articles; with opt.MaxItems, reading stops at the first
// item past it, and the input is refused (ETOOLARGE) before it costs more.
func ParseJSON(data []byte, opt Options) ([]Item, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, newsfind.Errorf(newsfind.EINVALID, "no articles: the JSON input is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	array := trimmed[0] == '['
	where := func(n int) string {
		if array {
			return "the JSON array"
		}
		return fmt.Sprintf("item %d", n)
	}
	if array {
		if _, err := dec.Token(); err != nil {
			return nil, jsonSyntax(err, where(0))
		}
	}
	var items []Item
	for {
		if array && !dec.More() {
			break
		}
		var r json.RawMessage
		err := dec.Decode(&r)
		if !array && errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, jsonSyntax(err, where(len(items)))
		}
		if opt.MaxItems > 0 && len(items) == opt.MaxItems {
			return nil, tooManyItems(opt.MaxItems)
		}
		it := Item{Index: len(items)}
		it.Article, it.Warnings, it.Err = decodeArticle(r, opt)
		items = append(items, it)
	}
	if array {
		// The closing bracket, then nothing but the end.
		if _, err := dec.Token(); err != nil {
			return nil, jsonSyntax(err, where(len(items)))
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			if err == nil {
				err = fmt.Errorf("invalid character after the end of the array at byte %d", dec.InputOffset())
			}
			return nil, jsonSyntax(err, where(len(items)))
		}
	}
	return items, nil
}

// tooManyItems refuses an input of more than max items.
func tooManyItems(max int) error {
	return newsfind.LimitErrorf(newsfind.ETOOLARGE, "max_articles_per_request",
		"the input has more than %d articles (max_articles_per_request): nothing was stored; send them in several requests (newsfind ingest --server does)", max)
}

func jsonSyntax(err error, where string) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return newsfind.Errorf(newsfind.EINVALID, "invalid JSON in %s at byte %d: %s", where, se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return newsfind.Errorf(newsfind.EINVALID, "invalid JSON in %s: the input ends in the middle of a value", where)
	}
	return newsfind.Errorf(newsfind.EINVALID, "invalid JSON in %s: %s", where, strings.TrimPrefix(err.Error(), "json: "))
}

func decodeArticle(raw json.RawMessage, opt Options) (a newsfind.Article, warnings []string, err error) {
	if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
		return a, nil, newsfind.Errorf(newsfind.EINVALID, "an article must be a JSON object")
	}
	var j jsonArticle
	// Strict first: input with no unknown field (most) is read once.
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	err = dec.Decode(&j)
	if err != nil && strings.HasPrefix(err.Error(), "json: unknown field ") {
		if opt.Strict {
			return a, nil, newsfind.Errorf(newsfind.EINVALID, "%s (refused as strict input; by default it is left out with a warning)", strings.TrimPrefix(err.Error(), "json: "))
		}
		j = jsonArticle{}
		if err = json.Unmarshal(raw, &j); err == nil && !opt.Lenient {
			warnings = unknownFields(raw)
		}
	}
	if err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			// te.Field is a path through the embedded structs
			// ("Article.countries"); every field of an article is at its
			// top level, so the last step is the name the sender gave.
			field := te.Field[strings.LastIndexByte(te.Field, '.')+1:]
			return a, nil, newsfind.Errorf(newsfind.EINVALID, "field %q must be %s, not a JSON %s", field, jsonKind(te.Type.String()), te.Value)
		}
		return a, nil, newsfind.Errorf(newsfind.EINVALID, "%s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if j.LewisSplit == nil {
		if f := j.reutersOnly(); f != "" {
			if opt.Strict {
				return a, nil, newsfind.Errorf(newsfind.EINVALID, "unknown field %q", f)
			}
			if !opt.Lenient {
				warnings = append(warnings, fmt.Sprintf("unknown field %q left out", f))
			}
		}
	}
	dw, err := j.fromDataset(opt.Strict)
	if err != nil {
		return a, nil, err
	}
	warnings = append(warnings, dw...)
	published, err := ParseDate(j.Published)
	if err != nil {
		return a, nil, err
	}
	a = j.Domain(published)
	if j.HTML != "" {
		if j.Body != "" {
			return a, nil, newsfind.Errorf(newsfind.EINVALID, "give either body or html, not both")
		}
		a.Body = HTMLText(j.HTML)
	}
	if j.LewisSplit != nil {
		fromReuters(&a)
	}
	return a, warnings, nil
}

// fromReuters maps a Reuters-21578 story onto an article. Its BRIEF stories
// are a headline only: the headline is the news, so it is their body too
// (else a fifth of the corpus would be refused for a missing body). The
// places and topics codes are not taken as tags: they are Reuters' own
// (west-germany, money-fx) and would show in facets as unknown values; the
// tagger finds the countries and commodities in the text instead.
func fromReuters(a *newsfind.Article) {
	if strings.TrimSpace(a.Body) == "" {
		a.Body = a.Title
	}
}

func jsonKind(goType string) string {
	switch {
	case goType == "string":
		return "a string"
	case strings.HasPrefix(goType, "[]"):
		return "an array"
	case strings.HasPrefix(goType, "*"):
		return jsonKind(goType[1:])
	}
	return goType
}
