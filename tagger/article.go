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

	// Share is Count over all the body's namings of the same facet: how
	// much of the story's talk of countries (or commodities) is this one.
	Share float64
}

// TagArticle tags each part of an article and decides what it is about.
func (t *Tagger) TagArticle(a Article) ArticleTags {
	var out ArticleTags
	var all hits
	var title, dateline, lead tally
	body := &tally{}
	var passages tally                          // body passages naming each value
	var first [len(bitSet{}.bits) * 64][2]int32 // 1 + first passage naming a country, a commodity

	one := func(text string, into *tally) Tags {
		h := hits{tally: into}
		t.scan(text, &h)
		all.countries.or(&h.countries)
		all.commodities.or(&h.commodities)
		return t.asOf(t.tags(&h), a.Published)
	}
	out.Title = one(a.Title, &title)
	// In "LEAR PETROLEUM PARTNERS <LPP> 4TH QTR LOSS" the words before the
	// ticker are the company's name: its commodities are its business.
	for _, name := range tickerNames(a.Title) {
		h := hits{tally: &tally{}}
		t.scan(name, &h)
		for k, n := range h.tally.commodity {
			n = min(n, title.commodity[k])
			title.commodity[k] -= n
			title.related[k] += n
		}
	}
	out.Dateline = t.dateline(a.Dateline, a.Published, &dateline)
	all.countries.or(&dateline.set)
	out.Body = make([]Tags, len(a.Body))
	for i, p := range a.Body {
		var pt tally
		out.Body[i] = one(p, &pt)
		for k := range pt.country {
			body.country[k] += pt.country[k]
			body.listed[k] += pt.listed[k]
			body.listedCommodity[k] += pt.listedCommodity[k]
			body.related[k] += pt.related[k]
			if pt.country[k] > 0 && first[k][0] == 0 {
				first[k][0] = int32(i + 1)
			}
			if pt.commodity[k] > 0 && first[k][1] == 0 {
				first[k][1] = int32(i + 1)
			}
			if pt.country[k] > 0 {
				passages.country[k]++
				if i == 0 {
					lead.country[k] = pt.country[k]
				}
			}
			if k < len(pt.commodity) {
				body.commodity[k] += pt.commodity[k]
				if pt.commodity[k] > 0 {
					passages.commodity[k]++
					if i == 0 {
						lead.commodity[k] = pt.commodity[k]
					}
				}
			}
		}
	}
	mentions := t.tags(&all)

	// Signals are gathered per library index, then folded by AsOf: in 1987
	// "Moscow" (RU) and "Soviet" (SU) are both evidence for SU.
	var totalCountry, totalCommodity int32
	for k := range body.country {
		totalCountry += body.country[k]
		totalCommodity += body.commodity[k]
	}
	signals := map[string]*Signal{}
	add := func(commodity bool, k int) {
		var value string
		if commodity {
			value = t.slugs[k]
		} else {
			value = t.asOne(t.codes[k], a.Published)
		}
		key := value
		if commodity {
			key = "c:" + value
		}
		s := signals[key]
		if s == nil {
			s = &Signal{Value: value, Commodity: commodity, First: -1}
			signals[key] = s
		}
		pick := func(x *tally) int32 {
			if commodity {
				return x.commodity[k]
			}
			return x.country[k]
		}
		s.Title = s.Title || pick(&title) > 0
		s.Dateline = s.Dateline || pick(&dateline) > 0
		s.Lead = s.Lead || pick(&lead) > 0
		s.Count += int(pick(body))
		s.Passages = max(s.Passages, int(pick(&passages)))
		if commodity {
			s.Related += int(body.related[k] + title.related[k])
		}
		f := int(first[k][0]) - 1
		if commodity {
			f = int(first[k][1]) - 1
			s.Listed = s.Listed || body.listedCommodity[k] > 0
		} else {
			s.Listed = s.Listed || body.listed[k] > 0
		}
		if s.First < 0 || f >= 0 && f < s.First {
			s.First = f
		}
	}
	for _, k := range all.countries.indexes() {
		add(false, k)
	}
	for _, k := range all.commodities.indexes() {
		add(true, k)
	}
	out.Mentions = Tags{Countries: t.AsOf(mentions.Countries, a.Published), Commodities: mentions.Commodities}
	for _, c := range out.Mentions.Countries {
		s := signals[c]
		if totalCountry > 0 {
			s.Share = float64(s.Count) / float64(totalCountry)
		}
		out.Signals = append(out.Signals, *s)
	}
	for _, c := range out.Mentions.Commodities {
		s := signals["c:"+c]
		if totalCommodity > 0 {
			s.Share = float64(s.Count) / float64(totalCommodity)
		}
		out.Signals = append(out.Signals, *s)
	}
	out.About = t.about(a, &out)
	return out
}

// asOf applies AsOf to a part's countries.
func (t *Tagger) asOf(tags Tags, day time.Time) Tags {
	tags.Countries = t.AsOf(tags.Countries, day)
	return tags
}

// asOne is AsOf for one code.
func (t *Tagger) asOne(code string, day time.Time) string {
	if out := t.AsOf([]string{code}, day); len(out) == 1 {
		return out[0]
	}
	return code
}

// dateline tags a wire dateline: "CITY, REGION, Month Day", the date and
// the region optional. When the region names a country, it alone does:
// "WARSAW, Ind." is in the US and "DUBLIN, Ohio" is not Ireland. US and
// Canadian abbreviations are read with or without their dot ("TORRANCE,
// Calif").
func (t *Tagger) dateline(d string, day time.Time, into *tally) Tags {
	parts := strings.Split(d, ",")
	for len(parts) > 1 && datePart(parts[len(parts)-1]) {
		parts = parts[:len(parts)-1]
	}
	scan := func(text string) hits {
		h := hits{tally: &tally{}}
		t.scan(text, &h)
		return h
	}
	if len(parts) > 1 {
		region := strings.TrimSpace(parts[len(parts)-1])
		h := scan(region)
		if h.countries.empty() && region != "" && !strings.HasSuffix(region, ".") {
			h = scan(region + ".")
		}
		if !h.countries.empty() {
			*into = *h.tally
			into.set = h.countries
			return t.asOf(Tags{Countries: h.countries.strings(t.codes)}, day)
		}
	}
	h := scan(strings.Join(parts, ","))
	*into = *h.tally
	into.set = h.countries
	return t.asOf(t.tags(&h), day)
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
