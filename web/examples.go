package web

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/newsfind/newsfind"
)

// example is a query offered on the home page and on empty results.
type example struct{ Label, Href string }

func exampleOf(text string) example {
	return example{Label: text, Href: "/search?q=" + url.QueryEscape(text)}
}

// fallbackExamples are offered when the corpus cannot be asked: they
// answer on the seeds, which a new server starts with.
var fallbackExamples = []example{
	exampleOf("tariffs"), exampleOf(`"rare earth"`), exampleOf("C5+1 summit"), exampleOf("uranium country:KZ"),
}

// Bounds on drawing examples from the corpus: a few searches at most,
// once a while, so that the home page costs what it did.
const (
	maxExamples     = 4
	maxExampleTries = 10
	examplesTTL     = 5 * time.Minute
	exampleFacets   = 6 // facet values looked at per facet
)

// exampleCache keeps the examples drawn from the corpus for examplesTTL:
// the corpus grows with every ingest, so they are drawn again after it.
type exampleCache struct {
	mu   sync.Mutex
	at   time.Time
	list []example
}

// examples returns queries that answer on the corpus being served: its
// commonest subjects as words, one with a country filter, a quoted
// phrase and a source filter, each tried before it is offered. They are
// the fallback list when the corpus cannot be searched, and none when it
// is empty.
func (s *Server) examples(ctx context.Context) []example {
	c := &s.exampleCache
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.list != nil && time.Since(c.at) < examplesTTL {
		return c.list
	}
	list, err := s.drawExamples(ctx)
	if err != nil {
		return fallbackExamples // not kept: the next page tries again
	}
	c.list, c.at = list, time.Now()
	return list
}

func (s *Server) drawExamples(ctx context.Context) ([]example, error) {
	res, err := s.corpus.Search(ctx, newsfind.Query{Size: 1, FacetSize: exampleFacets})
	if err != nil {
		return nil, err
	}
	f := res.Facets
	commodities := append(append([]newsfind.FacetValue(nil), f.AboutCommodity...), f.Commodity...)
	countries := append(append([]newsfind.FacetValue(nil), f.AboutCountry...), f.Country...)
	var cands []string
	word := func(v newsfind.FacetValue) string { return strings.ToLower(labelOr(v.Label, v.Value)) }
	if len(commodities) > 0 {
		cands = append(cands, word(commodities[0]))
	}
	// The syntax the hint explains, on this corpus: a filter field, a
	// quoted phrase, a source.
	if len(commodities) > 1 && len(countries) > 0 {
		cands = append(cands, word(commodities[1])+" country:"+countries[0].Value)
	}
	for _, v := range commodities[min(1, len(commodities)):] {
		if w := word(v); strings.Contains(w, " ") {
			cands = append(cands, `"`+w+`"`)
			break
		}
	}
	if len(f.Source) > 1 {
		cands = append(cands, `source:"`+f.Source[0].Value+`"`)
	}
	// Then the other subjects, until there are enough.
	for i := 1; i < max(len(commodities), len(countries)); i++ {
		if i < len(commodities) {
			cands = append(cands, word(commodities[i]))
		}
		if i < len(countries) {
			cands = append(cands, labelOr(countries[i].Label, countries[i].Value))
		}
	}
	list := []example{}
	seen := map[string]bool{}
	tries := 0
	for _, text := range cands {
		if len(list) == maxExamples || tries == maxExampleTries {
			break
		}
		// Not a subject already offered ("wheat" beside "wheat country:AU").
		if seen[text] || slices.ContainsFunc(list, func(e example) bool { return strings.Contains(e.Label, strings.Trim(text, `"`)) }) {
			continue
		}
		seen[text] = true
		tries++
		r, err := s.corpus.Search(ctx, newsfind.Query{Text: text, Size: 1, FacetSize: 1})
		if err != nil {
			if ctx.Err() != nil {
				return nil, err
			}
			continue // a label the query syntax reads otherwise
		}
		if r.TotalArticles > 0 {
			list = append(list, exampleOf(text))
		}
	}
	return list, nil
}
