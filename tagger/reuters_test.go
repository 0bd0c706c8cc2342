package tagger_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/index"
	"github.com/newsfind/newsfind/ingest"
	"github.com/newsfind/newsfind/internal/corpus"
	"github.com/newsfind/newsfind/tagger"
)

// Reuters-21578 place codes -> the tagger's codes: ISO 3166-1 alpha-2, and
// for states gone since 1987 their ISO 3166-3 codes, as the tagger keeps
// them (ussr -> SU, east-germany -> DD, czechoslovakia -> CS, yugoslavia ->
// YU, zaire -> ZR, burma -> BU, yemen-demo-republic -> YD,
// netherlands-antilles -> AN). West Germany is DE, the Federal Republic's
// own code; the Yemen Arab Republic is YE, North Yemen's.
var reutersPlaces = map[string]string{
	"afghanistan": "AF", "albania": "AL", "algeria": "DZ", "american-samoa": "AS", "andorra": "AD",
	"angola": "AO", "anguilla": "AI", "antigua": "AG", "argentina": "AR", "aruba": "AW",
	"australia": "AU", "austria": "AT", "bahamas": "BS", "bahrain": "BH", "bangladesh": "BD",
	"barbados": "BB", "belgium": "BE", "belize": "BZ", "benin": "BJ", "bermuda": "BM",
	"bhutan": "BT", "bolivia": "BO", "botswana": "BW", "brazil": "BR", "british-virgin-islands": "VG",
	"brunei": "BN", "bulgaria": "BG", "burkina-faso": "BF", "burma": "BU", "burundi": "BI",
	"cameroon": "CM", "canada": "CA", "cape-verde": "CV", "cayman-islands": "KY", "central-african-republic": "CF",
	"chad": "TD", "chile": "CL", "china": "CN", "colombia": "CO", "congo": "CG",
	"costa-rica": "CR", "cuba": "CU", "cyprus": "CY", "czechoslovakia": "CS", "denmark": "DK",
	"djibouti": "DJ", "dominica": "DM", "dominican-republic": "DO", "east-germany": "DD", "ecuador": "EC",
	"egypt": "EG", "el-salvador": "SV", "equatorial-guinea": "GQ", "ethiopia": "ET", "fiji": "FJ",
	"finland": "FI", "france": "FR", "french-guiana": "GF", "gabon": "GA", "gambia": "GM",
	"ghana": "GH", "gibraltar": "GI", "greece": "GR", "grenada": "GD", "guadeloupe": "GP",
	"guam": "GU", "guatemala": "GT", "guinea": "GN", "guinea-bissau": "GW", "guyana": "GY",
	"haiti": "HT", "honduras": "HN", "hong-kong": "HK", "hungary": "HU", "iceland": "IS",
	"india": "IN", "indonesia": "ID", "iran": "IR", "iraq": "IQ", "ireland": "IE",
	"israel": "IL", "italy": "IT", "ivory-coast": "CI", "jamaica": "JM", "japan": "JP",
	"jordan": "JO", "kampuchea": "KH", "kenya": "KE", "kuwait": "KW", "laos": "LA",
	"lebanon": "LB", "lesotho": "LS", "liberia": "LR", "libya": "LY", "liechtenstein": "LI",
	"luxembourg": "LU", "macao": "MO", "madagascar": "MG", "malawi": "MW", "malaysia": "MY",
	"mali": "ML", "malta": "MT", "martinique": "MQ", "mauritania": "MR", "mauritius": "MU",
	"mexico": "MX", "monaco": "MC", "morocco": "MA", "mozambique": "MZ", "namibia": "NA",
	"nepal": "NP", "netherlands": "NL", "netherlands-antilles": "AN", "new-caledonia": "NC", "new-zealand": "NZ",
	"nicaragua": "NI", "niger": "NE", "nigeria": "NG", "north-korea": "KP", "norway": "NO",
	"oman": "OM", "pakistan": "PK", "panama": "PA", "papua-new-guinea": "PG", "paraguay": "PY",
	"peru": "PE", "philippines": "PH", "poland": "PL", "portugal": "PT", "qatar": "QA",
	"romania": "RO", "rwanda": "RW", "saudi-arabia": "SA", "senegal": "SN", "seychelles": "SC",
	"sierra-leone": "SL", "singapore": "SG", "somalia": "SO", "south-africa": "ZA", "south-korea": "KR",
	"spain": "ES", "sri-lanka": "LK", "sudan": "SD", "suriname": "SR", "swaziland": "SZ",
	"sweden": "SE", "switzerland": "CH", "syria": "SY", "taiwan": "TW", "tanzania": "TZ",
	"thailand": "TH", "togo": "TG", "tonga": "TO", "trinidad-tobago": "TT", "tunisia": "TN",
	"turkey": "TR", "uae": "AE", "uganda": "UG", "uk": "GB", "uruguay": "UY",
	"us-virgin-islands": "VI", "usa": "US", "ussr": "SU", "vanuatu": "VU", "vatican": "VA",
	"venezuela": "VE", "vietnam": "VN", "west-germany": "DE", "western-samoa": "WS", "yemen-arab-republic": "YE",
	"yemen-demo-republic": "YD", "yugoslavia": "YU", "zaire": "ZR", "zambia": "ZM", "zimbabwe": "ZW",
}

// Reuters topic codes that name a commodity of our vocabulary. Topics with
// no counterpart (veg-oil, oilseed, livestock, gas = gasoline, lead, ...)
// are left out, and so are our slugs that no topic names (rare-earths,
// semiconductors, ...): neither side can be scored for them.
var reutersTopics = map[string]string{
	"crude": "oil", "nat-gas": "gas", "gold": "gold", "silver": "silver", "copper": "copper",
	"platinum": "platinum", "palladium": "palladium", "nickel": "nickel", "zinc": "zinc",
	"tin": "tin", "alum": "aluminium", "iron-steel": "steel",
	"wheat": "wheat", "corn": "corn", "soybean": "soybeans", "barley": "barley", "rice": "rice",
	"sugar": "sugar", "coffee": "coffee", "cocoa": "cocoa", "cotton": "cotton",
	"palm-oil": "palm-oil", "rubber": "rubber",
}

// reutersLabels are the fields of a corpus row that are labels, not article.
type reutersLabels struct {
	ID       string   `json:"id"`
	Split    string   `json:"lewissplit"`
	Places   []string `json:"places"`
	Topics   []string `json:"topics"`
	Withheld bool     `json:"labels_withheld"`
}

// score counts micro-averaged hits per facet, and per label for the log.
type score struct {
	tp, fp, fn int
	per        map[string]*[3]int
}

func (s *score) add(truth, found map[string]bool) {
	if s.per == nil {
		s.per = map[string]*[3]int{}
	}
	count := func(k string, i int) {
		if s.per[k] == nil {
			s.per[k] = &[3]int{}
		}
		s.per[k][i]++
	}
	for k := range found {
		if truth[k] {
			s.tp++
			count(k, 0)
		} else {
			s.fp++
			count(k, 1)
		}
	}
	for k := range truth {
		if !found[k] {
			s.fn++
			count(k, 2)
		}
	}
}

func (s *score) precision() float64 { return float64(s.tp) / float64(max(1, s.tp+s.fp)) }
func (s *score) recall() float64    { return float64(s.tp) / float64(max(1, s.tp+s.fn)) }
func (s *score) f1() float64        { return 2 * float64(s.tp) / float64(max(1, 2*s.tp+s.fp+s.fn)) }

func (s *score) String() string {
	return fmt.Sprintf("P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d)", s.precision(), s.recall(), s.f1(), s.tp, s.fp, s.fn)
}

// worst lists the labels with the most errors, for tuning by reading.
func (s *score) worst(n int) string {
	keys := make([]string, 0, len(s.per))
	for k := range s.per {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := s.per[keys[i]], s.per[keys[j]]
		if a[1]+a[2] != b[1]+b[2] {
			return a[1]+a[2] > b[1]+b[2]
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for i, k := range keys {
		if i == n {
			break
		}
		c := s.per[k]
		fmt.Fprintf(&b, " %s(tp%d fp%d fn%d)", k, c[0], c[1], c[2])
	}
	return b.String()
}

// reutersScores are the tagger's figures on one split of Reuters.
type reutersScores struct {
	stories                              int
	mentionCountries, mentionCommodities score
	aboutCountries, aboutCommodities     score
	nCountry, nCommodity                 int
}

// TestTaggerReuters measures both tag sets against Reuters-21578's human
// labels (TRAIN and NOT-USED stories; TEST labels are withheld from this
// repo). Each corpus row goes the way a user's wire copy goes: parsed by
// ingest.ParseJSON (the dateline a field of its own), checked by
// ingest.Normalize, tagged by index.Prepare. Countries are scored on
// stories with at least one place; commodities on stories with at least
// one topic of any kind (an earnings story that never gets "crude" is a
// true negative for oil), counting only the commodities both vocabularies
// have. The bars are issue 13's; docs/tagger.md has the figures.
//
//	CI=true go test ./tagger -run TestTaggerReuters -v
func TestTaggerReuters(t *testing.T) {
	data := corpus.Read(t, "reuters21578.jsonl.gz")
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	scoredSlugs := map[string]bool{}
	for _, slug := range reutersTopics {
		if tg.CommodityLabel(slug) == "" {
			t.Fatalf("topic map names %q, which is not in the vocabulary", slug)
		}
		scoredSlugs[slug] = true
	}
	for place, code := range reutersPlaces {
		if tg.CountryName(code) == "" {
			t.Fatalf("place map sends %q to %q, which the tagger does not know", place, code)
		}
	}
	splits := map[string]*reutersScores{"TRAIN": {}, "NOT-USED": {}}
	rules := map[string]*ruleEffect{}
	for _, name := range tagger.AboutRules() {
		rules[name] = &ruleEffect{}
	}
	var all reutersScores
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var l reutersLabels
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		split := splits[l.Split]
		if l.Withheld || split == nil {
			continue
		}
		items, err := ingest.ParseJSON(sc.Bytes(), ingest.Options{})
		if err != nil || items[0].Err != nil {
			t.Fatalf("%s: ingest refused it: %v %v", l.ID, err, items[0].Err)
		}
		a := items[0].Article
		if err := ingest.Normalize(&a); err != nil {
			continue // an UNPROC story without text: not something a user can send
		}
		d := index.Prepare(tg, a)
		for _, sp := range []*reutersScores{split, &all} {
			sp.stories++
		}
		// The same tagging with its evidence, for each rule's effect.
		in := tagger.Article{Title: a.Title, Dateline: a.Dateline, Published: a.Published}
		for _, p := range d.Passages {
			if p.Index > 0 {
				in.Body = append(in.Body, p.Text)
			}
		}
		signals := tg.TagArticle(in).Signals

		truth := map[string]bool{}
		for _, pl := range l.Places {
			code, ok := reutersPlaces[pl]
			if !ok {
				t.Fatalf("place %q is not in the place map", pl)
			}
			truth[code] = true
		}
		if len(truth) > 0 {
			countRules(rules, signals, false, truth, nil)
			for _, sp := range []*reutersScores{split, &all} {
				sp.mentionCountries.add(truth, asSet(d.Countries, nil))
				sp.aboutCountries.add(truth, asSet(d.About.Countries, nil))
				sp.nCountry++
			}
		}
		if len(l.Topics) > 0 {
			truth := map[string]bool{}
			for _, tp := range l.Topics {
				if slug, ok := reutersTopics[tp]; ok {
					truth[slug] = true
				}
			}
			countRules(rules, signals, true, truth, scoredSlugs)
			for _, sp := range []*reutersScores{split, &all} {
				sp.mentionCommodities.add(truth, asSet(d.Commodities, scoredSlugs))
				sp.aboutCommodities.add(truth, asSet(d.About.Commodities, scoredSlugs))
				sp.nCommodity++
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"TRAIN", "NOT-USED", "TRAIN+NOT-USED"} {
		s := &all
		if name != "TRAIN+NOT-USED" {
			s = splits[name]
		}
		t.Logf("%s: %d stories, %d with a place, %d with a topic", name, s.stories, s.nCountry, s.nCommodity)
		t.Logf("  about countries:      %v", &s.aboutCountries)
		t.Logf("  about commodities:    %v", &s.aboutCommodities)
		t.Logf("  mentions countries:   %v", &s.mentionCountries)
		t.Logf("  mentions commodities: %v", &s.mentionCommodities)
	}
	t.Logf("Each about rule on TRAIN+NOT-USED: the values it finds, right and wrong; those no other rule finds; F1 without it.")
	t.Logf("| rule | finds (right / wrong) | alone (right / wrong) | F1 without it |")
	t.Logf("|---|---|---|---|")
	for _, name := range tagger.AboutRules() {
		e := rules[name]
		base := &all.aboutCountries
		if strings.Contains(name, ":") { // commodity rules are named by story kind
			base = &all.aboutCommodities
		}
		without := score{tp: base.tp - e.aloneTP, fp: base.fp - e.aloneFP, fn: base.fn + e.aloneTP}
		t.Logf("| %s | %d / %d | %d / %d | %.3f (%+.3f) |", name, e.tp, e.fp, e.aloneTP, e.aloneFP, without.f1(), without.f1()-base.f1())
	}
	t.Logf("about country errors:  %s", all.aboutCountries.worst(20))
	t.Logf("about commodity errors:%s", all.aboutCommodities.worst(20))

	// Issue 13's bars, on TRAIN + NOT-USED. Achieved when written: about
	// countries F1 0.943, about commodities F1 0.873, mentions countries
	// recall 0.990 (docs/tagger.md).
	const aboutCountryF1, aboutCommodityF1, mentionsCountryRecall = 0.94, 0.87, 0.97
	if f := all.aboutCountries.f1(); f < aboutCountryF1 {
		t.Errorf("about countries: F1 %.3f, want at least %.2f", f, aboutCountryF1)
	}
	if f := all.aboutCommodities.f1(); f < aboutCommodityF1 {
		t.Errorf("about commodities: F1 %.3f, want at least %.2f", f, aboutCommodityF1)
	}
	if r := all.mentionCountries.recall(); r < mentionsCountryRecall {
		t.Errorf("mentions countries: recall %.3f, want at least %.2f", r, mentionsCountryRecall)
	}
}

// ruleEffect counts what one about rule finds: right (in the labels) and
// wrong, and of those what no other rule finds.
type ruleEffect struct{ tp, fp, aloneTP, aloneFP int }

func countRules(rules map[string]*ruleEffect, signals []tagger.Signal, commodity bool, truth, keep map[string]bool) {
	for _, s := range signals {
		if s.Commodity != commodity || keep != nil && !keep[s.Value] {
			continue
		}
		for _, name := range s.Rules {
			e := rules[name]
			if truth[s.Value] {
				e.tp++
				if len(s.Rules) == 1 {
					e.aloneTP++
				}
			} else {
				e.fp++
				if len(s.Rules) == 1 {
					e.aloneFP++
				}
			}
		}
	}
}

// asSet returns values as a set, keeping only those in keep when it is set.
func asSet(values []string, keep map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, v := range values {
		if keep == nil || keep[v] {
			out[v] = true
		}
	}
	return out
}
