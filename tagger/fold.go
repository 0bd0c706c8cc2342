package tagger

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold appends r lower-cased, with the diacritics of Latin letters removed
// so that "Türkiye", "São Paulo", "Timișoara" and "Đà Nẵng" match plain
// spellings. Latin-1 and Latin Extended-A, nearly every accented letter news
// prints, come from a table; any other Latin letter is decomposed (NFD) and
// keeps its base letter, and the few that do not decompose (ƀ, ɗ, ƚ, …)
// come from a second table.
func fold(out []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		return append(out, byte(unicode.ToLower(r)))
	}
	if r >= 0xC0 && r < 0x180 {
		if b := latinFolds[r-0xC0]; b != '_' {
			return append(out, b)
		}
		return utf8.AppendRune(out, unicode.ToLower(r))
	}
	if unicode.Is(unicode.Latin, r) {
		if b, ok := latinBase(r); ok {
			return append(out, b)
		}
	}
	return utf8.AppendRune(out, unicode.ToLower(r))
}

// latinBase is the lower-case ASCII letter a Latin letter outside the
// first table is written on, when it has one.
func latinBase(r rune) (byte, bool) {
	var buf [utf8.UTFMax * 4]byte
	d := norm.NFD.Append(buf[:0], []byte(string(r))...)
	if len(d) > 1 && d[0] < utf8.RuneSelf && isASCIILetter(d[0]) {
		return d[0] | 0x20, true
	}
	if b, ok := latinUndecomposed[unicode.ToLower(r)]; ok {
		return b, true
	}
	return 0, false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// latinFolds maps U+00C0..U+017F to a base letter ('_': keep the rune).
const latinFolds = "" +
	"aaaaaaaceeeeiiii" + // C0-CF
	"dnooooo_ouuuuyts" + // D0-DF
	"aaaaaaaceeeeiiii" + // E0-EF
	"dnooooo_ouuuuyty" + // F0-FF
	"aaaaaaccccccccdd" + // 100-10F
	"ddeeeeeeeeeegggg" + // 110-11F
	"gggghhhhiiiiiiii" + // 120-12F
	"iiiijjkkklllllll" + // 130-13F
	"lllnnnnnnnnnoooo" + // 140-14F
	"oooorrrrrrssssss" + // 150-15F
	"ssttttttuuuuuuuu" + // 160-16F
	"uuuuwwyyyzzzzzzs" // 170-17F

// latinUndecomposed holds the lower-case Latin letters past U+017F whose
// stroke or hook is part of the letter, so NFD leaves them whole.
var latinUndecomposed = map[rune]byte{
	'ƀ': 'b', 'ɓ': 'b', 'ƃ': 'b', 'ƈ': 'c', 'ȼ': 'c', 'ɗ': 'd', 'ƌ': 'd', 'ȡ': 'd',
	'ɇ': 'e', 'ƒ': 'f', 'ǥ': 'g', 'ɠ': 'g', 'ħ': 'h', 'ɦ': 'h', 'ɨ': 'i', 'ɉ': 'j',
	'ƙ': 'k', 'ƚ': 'l', 'ȴ': 'l', 'ɫ': 'l', 'ɲ': 'n', 'ƞ': 'n', 'ȵ': 'n', 'ɵ': 'o',
	'ƥ': 'p', 'ɋ': 'q', 'ɍ': 'r', 'ɽ': 'r', 'ȿ': 's', 'ʂ': 's', 'ƭ': 't', 'ȶ': 't',
	'ʈ': 't', 'ɏ': 'y', 'ƴ': 'y', 'ʉ': 'u', 'ʋ': 'v', 'ƶ': 'z', 'ȥ': 'z', 'ʐ': 'z',
	'ɀ': 'z',
}
