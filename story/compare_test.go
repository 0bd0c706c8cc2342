package story

import (
	"strings"
	"testing"
)

const wireText = `Ivory Coast's Agriculture Minister Denis Bra Kanon said on Tuesday the country would attend talks in London next week on the buffer stock rules of the new International Cocoa Agreement.

Kanon told reporters in Abidjan that Ivory Coast, the world's largest cocoa producer, wanted a pact that would defend prices above 1,600 francs a kilo and would send a delegation of six officials.

The country did not join the last agreement, and traders said its decision to take part could make the new pact more effective in supporting prices, which fell 12 pct last year.

Delegates from 35 producing and consuming countries are expected at the meeting, which opens on March 23 and is due to last two weeks, an official of the International Cocoa Organisation said.`

// earnings writes a company's results table: stories on one template.
func earnings(shr, prior, net, priorNet, revs, priorRevs string) string {
	return "Shr " + shr + " cts vs " + prior + " cts\n\nNet " + net + " vs " + priorNet +
		"\n\nRevs " + revs + " mln vs " + priorRevs + " mln\n\nNine mths\n\nShr 1.10 dlrs vs 95 cts\n\nNet 4,120,000 vs 3,508,000"
}

const moneyMarket = `The Bank of England said it had provided the money market with %s mln stg assistance in the morning session. This compares with the bank's forecast of a shortage in the system today of around %s mln stg.

The central bank purchased bank bills outright comprising %s mln stg in band one at 10-7/8 pct and %s mln stg in band two at 10-13/16 pct.`

func half(s string) string {
	w := strings.Fields(s)
	return strings.Join(w[:len(w)/2], " ")
}

// TestSameStory is the rule on pairs of texts: copies as syndication makes
// them are one story; stories on one template, or on one subject, are not.
func TestSameStory(t *testing.T) {
	paras := strings.Split(wireText, "\n\n")
	fill := func(args ...string) string {
		out := moneyMarket
		for _, a := range args {
			out = strings.Replace(out, "%s", a, 1)
		}
		return out
	}
	cases := []struct {
		name string
		a, b string
		same bool
	}{
		{"identical", wireText, wireText, true},
		{"credit line", wireText, "By Staff Writer, Reuters\n\n" + wireText, true},
		{"tail cut", wireText, strings.Join(paras[:3], "\n\n"), true},
		{"first half only", wireText, half(wireText), true},
		{"first half, paragraphs joined", wireText, strings.ReplaceAll(half(wireText), "\n\n", " "), true},
		{"local paragraph added", wireText, strings.Join(paras[:2], "\n\n") +
			"\n\nLocal chocolate makers in Springfield said prices at the shop had not moved.\n\n" + strings.Join(paras[2:], "\n\n"), true},
		{"a few words changed", wireText, strings.NewReplacer("said on Tuesday", "announced Tuesday", "told reporters", "told journalists",
			"expected", "due").Replace(wireText), true},
		{"corrected figure", wireText, strings.Replace(wireText, "12 pct", "11 pct", 1), true},
		{"results of two companies", earnings("22", "18", "1,234,000", "1,011,000", "45.2", "40.1"),
			earnings("31", "27", "2,870,000", "2,405,500", "88.9", "79.3"), false},
		{"one company's results again", earnings("22", "18", "1,234,000", "1,011,000", "45.2", "40.1"),
			earnings("22", "18", "1,234,000", "1,011,000", "45.2", "40.1"), true},
		{"two days' money-market reports", fill("37", "700", "12", "25"), fill("456", "500", "78", "101"), false},
		{"one subject, other text", wireText, `Cocoa prices rose in London on Wednesday as traders weighed the chances that Ivory Coast would join the new International Cocoa Agreement, dealers said.

The May position gained 15 stg to 1,342 stg a tonne in thin trading, while New York futures were slightly firmer.`, false},
		{"two short dividends", "Qtly div 25 cts vs 25 cts prior\n\nPay April 30\n\nRecord April 16",
			"Qtly div 25 cts vs 25 cts prior\n\nPay April one\n\nRecord March 15", false},
		{"a headline only", "Cocoa talks open", "Cocoa talks open", false},
		// Reuters-21578's EC sugar tenders of 4 March and 8 April 1987
		// (reuters-1440, reuters-14988): one weekly report, other figures.
		{"two weeks' sugar tenders", "A total 60,500 tonnes of current series white sugar received export rebates of a maximum 43.147 European Currency Units (Ecus) per 100 kilos at today's European Community (EC) tender, the U.K. Intervention Board said.\n\nOut of this, traders in the U.K. Received 43,500 tonnes, in the Netherlands 12,000, in Denmark 4,000 and in West Germany 1,000 tonnes.\n\nEarlier today, London and Paris traders said they expected the subsidy for the current season whites campaign for licences to end-July to be between 43.00 and 43.45 Ecus per 100 kilos.",
			"A total 118,350 tonnes of current series white sugar received export rebates of a maximum 46.496 European Currency Units (Ecus) per 100 kilos at today's European Community (EC) tender, the U.K. Intervention Board said.\n\nOut of this, traders in the U.K. Received 37,800 tonnes, in France 34,500, in West Germany 20,000, in Belgium 18,500, in Spain 5,800 and in Denmark 1,750 tonnes, it added.\n\nEarlier today, London traders had declined to give a projected view on the level of subsidy although some said total tonnage awards would be around 60,000 tonnes.", false},
	}
	for _, c := range cases {
		a, b := Of(c.a), Of(c.b)
		o := Compare(&a, &b)
		if o.Same() != c.same {
			t.Errorf("%s: same story = %v, want %v (%+v)", c.name, o.Same(), c.same, o)
		}
		if r := Compare(&b, &a); r != o {
			t.Errorf("%s: Compare is not symmetric: %+v, %+v", c.name, o, r)
		}
	}
}

// TestIndexMatch: a copy joins the story of the article it copies, the
// most similar earlier one; a deleted article is not matched; an article
// is never matched with itself.
func TestIndexMatch(t *testing.T) {
	x := NewIndex()
	orig := Of(wireText)
	other := Of(earnings("22", "18", "1,234,000", "1,011,000", "45.2", "40.1"))
	if st, _, _ := x.Match("a", &orig); st != "" {
		t.Fatalf("an empty index matched %q", st)
	}
	x.Put("a", orig, x.NewStory("a"), 100)
	x.Put("b", other, x.NewStory("b"), 50)
	if st, _, _ := x.Match("a", &orig); st != "" {
		t.Errorf("an article matched itself: %q", st)
	}
	cp := Of(half(wireText))
	st, of, _ := x.Match("c", &cp)
	if st != "a" || of != "a" {
		t.Fatalf("the first half joined %q (via %q), want story a", st, of)
	}
	x.Put("c", cp, st, 90)
	if ms := x.Members("a"); len(ms) != 2 || ms[0].ID != "c" || ms[1].ID != "a" {
		t.Errorf("members %+v, want c (earlier) then a", ms)
	}
	x.Delete("a")
	x.Delete("c")
	if st, _, _ := x.Match("d", &cp); st != "" {
		t.Errorf("a deleted article was matched: %q", st)
	}
	if got := x.NewStory("a"); got != "a" {
		t.Errorf("the id of a story without members is free again: got %q", got)
	}
	x.Put("e", orig, "a", 10)
	if got := x.NewStory("a"); got != "a~2" {
		t.Errorf("a live story's id is not reused: got %q, want a~2", got)
	}
}

// TestSketchRoundTrip: a sketch persists as it was.
func TestSketchRoundTrip(t *testing.T) {
	s := Of(wireText)
	b, _ := s.MarshalBinary()
	var r Sketch
	if err := r.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if r.Shingles != s.Shingles || !sameHashes(r.Text, s.Text) {
		t.Errorf("round trip changed the sketch: %+v -> %+v", s, r)
	}
	for _, bad := range [][]byte{nil, {2}, {1, 5}, b[:len(b)-1]} {
		if err := r.UnmarshalBinary(bad); err == nil {
			t.Errorf("malformed %v accepted", bad)
		}
	}
}
