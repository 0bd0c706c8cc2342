package index

import (
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
	// A heading is a short line that does not end a sentence; it is kept
	// with the paragraph after it so that it is searched in its context.
	maxHeading = 100
)

// Split cleans an article body and splits it into passage texts: its
// paragraphs, long ones cut at sentence ends, headings joined to the
// paragraph they head.
func Split(title, body string) []string {
	paras := paragraphs(Clean(title, body))
	var out []string
	heading := ""
	for i, p := range paras {
		if i+1 < len(paras) && isHeading(p) {
			heading = joinHeading(heading, p)
			continue
		}
		pieces := splitLong(p)
		if heading != "" {
			pieces[0] = heading + "\n" + pieces[0]
			heading = ""
		}
		out = append(out, pieces...)
	}
	if heading != "" {
		out = append(out, heading)
	}
	return out
}

func joinHeading(prev, h string) string {
	if prev == "" {
		return h
	}
	return prev + "\n" + h
}

// paragraphs groups cleaned lines into paragraphs. Every line is a paragraph
// of its own (news captures put one paragraph per line), except that a line
// ending mid-sentence followed by one starting in lower case is a hard wrap
// and is joined.
func paragraphs(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l == "" {
			continue
		}
		if n := len(out); n > 0 && isWrapped(out[n-1], l) {
			out[n-1] += " " + l
			continue
		}
		out = append(out, l)
	}
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
// pieces of similar size. Every byte of text ends up in some piece.
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
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
		cur.WriteString(s)
	}
	if cur.Len() > 0 {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// abbreviations end in a period without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true, "sen": true,
	"rep": true, "gov": true, "gen": true, "lt": true, "col": true, "sgt": true, "jr": true,
	"sr": true, "inc": true, "corp": true, "co": true, "ltd": true, "plc": true, "vs": true,
	"no": true, "jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true, "approx": true,
	"est": true, "dept": true, "fig": true, "e.g": true, "i.e": true, "etc": true, "pct": true,
}

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
