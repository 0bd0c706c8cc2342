package derive

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passage sizes, in bytes. A paragraph longer than maxPassage is split at
// sentence ends into pieces of about targetPassage, so a passage stays
// something a person reads at a glance.
const (
	maxPassage    = 1000
	targetPassage = 600
	// hardPassage bounds every passage, whatever the text: a passage is
	// read (highlighted, tagged) whole each time it is shown, so text with
	// no sentence ends (a table, a 1 MB line, a page of short lines) must
	// not make one passage of it. Sentences longer than maxPassage occur in
	// real news, so the bound leaves them alone.
	hardPassage = 2 * maxPassage
	// A heading is a short line that does not end a sentence; it is kept
	// with the paragraph after it so that it is searched in its context.
	maxHeading = 100
)

// Split cleans an article body and splits it into passage texts: its
// paragraphs, long ones cut at sentence ends, headings joined to the
// paragraph they head. It takes time linear in the body's size: a body is
// outside input, and it is split again at every read of the article.
func Split(title, body string) []string {
	paras := paragraphs(Clean(title, body))
	var out []string
	// The headings waiting for the paragraph they head. A run of them
	// longer than maxPassage (a list of short lines, a tag cloud) heads
	// nothing in particular: it goes out as passages of its own.
	var heads []string
	headLen := 0 // of the heads joined by "\n"
	for i, p := range paras {
		if i+1 < len(paras) && isHeading(p) {
			if len(heads) > 0 && headLen+1+len(p) > maxPassage {
				out = append(out, strings.Join(heads, "\n"))
				heads, headLen = heads[:0], 0
			}
			if len(heads) > 0 {
				headLen++
			}
			heads = append(heads, p)
			headLen += len(p)
			continue
		}
		pieces := splitLong(p)
		if len(heads) > 0 {
			h := strings.Join(heads, "\n")
			if len(h)+1+len(pieces[0]) <= hardPassage {
				pieces[0] = h + "\n" + pieces[0]
			} else {
				out = append(out, h)
			}
			heads, headLen = heads[:0], 0
		}
		out = append(out, pieces...)
	}
	return out
}

// paragraphs groups cleaned lines into paragraphs. Every line is a paragraph
// of its own (news captures put one paragraph per line), except that a line
// ending mid-sentence followed by one starting in lower case is a hard wrap
// and is joined. The lines of a paragraph are joined once, at its end:
// appending each to the paragraph so far was quadratic in a long one.
func paragraphs(lines []string) []string {
	var out, run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, strings.Join(run, " "))
			run = run[:0]
		}
	}
	for _, l := range lines {
		if l == "" {
			continue
		}
		// The paragraph so far ends as its last line does.
		if len(run) > 0 && isWrapped(run[len(run)-1], l) {
			run = append(run, l)
			continue
		}
		flush()
		run = append(run, l)
	}
	flush()
	return out
}

func isWrapped(prev, next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(r) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(prev)
	return unicode.IsLetter(last) || last == ',' || last == ';' || last == '-'
}

func isHeading(p string) bool {
	if len(p) > maxHeading || strings.Contains(p, "\n") {
		return false
	}
	s := strings.TrimRight(p, `"'”’) `)
	return !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "!") && !strings.HasSuffix(s, ":") &&
		len(strings.Fields(p)) <= 14
}

// splitLong cuts a paragraph longer than maxPassage at sentence ends into
// pieces of similar size, and any piece still over hardPassage at spaces.
// Every word of text ends up in some piece.
func splitLong(p string) []string {
	if len(p) <= maxPassage {
		return []string{p}
	}
	sentences := Sentences(p)
	n := (len(p) + targetPassage - 1) / targetPassage
	size := len(p) / n
	var out []string
	var cur strings.Builder
	for _, s := range sentences {
		if cur.Len() > 0 && cur.Len()+len(s) > size && cur.Len() >= size/2 {
			out = appendBounded(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
		cur.WriteString(s)
	}
	if cur.Len() > 0 {
		out = appendBounded(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// appendBounded appends piece to out, cut into pieces of about
// targetPassage at spaces when it is over hardPassage. Text with no space
// for half a passage (a long URL, Chinese or Thai) is cut at a rune.
func appendBounded(out []string, piece string) []string {
	if len(piece) <= hardPassage {
		return append(out, piece)
	}
	n := (len(piece) + targetPassage - 1) / targetPassage
	size := len(piece) / n
	for len(piece) > maxPassage {
		cut := strings.LastIndexByte(piece[:size+1], ' ')
		next := cut + 1
		if cut < size/2 {
			cut = size
			for cut > 0 && !utf8.RuneStart(piece[cut]) {
				cut--
			}
			if cut == 0 { // not UTF-8: no rune to keep whole
				cut = size
			}
			next = cut
		}
		out = append(out, piece[:cut])
		piece = piece[next:]
	}
	if piece != "" {
		out = append(out, piece)
	}
	return out
}

// abbreviations end in a period without ending a sentence. The list is
// a data file a person can edit; it is read once and never written.
var abbreviations = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Split(abbreviationsTXT, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			for _, w := range strings.Fields(line) {
				m[w] = true
			}
		}
	}
	return m
}()

//go:embed data/abbreviations.txt
var abbreviationsTXT string

// Sentences splits text after sentence ends, keeping the spaces with the
// sentence before them so that concatenating the result gives text back.
func Sentences(text string) []string {
	var out []string
	start := 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c != '.' && c != '!' && c != '?' {
			continue
		}
		j := i + 1
		for j < len(text) && strings.IndexByte(`"')]`, text[j]) >= 0 {
			j++
		}
		if j < len(text) && utf8.RuneStart(text[j]) && strings.HasPrefix(text[j:], "”") {
			j += len("”")
		}
		if j >= len(text) || text[j] != ' ' {
			continue
		}
		k := j
		for k < len(text) && text[k] == ' ' {
			k++
		}
		if k >= len(text) {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		if !(unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“') {
			continue
		}
		if c == '.' && isAbbreviation(text[start:i]) {
			continue
		}
		out = append(out, text[start:k])
		start = k
		i = k - 1
	}
	if start < len(text) {
		out = append(out, text[start:])
	}
	return out
}

// isAbbreviation reports whether the word ending before a period is an
// abbreviation ("U.S.", "Mr.", "J.") rather than a sentence's last word.
func isAbbreviation(before string) bool {
	w := before
	if i := strings.LastIndexAny(before, " (\"“"); i >= 0 {
		w = before[i+1:]
	}
	if w == "" {
		return false
	}
	if strings.Contains(w, ".") { // U.S, e.g
		return true
	}
	if utf8.RuneCountInString(w) == 1 {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsUpper(r)
	}
	return abbreviations[strings.ToLower(w)]
}
