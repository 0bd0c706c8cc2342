package main

import (
	"fmt"
	"strings"

	"github.com/newsfind/newsfind"
)

// queryFlags are the flags that say what to search, shared by search and
// export so that both read a query alike.
type queryFlags struct {
	countries, commodities, aboutCountries, aboutCommodities, sources, langs listFlag

	lineage                           *bool
	from, to, sortBy, scope, distinct *string
}

func addQueryFlags(fs *flagSet) *queryFlags {
	f := &queryFlags{}
	fs.Var(&f.countries, "country", "only articles that mention this country (code or name; repeatable)")
	fs.Var(&f.commodities, "commodity", "only articles that mention this commodity (repeatable)")
	fs.Var(&f.aboutCountries, "about-country", "only articles about this country (code or name; repeatable)")
	fs.Var(&f.aboutCommodities, "about-commodity", "only articles about this commodity (repeatable)")
	f.lineage = fs.Bool("lineage", false, "country filters include former and successor states (RU with the Soviet Union, SU)")
	fs.Var(&f.sources, "source", "only articles from this source (repeatable)")
	fs.Var(&f.langs, "lang", "only articles in this language, a BCP 47 tag such as de or pt-BR (repeatable; detected when an article does not give it)")
	f.from = fs.String("from", "", "only articles published on or after this day (YYYY-MM-DD)")
	f.to = fs.String("to", "", "only articles published on or before this day (YYYY-MM-DD)")
	f.sortBy = fs.String("sort", "relevance", "relevance or date")
	f.scope = fs.String("scope", string(newsfind.DefaultScope), "article (each word somewhere in the article) or passage (all in one passage)")
	f.distinct = fs.String("distinct", "article", "article (every article) or story (one hit per story: the copies of one text counted once)")
	return f
}

// query is the query the flags and the words say.
func (f *queryFlags) query(words []string) (newsfind.Query, error) {
	q := newsfind.Query{Text: strings.Join(words, " "), Countries: f.countries, Commodities: f.commodities,
		AboutCountries: f.aboutCountries, AboutCommodities: f.aboutCommodities, Lineage: *f.lineage, Sources: f.sources, Langs: f.langs,
		Sort: newsfind.Sort(*f.sortBy), Scope: newsfind.Scope(*f.scope)}
	switch d := strings.ToLower(strings.TrimSpace(*f.distinct)); d {
	case "article", "":
	case "story":
		q.Distinct = newsfind.DistinctStory
	default:
		return q, fmt.Errorf("--distinct %q: use article or story", *f.distinct)
	}
	var err error
	if q.From, err = flagDay("from", *f.from); err != nil {
		return q, err
	}
	q.To, err = flagDay("to", *f.to)
	return q, err
}
