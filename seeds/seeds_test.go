package seeds

import (
	"reflect"
	"testing"

	"github.com/newsfind/newsfind"
	"github.com/newsfind/newsfind/derive"
	"github.com/newsfind/newsfind/tagger"
)

func TestArticles(t *testing.T) {
	arts, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 3 {
		t.Fatalf("got %d seed articles, want 3", len(arts))
	}
	want := map[string]struct {
		source string
		dated  bool
	}{
		"000_a9e5019015f98715": {"The Times of Central Asia", false},
		"001_e5480f282a76346a": {"Institute for Advanced International Studies (IAIS)", false},
		"003_dd54bef6c421656c": {"TRT World", true},
	}
	for _, a := range arts {
		w, ok := want[a.ID]
		if !ok {
			t.Errorf("unexpected seed %q", a.ID)
			continue
		}
		if a.Source != w.source || a.Dated() != w.dated {
			t.Errorf("%s: source %q dated %v, want %q %v", a.ID, a.Source, a.Dated(), w.source, w.dated)
		}
		if a.Title == "" || a.URL == "" || len(a.Body) < 2000 {
			t.Errorf("%s: title %q url %q body %d bytes", a.ID, a.Title, a.URL, len(a.Body))
		}
		if !a.Dated() && a.DateNote == "" {
			t.Errorf("%s: undated seed without a date note", a.ID)
		}
	}
}

// TestSeedsTags: indexing gives each seed the mentions that
// ../shared/seeds/README.md lists (with SU for 003's "Soviet-era"), and
// the about tags docs/tagger.md argues a reader would agree with.
func TestSeedsTags(t *testing.T) {
	tg, err := tagger.New()
	if err != nil {
		t.Fatal(err)
	}
	arts, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	type L = []string
	want := map[string]struct{ mentions, about newsfind.TagSet }{
		// The Busan meeting's stakes for Central Asia: about the US, China
		// and the host, South Korea; Kazakhstan and Uzbekistan come up
		// in two passages of the fifteen.
		"000_a9e5019015f98715": {
			newsfind.TagSet{Countries: L{"CN", "KR", "KZ", "RU", "US", "UZ"}, Commodities: L{"critical-minerals", "rare-earths"}},
			newsfind.TagSet{Countries: L{"CN", "KR", "US"}, Commodities: L{"critical-minerals", "rare-earths"}},
		},
		// US–China trade after Busan: rare earths are part of the deal;
		// critical minerals come late, as Central Asia's prospects.
		"001_e5480f282a76346a": {
			newsfind.TagSet{Countries: L{"CN", "KR", "KZ", "US", "UZ"}, Commodities: L{"critical-minerals", "rare-earths"}},
			newsfind.TagSet{Countries: L{"CN", "KR", "US"}, Commodities: L{"rare-earths"}},
		},
		// The C5+1 summit: the US, China and the five Central Asian
		// states; India, Russia and South Korea are asides.
		"003_dd54bef6c421656c": {
			newsfind.TagSet{Countries: L{"CN", "IN", "KG", "KR", "KZ", "RU", "SU", "TJ", "TM", "US", "UZ"},
				Commodities: L{"critical-minerals", "magnets", "rare-earths", "semiconductors", "uranium"}},
			newsfind.TagSet{Countries: L{"CN", "KG", "KZ", "TJ", "TM", "US", "UZ"}, Commodities: L{"critical-minerals", "rare-earths", "semiconductors"}},
		},
	}
	for _, a := range arts {
		d := derive.Prepare(tg, a)
		w := want[a.ID]
		if got := (newsfind.TagSet{Countries: d.Countries, Commodities: d.Commodities}); !reflect.DeepEqual(got, w.mentions) {
			t.Errorf("%s mentions:\n got %v\nwant %v", a.ID, got, w.mentions)
		}
		if !reflect.DeepEqual(d.About, w.about) {
			t.Errorf("%s about:\n got %v\nwant %v", a.ID, d.About, w.about)
		}
	}
}
