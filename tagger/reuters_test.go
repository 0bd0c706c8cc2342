package tagger_test

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

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
	Attr     string   `json:"topics_attr"`
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

// reutersScores are the tagger's figures on one part of Reuters.
type reutersScores struct {
	stories                              int
	mentionCountries, mentionCommodities score
	aboutCountries, aboutCommodities     score
	nCountry, nCommodity                 int
}

func (sp *reutersScores) add(s *reutersStory, scored map[string]bool) {
	sp.stories++
	if s.places != nil {
		sp.mentionCountries.add(s.places, asSet(s.countries, nil))
		sp.aboutCountries.add(s.places, asSet(s.aboutCountries, nil))
		sp.nCountry++
	}
	if s.topics != nil {
		sp.mentionCommodities.add(s.topics, asSet(s.commodities, scored))
		sp.aboutCommodities.add(s.topics, asSet(s.aboutCommodities, scored))
		sp.nCommodity++
	}
}

func (sp *reutersScores) log(t *testing.T, name string) {
	t.Logf("%s: %d stories, %d with a place, %d with a topic", name, sp.stories, sp.nCountry, sp.nCommodity)
	t.Logf("  about countries:      %v", &sp.aboutCountries)
	t.Logf("  about commodities:    %v", &sp.aboutCommodities)
	t.Logf("  mentions countries:   %v", &sp.mentionCountries)
	t.Logf("  mentions commodities: %v", &sp.mentionCommodities)
}

// TestTaggerReuters measures both tag sets against Reuters-21578's human
// labels on the held-out fold 4 (reuters_split_test.go): the latest news,
// which nothing was trained or tuned on, since a figure from the stories
// (or the weeks) a model was chosen on does not hold on later news (issue
// 21). Its about commodities come from the model trained with the same
// procedure as the shipped one but on folds 0-3 only
// (testdata/about_model_early.tsv); the shipped model, trained on every
// labelled story, is logged but not claimed. Each corpus row goes the way
// a user's wire copy goes: parsed by ingest.ParseJSON (the dateline a
// field of its own), checked by ingest.Normalize, tagged by derive.Prepare.
// Countries are scored on stories with at least one place; commodities on
// stories with at least one topic of any kind (an earnings story that
// never gets "crude" is a true negative for oil), counting only the
// commodities both vocabularies have. docs/tagger.md has the figures.
//
//	CI=true go test ./tagger -run TestTaggerReuters -v
func TestTaggerReuters(t *testing.T) {
	data, err := os.ReadFile("testdata/about_model_early.tsv")
	if err != nil {
		t.Fatal(err)
	}
	early, err := tagger.ParseAboutModel(string(data))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := tagger.New(tagger.WithAboutModel(early))
	if err != nil {
		t.Fatal(err)
	}
	shipped, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	rulesOnly, err := tagger.New(tagger.WithAboutModel(nil))
	if err != nil {
		t.Fatal(err)
	}
	scored := scoredSlugs()
	for slug := range scored {
		if tg.CommodityLabel(slug) == "" {
			t.Fatalf("topic map names %q, which is not in the vocabulary", slug)
		}
	}
	for place, code := range reutersPlaces {
		if tg.CountryName(code) == "" {
			t.Fatalf("place map sends %q to %q, which the tagger does not know", place, code)
		}
	}
	stories := readReuters(t, tg)
	rules := map[string]*ruleEffect{}
	for _, name := range tagger.AboutRules() {
		rules[name] = &ruleEffect{}
	}
	var heldOut, tuning reutersScores
	var heldOutShipped, heldOutRules score
	// Mention labels whose story names no term of the commodity (nor
	// anything containing one): no rule on the words can find them.
	terms := commodityTerms(t)
	unnamed := map[int]int{}
	for i := range stories {
		s := &stories[i]
		if s.topics != nil {
			for slug := range s.topics {
				if !namesCommodity(terms[slug], s.article) {
					unnamed[s.fold]++
				}
			}
		}
		if s.fold == heldOutFold {
			heldOut.add(s, scored)
			if s.topics != nil {
				heldOutShipped.add(s.topics, asSet(shipped.TagArticle(s.article).About.Commodities, scored))
				heldOutRules.add(s.topics, asSet(rulesOnly.TagArticle(s.article).About.Commodities, scored))
			}
			continue
		}
		tuning.add(s, scored)
		// Each rule's effect, on the tuning part only: it is for choosing
		// rules, and nothing is chosen on the held-out fold.
		signals := tg.TagArticle(s.article).Signals
		if s.places != nil {
			countRules(rules, signals, false, s.places, nil)
		}
		if s.topics != nil {
			countRules(rules, signals, true, s.topics, scored)
		}
	}
	tuning.log(t, "folds 0-3 (the claim's model trained here)")
	heldOut.log(t, "held-out fold 4, the latest news (the claim)")
	named := func(sc *score, n int) score { return score{tp: sc.tp, fp: sc.fp, fn: sc.fn - n} }
	tuningNamed := named(&tuning.mentionCommodities, unnamed[0]+unnamed[1]+unnamed[2]+unnamed[3])
	heldOutNamed := named(&heldOut.mentionCommodities, unnamed[heldOutFold])
	t.Logf("  folds 0-3 mentions commodities, labels whose story names the commodity: %v", &tuningNamed)
	t.Logf("  fold 4 mentions commodities, labels whose story names the commodity (%d do not): %v", unnamed[heldOutFold], &heldOutNamed)
	t.Logf("  fold 4 about commodities, the rules alone (chosen before this split, on every labelled story, fold 4 included): %v", &heldOutRules)
	t.Logf("  fold 4 about commodities, the shipped model (trained on fold 4 too: not a claim): %v", &heldOutShipped)
	t.Logf("held-out about commodities, per commodity:")
	t.Logf("| commodity | labelled | precision | recall | F1 |")
	t.Logf("|---|---|---|---|---|")
	for _, slug := range sortedKeys(scored) {
		c := heldOut.aboutCommodities.per[slug]
		if c == nil {
			continue
		}
		s := score{tp: c[0], fp: c[1], fn: c[2]}
		t.Logf("| %s | %d | %.3f | %.3f | %.3f |", slug, c[0]+c[2], s.precision(), s.recall(), s.f1())
	}
	t.Logf("Each about rule on folds 0-3: the values it finds, right and wrong; those no other rule finds; F1 without it.")
	t.Logf("| rule | finds (right / wrong) | alone (right / wrong) | F1 without it |")
	t.Logf("|---|---|---|---|")
	for _, name := range tagger.AboutRules() {
		e := rules[name]
		if strings.Contains(name, ":") { // commodity rules are evidence for the model, which decides
			t.Logf("| %s | %d / %d | | |", name, e.tp, e.fp)
			continue
		}
		base := &tuning.aboutCountries
		without := score{tp: base.tp - e.aloneTP, fp: base.fp - e.aloneFP, fn: base.fn + e.aloneTP}
		t.Logf("| %s | %d / %d | %d / %d | %.3f (%+.3f) |", name, e.tp, e.fp, e.aloneTP, e.aloneFP, without.f1(), without.f1()-base.f1())
	}
	t.Logf("held-out about country errors:  %s", heldOut.aboutCountries.worst(20))
	t.Logf("held-out about commodity errors:%s", heldOut.aboutCommodities.worst(23))

	// Issue 21's bars, on the held-out fold.
	const aboutCountryF1, aboutCommodityF1, mentionsCountryRecall, mentionsCommodityRecall = 0.93, 0.87, 0.97, 0.97
	if f := heldOut.aboutCountries.f1(); f < aboutCountryF1 {
		t.Errorf("held-out about countries: F1 %.3f, want at least %.2f", f, aboutCountryF1)
	}
	if f := heldOut.aboutCommodities.f1(); f < aboutCommodityF1 {
		t.Errorf("held-out about commodities: F1 %.3f, want at least %.2f", f, aboutCommodityF1)
	}
	// Commodity mentions: recall on the labels a story names the
	// commodity for (about 2-3% of labels it never does: "refinery",
	// "rig count", "latex").
	if r := heldOutNamed.recall(); r < mentionsCommodityRecall {
		t.Errorf("held-out mentions commodities, labels whose story names the commodity: recall %.3f, want at least %.2f", r, mentionsCommodityRecall)
	}
	if r := heldOut.mentionCountries.recall(); r < mentionsCountryRecall {
		t.Errorf("held-out mentions countries: recall %.3f, want at least %.2f", r, mentionsCountryRecall)
	}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
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
