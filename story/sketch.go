package story

import (
	"encoding/binary"
	"errors"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Sketch sizes (docs/design.md, "Stories", has the measurements).
const (
	// ShingleWords is how many consecutive words make one shingle. Three
	// keep a few changed words from costing much of the overlap (each
	// changed word removes at most three shingles) while two texts on
	// one template still differ wherever their facts do: nearly every
	// shingle of an earnings table holds a number.
	ShingleWords = 3
	// TextSize is how many of the smallest shingle hashes a sketch keeps
	// (bottom-k MinHash): texts of fewer shingles are kept whole.
	TextSize = 48
	// minShingles is the least text a sketch compares: below it (a
	// headline, a one-line brief) two texts share words by chance.
	minShingles = 6
)

// Sketch is what story detection keeps of an article's text: the smallest
// hashes of its word shingles, and how many distinct ones there are. The
// lowest bit of a hash says whether the shingle holds a fact: a number, or
// a word capitalised inside a sentence (a name). Two texts on one template
// share their words and not their facts; a copy, or any part of one,
// shares both alike. One hash per shingle (not one per shingle and function,
// as classic MinHash has it) keeps it cheap at write time; the smallest k
// of one hash are a uniform sample of the set that also answers how much
// of one text another holds (Compare).
type Sketch struct {
	Shingles int      // distinct shingles in the text
	Text     []uint32 // the smallest shingle hashes, ascending, at most TextSize; bit 0: a fact
}

// Empty reports whether the sketch has too little text to compare.
func (s *Sketch) Empty() bool { return s.Shingles < minShingles }

// Of sketches a text.
func Of(text string) Sketch {
	var tokens []uint64
	var facts []bool
	tokenize(text, func(tok []byte, fact bool) {
		tokens = append(tokens, hash64(tok))
		facts = append(facts, fact)
	})
	sh := make([]uint32, 0, len(tokens))
	for i := 0; i < len(tokens) && (i+ShingleWords <= len(tokens) || i == 0); i++ {
		// A text shorter than a shingle is one shingle of what it has.
		end := min(i+ShingleWords, len(tokens))
		h, fact := tokens[i], facts[i]
		for j := i + 1; j < end; j++ {
			h = h*0x9E3779B97F4A7C15 ^ tokens[j]
			fact = fact || facts[j]
		}
		v := uint32(mix64(h)>>32) &^ 1
		if fact {
			v |= 1
		}
		sh = append(sh, v)
	}
	var s Sketch
	s.Shingles, s.Text = bottom(sh, TextSize)
	return s
}

// bottom sorts hs, drops repeats and returns how many distinct values
// there were and the k smallest.
func bottom(hs []uint32, k int) (int, []uint32) {
	if len(hs) == 0 {
		return 0, nil
	}
	slices.Sort(hs)
	hs = slices.Compact(hs)
	n := len(hs)
	// A copy: the smallest k must not keep every shingle's hash alive.
	return n, append([]uint32(nil), hs[:min(k, n)]...)
}

// tokenize calls fn with each word of text, lower-cased: a run of letters
// and digits. A '.' or ',' between two digits stays inside the word
// ("5.93", and "1,750" as "1750"), so figures are one token. fact says
// whether the word is a fact: it has a digit, or it is a name (isName).
// It depends on the word alone, not on where it stands, so that a copy
// whose paragraphs were joined or cut marks the same words.
func tokenize(text string, fn func(tok []byte, fact bool)) {
	var tok []byte
	number := false
	upper, lower := 0, 0 // upper-case letters, lower-case after the first
	first := false       // the first letter is upper-case
	flush := func() {
		if len(tok) > 0 {
			fn(tok, number || isName(tok, first, upper, lower))
		}
		tok, number, upper, lower, first = tok[:0], false, 0, 0, false
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case unicode.IsLetter(r):
			if unicode.IsUpper(r) {
				if len(tok) == 0 {
					first = true
				}
				upper++
			} else if len(tok) > 0 {
				lower++
			}
			tok = utf8.AppendRune(tok, unicode.ToLower(r))
		case unicode.IsDigit(r):
			tok = utf8.AppendRune(tok, r)
			number = true
		case (r == '.' || r == ',') && number && len(tok) > 0 && isDigitAt(text, i+size):
			if r == '.' {
				tok = append(tok, '.')
			}
		default:
			flush()
		}
		i += size
	}
	flush()
}

// isName says whether a word is a name by its letters: capitalised
// ("Medco", "March") and not a word that starts sentences ("The", "It"),
// or an acronym of up to five capitals ("OPEC", "GM"). Longer words in
// capitals are a text in capitals, not names.
func isName(tok []byte, first bool, upper, lower int) bool {
	switch {
	case !first:
		return false
	case lower > 0:
		return !sentenceWords[string(tok)]
	default:
		return upper >= 2 && upper <= 5 && !sentenceWords[string(tok)]
	}
}

// sentenceWords are the words that are capitalised for starting a
// sentence far more often than for being a name.
var sentenceWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the this that these those it its he she they we i you his her their our
		in on at of to for from by with as into over under after before during since until about between
		and or but if when while because although though so then also however but yet not no nor
		there here some many most more other others such one two each all any both
		is are was were be been has have had will would should could may might can must do does did
		what which who whom whose where why how shr net revs sales oper avg qtly qtr note year`) {
		m[w] = true
	}
	return m
}()

func isDigitAt(s string, i int) bool { return i < len(s) && s[i] >= '0' && s[i] <= '9' }

// hash64 is FNV-1a: sketches are persisted, so the hash must be the same
// in every process (maphash is seeded per process).
func hash64(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// mix64 is SplitMix64's finaliser: FNV's low bits are poorly mixed, and
// bottom-k needs the order of hashes to be a random permutation.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// MarshalBinary writes the sketch compactly: counts, then each list as
// varint gaps between its ascending values.
func (s Sketch) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 8+4*len(s.Text))
	b = append(b, 1) // format version
	b = binary.AppendUvarint(b, uint64(s.Shingles))
	b = binary.AppendUvarint(b, uint64(len(s.Text)))
	prev := uint32(0)
	for _, v := range s.Text {
		b = binary.AppendUvarint(b, uint64(v-prev))
		prev = v
	}
	return b, nil
}

var errSketch = errors.New("story: malformed sketch")

// UnmarshalBinary reads what MarshalBinary wrote.
func (s *Sketch) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] != 1 {
		return errSketch
	}
	b = b[1:]
	next := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	sh, ok1 := next()
	n, ok2 := next()
	if !ok1 || !ok2 || n > TextSize {
		return errSketch
	}
	s.Shingles = int(sh)
	s.Text = make([]uint32, n)
	prev := uint32(0)
	for i := range s.Text {
		d, ok := next()
		if !ok {
			return errSketch
		}
		prev += uint32(d)
		s.Text[i] = prev
	}
	return nil
}
