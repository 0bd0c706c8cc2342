package tagger

import (
	"strings"
	"time"
)

// Article is an article's text as the tagger weighs it: where a name
// stands (title, dateline, lead) says as much as how often it is named.
type Article struct {
	Title    string
	Dateline string   // "NEW YORK, March 3": the place the story was filed from
	Body     []string // the passages of the body, the lead first
	// Published dates the text, so that a 1987 "Moscow" is the Soviet
	// Union (AsOf); zero when unknown.
	Published time.Time
}

// ArticleTags are the two sets of tags of an article, and the evidence
// the about set was decided on.
type ArticleTags struct {
	Title, Dateline Tags
	Body            []Tags // one per body passage
	// Mentions is every country and commodity named anywhere in the
	// article, the dateline included.
	Mentions Tags
	// About is what the article is about (about.go): a subset of Mentions.
	About Tags
	// Signals are the evidence for each value of Mentions, in the order of
	// Mentions' countries and then its commodities.
	Signals []Signal
	// Kind is what kind of news the title reads as: "company" (results,
	// dividends, takeovers), "economy" (trade, prices, money) or "market"
	// (data/about.tsv). In company news a commodity named is the firm's
	// business, in economy news an item of the figures, not the subject.
	Kind string
}

// Signal is what the article shows of one tag value.
type Signal struct {
	Value     string // country code or commodity slug
	Commodity bool
	Title     bool // named in the title
	Dateline  bool // named in the dateline (countries only)
	Lead      bool // named in the first body passage
	Count     int  // times named in the body
	Passages  int  // body passages naming it
	First     int  // the first body passage naming it, -1 if none
	Listed    bool // named in a list of countries (commodities) in the body
	// Related counts the commodity's namings as a firm's business ("oil
	// and gas properties") anywhere in the article; they are not in
	// Title, Lead or Count.
	Related int
	// Rules names the about rules that hold for it (AboutRules); none
	// when the article only mentions it.
	Rules []string

	// Score is the about model's probability that the article is about
	// this commodity (aboutmodel.go); it is about it when Score reaches
	// the model's threshold. Zero for countries, and without a model.
	Score float64

	// Share is Count over all the body's namings of the same facet: how
	// much of the story's talk of countries (or commodities) is this one.
	Share float64

	at [2]int32 // the first body naming's bytes in passage First
}

// evidence is what the parts of an article show of one country or
// commodity index, before AsOf folds indexes together.
type evidence struct {
	title, dateline, lead, count, related int32
	passages, first                       int32    // first: 1 + the first body passage naming it
	lastPassage                           int32    // 1 + the last body passage counted in passages
	at                                    [2]int32 // the first body naming's bytes in its passage
	listed                                bool
}

// TagArticle tags each part of an article and decides what it is about.
func (t *Tagger) TagArticle(a Article) ArticleTags {
	var out ArticleTags
	var all hits
	// The evidence per facet and index: an article names few values, so a
	// short list searched in order beats an array of every index.
	type entry struct {
		facet uint8
		id    uint16
		evidence
	}
	evs := make([]entry, 0, 16)
	find := func(facet uint8, id uint16) *evidence {
		for i := range evs {
			if evs[i].facet == facet && evs[i].id == id {
				return &evs[i].evidence
			}
		}
		evs = append(evs, entry{facet: facet, id: id})
		return &evs[len(evs)-1].evidence
	}
	var buf []naming

	// part records the namings of the last scan with record, and returns
	// the part's tags.
	part := func(h *hits, record func(n naming, e *evidence)) Tags {
		for _, n := range buf {
			facet := uint8(0)
			if n.what != namedCountry {
				facet = 1
			}
			record(n, find(facet, n.id))
		}
		all.countries.or(&h.countries)
		all.commodities.or(&h.commodities)
		return t.asOf(t.tags(h), a.Published)
	}
	scan := func(text string) *hits {
		buf = buf[:0]
		h := &hits{namings: &buf}
		t.scan(text, h)
		return h
	}

	out.Title = part(scan(a.Title), func(n naming, e *evidence) {
		if n.what == namedRelated {
			e.related++
		} else {
			e.title++
		}
	})
	// In "LEAR PETROLEUM PARTNERS <LPP> 4TH QTR LOSS" the words before the
	// ticker are the company's name: its commodities are its business.
	for _, name := range tickerNames(a.Title) {
		scan(name)
		for _, n := range buf {
			if n.what != namedCommodity {
				continue
			}
			for i := range evs {
				if e := &evs[i]; e.facet == 1 && e.id == n.id && e.title > 0 {
					e.title--
					e.related++
				}
			}
		}
	}
	out.Dateline = part(t.dateline(a.Dateline, scan), func(n naming, e *evidence) {
		if n.what == namedCountry {
			e.dateline++
		}
	})
	out.Body = make([]Tags, len(a.Body))
	for i, p := range a.Body {
		out.Body[i] = part(scan(p), func(n naming, e *evidence) {
			if n.what == namedRelated {
				e.related++
				return
			}
			e.count++
			e.listed = e.listed || n.listed
			if i == 0 {
				e.lead++
			}
			if e.lastPassage != int32(i+1) {
				e.passages++
				e.lastPassage = int32(i + 1)
			}
			if e.first == 0 {
				e.first = int32(i + 1)
				e.at = [2]int32{n.start, n.end}
			}
		})
	}

	// One signal per value as of the article's day: in 1987 "Moscow" (RU)
	// and "Soviet" (SU) are both evidence for SU.
	mentions := t.tags(&all)
	out.Mentions = Tags{Countries: t.AsOf(mentions.Countries, a.Published), Commodities: mentions.Commodities}
	var totals [2]int32
	for _, e := range evs {
		totals[e.facet] += e.count
	}
	out.Signals = make([]Signal, 0, len(out.Mentions.Countries)+len(out.Mentions.Commodities))
	signal := func(value string, commodity bool) *Signal {
		for i := range out.Signals {
			if s := &out.Signals[i]; s.Value == value && s.Commodity == commodity {
				return s
			}
		}
		out.Signals = append(out.Signals, Signal{Value: value, Commodity: commodity, First: -1})
		return &out.Signals[len(out.Signals)-1]
	}
	// The signals' order: Mentions' countries, then its commodities.
	for _, c := range out.Mentions.Countries {
		signal(c, false)
	}
	for _, c := range out.Mentions.Commodities {
		signal(c, true)
	}
	fold := func(s *Signal, e *evidence, total int32) {
		s.Title = s.Title || e.title > 0
		s.Dateline = s.Dateline || e.dateline > 0
		s.Lead = s.Lead || e.lead > 0
		s.Count += int(e.count)
		s.Passages = max(s.Passages, int(e.passages))
		s.Listed = s.Listed || e.listed
		s.Related += int(e.related)
		if f := int(e.first) - 1; f >= 0 && (s.First < 0 || f < s.First) {
			s.First = f
			s.at = e.at
		}
		if total > 0 {
			s.Share = float64(s.Count) / float64(total)
		}
	}
	for i := range evs {
		e := &evs[i]
		if e.facet == 0 {
			fold(signal(t.asOne(t.codes[e.id], a.Published), false), &e.evidence, totals[0])
		} else {
			fold(signal(t.slugs[e.id], true), &e.evidence, totals[1])
		}
	}
	out.About = t.about(a, &out)
	return out
}

// asOf applies AsOf to a part's countries.
func (t *Tagger) asOf(tags Tags, day time.Time) Tags {
	tags.Countries = t.AsOf(tags.Countries, day)
	return tags
}

// asOne is AsOf for one code, without allocating.
func (t *Tagger) asOne(code string, day time.Time) string {
	if day.IsZero() {
		return code
	}
	for _, f := range t.partOf[code] {
		if p := t.periods[f]; !day.Before(p[0]) && day.Before(p[1]) {
			return f
		}
	}
	return code
}

// dateline scans a wire dateline: "CITY, REGION, Month Day", the date and
// the region optional. When the region names a country, it alone does:
// "WARSAW, Ind." is in the US and "DUBLIN, Ohio" is not Ireland. US and
// Canadian abbreviations are read with or without their dot ("TORRANCE,
// Calif"). scan is TagArticle's; the caller records its last scan.
func (t *Tagger) dateline(d string, scan func(string) *hits) *hits {
	parts := strings.Split(d, ",")
	for len(parts) > 1 && datePart(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 1 {
		region := strings.TrimSpace(parts[len(parts)-1])
		h := scan(region)
		if h.countries.empty() && region != "" && !strings.HasSuffix(region, ".") {
			h = scan(region + ".")
		}
		if !h.countries.empty() {
			return h
		}
	}
	return scan(strings.Join(parts, ","))
}

// datePart reports whether a dateline part is its date ("March 3", "3
// March", "Feb 26").
func datePart(p string) bool {
	f := strings.Fields(p)
	if len(f) == 0 {
		return true
	}
	if f[0][0] >= '0' && f[0][0] <= '9' {
		return true
	}
	switch strings.ToLower(strings.TrimSuffix(f[0], ".")) {
	case "jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june",
		"jul", "july", "aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november",
		"dec", "december":
		return len(f) == 1 || f[1][0] >= '0' && f[1][0] <= '9'
	}
	return false
}

// tickerNames returns the runs of a wire title that stand right before a
// "<TICKER>" mark, back to the previous comma or the start: the names of
// the companies the marks identify.
func tickerNames(title string) []string {
	var out []string
	for {
		i := strings.IndexByte(title, '<')
		if i < 0 {
			return out
		}
		name := title[:i]
		if c := strings.LastIndexAny(name, ",;:"); c >= 0 {
			name = name[c+1:]
		}
		if strings.TrimSpace(name) != "" {
			out = append(out, name)
		}
		j := strings.IndexByte(title[i:], '>')
		if j < 0 {
			return out
		}
		title = title[i+j+1:]
	}
}
