package tagger

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func foldString(s string) string {
	var out []byte
	for _, r := range s {
		out = fold(out, r)
	}
	return string(out)
}

func TestFoldWords(t *testing.T) {
	for in, want := range map[string]string{
		"Türkiye":   "turkiye",
		"São":       "sao",
		"Timișoara": "timisoara", // Romanian comma below
		"Timişoara": "timisoara", // and its older cedilla form
		"Țară":      "tara",
		"Đà Nẵng":   "da nang",
		"Việt":      "viet",
		"Hồ Chí":    "ho chi",
		"Łódź":      "lodz",
		"Ɓamako":    "bamako",
		"Москва":    "москва", // other scripts only lower-cased
	} {
		if got := foldString(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldEveryLatinLetter holds fold to Unicode's own decomposition: every
// Latin letter written on an ASCII letter folds to that letter, lower-cased.
func TestFoldEveryLatinLetter(t *testing.T) {
	n := 0
	for _, rt := range unicode.Latin.R16 {
		for r := rune(rt.Lo); r <= rune(rt.Hi); r += rune(rt.Stride) {
			d := norm.NFD.String(string(r))
			if utf8.RuneCountInString(d) < 2 || !isASCIILetter(d[0]) {
				continue
			}
			n++
			if got, want := foldString(string(r)), string(rune(d[0]|0x20)); got != want {
				t.Errorf("fold(%U %c) = %q, want %q", r, r, got, want)
			}
		}
	}
	if n < 400 {
		t.Fatalf("only %d decomposable Latin letters checked", n)
	}
}
