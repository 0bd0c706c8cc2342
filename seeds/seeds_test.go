package seeds

import "testing"

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
