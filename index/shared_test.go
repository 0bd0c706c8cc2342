package index

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/seeds"
	"github.com/newsfind/newsfind/tagger"
)

// TestSharedAnalysisIsTheSame: the text and forms fields analysed once,
// together, get exactly the terms, frequencies and locations Bleve's own
// analysis of each gives, in every language, on the seeds, on passages in
// other languages, and on Reuters.
func TestSharedAnalysisIsTheSame(t *testing.T) {
	arts, err := seeds.Articles()
	if err != nil {
		t.Fatal(err)
	}
	arts = append(arts,
		newsfind.Article{ID: "de", Lang: "de", Title: "Zölle auf Seltene Erden",
			Body: "Die Regierungen verhandelten über Zölle. Die Exporte seltener Erden stiegen, sagten die Händler."},
		newsfind.Article{ID: "fr", Lang: "fr", Title: "Les terres rares",
			Body: "Les exportations de terres rares ont augmenté, ont déclaré les négociants à Pékin."},
		newsfind.Article{ID: "es", Lang: "es", Title: "Aranceles",
			Body: "Los gobiernos negociaron los aranceles sobre las tierras raras y los minerales críticos."},
	)
	if items, err := ingest.ParseJSON(corpus.Read(t, "reuters21578.jsonl.gz"), ingest.Options{}); err == nil {
		for i, it := range items {
			if it.Err == nil && i%20 == 0 {
				arts = append(arts, it.Article)
			}
		}
	}
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	s := &sharedAnalysis{mapping: m}
	shared, breaks, langs := 0, 0, map[string]bool{}
	for _, a := range arts {
		d := derive.Prepare(tg, a)
		err := EachPassageDoc(&d, func(id string, doc any) error {
			plain := document.NewDocument(id)
			if err := m.MapDocument(plain, doc); err != nil {
				return err
			}
			both, err := s.document(id, doc)
			if err != nil {
				return err
			}
			for _, f := range both.Fields {
				if _, ok := f.(*stemmedField); ok {
					shared++
				}
			}
			for i, f := range plain.Fields {
				g := both.Fields[i]
				f.Analyze()
				g.Analyze()
				if f.Name() != g.Name() || f.AnalyzedLength() != g.AnalyzedLength() {
					return fmt.Errorf("%s field %s: length %d, shared %s %d", id, f.Name(), f.AnalyzedLength(), g.Name(), g.AnalyzedLength())
				}
				ff, gf := f.AnalyzedTokenFrequencies(), g.AnalyzedTokenFrequencies()
				if f.Name() == FieldForms {
					// The forms field keeps positions, not offsets.
					ff = positionsOnly(ff)
					// An English passage's forms field keeps only the
					// forms unlike the stem at their position (sparse.go).
					if tf, ok := f.(*document.TextField); ok && s.isSparse(tf.Analyzer()) {
						ff = withoutStems(ff, plainText(plain))
					}
					// The breaks are the shared fields' own (breaks_test.go).
					gf = maps.Clone(gf)
					for term, tf := range gf {
						if strings.HasPrefix(term, PhraseBreak) {
							breaks += len(tf.Locations)
							delete(gf, term)
						}
					}
				}
				if a, b := freqString(ff), freqString(gf); !slices.Equal(a, b) {
					return fmt.Errorf("%s field %s:\n  alone  %q\n  shared %q", id, f.Name(), a, b)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		langs[d.Lang] = true
	}
	if shared == 0 || breaks == 0 {
		t.Fatalf("%d passages shared their analysis, %d phrase breaks", shared, breaks)
	}
	for _, l := range []string{"de", "fr", "es"} {
		if !langs[l] {
			t.Errorf("no passage in %s was compared", l)
		}
	}
	t.Logf("%d passages of %d articles analysed once for both fields", shared, len(arts))
}

// plainText is the text field's frequencies of a document Bleve analysed.
func plainText(d *document.Document) bindex.TokenFrequencies {
	for _, f := range d.Fields {
		if f.Name() == FieldText {
			f.Analyze()
			return f.AnalyzedTokenFrequencies()
		}
	}
	return nil
}

// withoutStems drops from forms the locations where text has the same
// term at the same position.
func withoutStems(forms, text bindex.TokenFrequencies) bindex.TokenFrequencies {
	out := bindex.TokenFrequencies{}
	for term, tf := range forms {
		var keep []*bindex.TokenLocation
		for _, l := range tf.Locations {
			same := false
			if st := text[term]; st != nil {
				for _, m := range st.Locations {
					same = same || m.Position == l.Position
				}
			}
			if !same {
				keep = append(keep, l)
			}
		}
		if len(keep) > 0 {
			out[term] = &bindex.TokenFreq{Term: tf.Term, Locations: keep}
			out[term].SetFrequency(len(keep))
		}
	}
	return out
}

// freqString lists token frequencies as sortable strings.
func freqString(tfs bindex.TokenFrequencies) []string {
	var out []string
	for term, tf := range tfs {
		s := fmt.Sprintf("%s×%d", term, tf.Frequency())
		for _, l := range tf.Locations {
			s += fmt.Sprintf(" %d:%d-%d%v", l.Position, l.Start, l.End, l.ArrayPositions)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

// TestFormsKeepPositionsNotOffsets: the forms field's locations say where
// each word stands (a phrase needs that) and carry no byte offsets (the
// marks come from the text field's), shared or analysed alone; the text
// field keeps its offsets.
func TestFormsKeepPositionsNotOffsets(t *testing.T) {
	m, err := NewMapping()
	if err != nil {
		t.Fatal(err)
	}
	s := &sharedAnalysis{mapping: m}
	d := newsfind.Document{Article: newsfind.Article{ID: "a"},
		Passages: []newsfind.Passage{{Index: 1, Text: "The Bank of England said, on Monday, that oil prices rose."}}}
	for _, alone := range []bool{false, true} {
		err := EachPassageDoc(&d, func(id string, doc any) error {
			bd, err := s.document(id, doc)
			if err != nil {
				return err
			}
			for _, f := range bd.Fields {
				if alone {
					if sf, ok := f.(*stemmedField); ok {
						sf.forms.done = false // the forms field analyses itself
						continue
					}
				}
				f.Analyze()
			}
			for _, f := range bd.Fields {
				switch f.Name() {
				case FieldForms:
					f.Analyze()
					prices := f.AnalyzedTokenFrequencies()["prices"]
					if prices == nil || len(prices.Locations) != 1 || prices.Locations[0].Position != 10 {
						t.Errorf("alone %v: forms location of prices %+v, want position 10", alone, prices)
					}
					for term, tf := range f.AnalyzedTokenFrequencies() {
						for _, l := range tf.Locations {
							if l.Start != 0 || l.End != 0 {
								t.Errorf("alone %v: forms term %q at %d keeps offsets %d-%d", alone, term, l.Position, l.Start, l.End)
							}
						}
					}
				case FieldText:
					if alone {
						continue
					}
					oil := f.AnalyzedTokenFrequencies()["oil"]
					if oil == nil || len(oil.Locations) != 1 || oil.Locations[0].Start != 42 || oil.Locations[0].End != 45 {
						t.Errorf("text location of oil %+v, want bytes 42-45", oil)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
