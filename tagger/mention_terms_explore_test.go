package tagger_test

import (
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/newsfind/newsfind/tagger"
)

// TestExploreTerms weighs candidate trade words for the mentions on folds
// 0-3 only: for each word, the stories that name it and do not yet
// mention its commodity, split into those Reuters labels with the
// commodity (a label found) and those it does not (a wrong mention).
//
//	go test ./tagger -run TestExploreTerms -explore -v
func TestExploreTerms(t *testing.T) {
	if !*exploreAbout {
		t.Skip("only with -explore")
	}
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	scored := scoredSlugs()
	candidates := map[string][]string{
		"oil":       {"refinery", "refineries", "refining", "refiner", "refiners", "tanker", "tankers", "drilling", "drill", "exploratory well", "wildcat well", "oil well", "well", "wells", "offshore", "north sea", "barrel", "barrels", "upstream", "exploration", "reservoir", "gasoline", "energy", "beaufort sea", "opec's", "oil's"},
		"steel":     {"iron ore", "iron", "pig iron", "ferrous", "ingot", "ingots", "scrap", "shipbuilding", "specialty steel", "stainless"},
		"corn":      {"cornglutenfeed", "corn gluten", "corngluten", "feedgrain", "feedgrains", "feed grain", "feed grains", "grain", "grains", "sorghum"},
		"wheat":     {"grain", "grains", "flour", "bread", "durum"},
		"soybeans":  {"soymeal", "soybean meal", "soybean oil", "soyoil", "oilseed", "oilseeds", "soy"},
		"barley":    {"malting", "malt", "feed grains", "grain"},
		"gas":       {"pipeline", "pipelines", "propane", "methane", "btu", "cubic feet", "cubic meters", "gas pipeline"},
		"sugar":     {"molasses", "beet", "beets", "cane", "sweetener", "sweeteners"},
		"gold":      {"bullion", "ounces", "ounce", "troy", "mine", "mines", "mining"},
		"copper":    {"cathode", "cathodes", "concentrate", "concentrates", "smelter"},
		"aluminium": {"smelter", "smelters", "aluminum's"},
		"rubber":    {"latex", "tyre", "tyres", "tire", "tires"},
		"cotton":    {"lint", "textile", "textiles", "yarn"},
		"coffee":    {"ico"},
		"tin":       {"itc", "tin council", "Tin"},
		"rice":      {"Rice", "grain"},
		"cocoa":     {"chocolate"},
		"silver":    {"bullion", "ounces"},
		"zinc":      {"smelter", "galvanized"},
		"nickel":    {"ferronickel", "stainless"},
		"palm-oil":  {"olein", "palm"},
		// A grain's and a soft's varieties and trade grades.
		"soybeans/": {"beans", "bean"},
		"wheat/":    {"hrw", "srw", "hard red", "soft red", "hard winter", "soft winter", "dns", "red winter"},
		"rubber/":   {"rss", "smr", "ribbed smoked"},
		"coffee/":   {"robustas", "arabicas", "colombian milds", "milds"},
		"sugar/":    {"whites", "raws"},
		"cotton/":   {"upland"},
	}
	type stat struct{ found, wrong int }
	stats := map[string]*stat{}
	res := map[string]*regexp.Regexp{}
	for slug, ws := range candidates {
		for _, w := range ws {
			flags := "(?i)"
			if strings.ToLower(w) != w {
				flags = ""
			}
			res[slug+" "+w] = regexp.MustCompile(flags + `\b` + regexp.QuoteMeta(w) + `\b`)
			stats[slug+" "+w] = &stat{}
		}
	}
	for _, s := range readReuters(t, tg) {
		if s.fold == heldOutFold || s.topics == nil {
			continue
		}
		got := asSet(s.commodities, scored)
		text := strings.ReplaceAll(s.article.Title+"\n"+strings.Join(s.article.Body, "\n"), "-", " ")
		for key, re := range res {
			slug := strings.TrimSuffix(key[:strings.IndexByte(key, ' ')], "/")
			if got[slug] || !re.MatchString(text) {
				continue
			}
			if s.topics[slug] {
				stats[key].found++
			} else {
				stats[key].wrong++
			}
		}
	}
	keys := make([]string, 0, len(stats))
	for k := range stats {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("TERM %-28s labels found %3d, wrong mentions %4d", k, stats[k].found, stats[k].wrong)
	}
}
