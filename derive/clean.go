package derive

import (
	"regexp"
	"strings"
	"unicode"
)

// Page furniture: lines a capture of a news page carries that are not the
// article's text. Each pattern matches a whole (trimmed) line.
var (
	readingTimeLine = regexp.MustCompile(`(?i)^\d+\s*min(ute)?s?\.?\s+read$`)
	relatedLine     = regexp.MustCompile(`^(?:Related(?:\s*[:\-–—|]|[A-Z])|Read more:|See also:|RELATED:)`)
	sourceLine      = regexp.MustCompile(`(?i)^SOURCE\s*:`)
	disclaimerLine  = regexp.MustCompile(`(?i)^\*.*(necessarily reflect|institutional position|disclaimer)`)
	photoCredit     = regexp.MustCompile(`\s+/\s+(?:[A-Z][\w.&'-]*)(?:\s+[A-Z][\w.&'-]*){0,3}\s*$`)
	photoCreditLine = regexp.MustCompile(`(?i)^(photo|image|picture)(\s+credit)?\s*:`)
	datelineLine    = regexp.MustCompile(`^(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}$`)
)

// Clean removes page furniture from an article body and returns its text
// lines, in order. A line of article text is never dropped: only lines that
// match a furniture pattern are, and a photo caption loses its credit but
// keeps its words. Blank lines come back as "" so that the splitter still
// sees paragraph breaks.
func Clean(title, body string) []string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	lines := strings.Split(body, "\n")
	normTitle := normalizeSpace(title)
	out := make([]string, 0, len(lines))
	for i, raw := range lines {
		line := normalizeSpace(raw)
		switch {
		case line == "":
			out = append(out, "")
			continue
		case readingTimeLine.MatchString(line),
			relatedLine.MatchString(line),
			sourceLine.MatchString(line),
			disclaimerLine.MatchString(line),
			photoCreditLine.MatchString(line),
			datelineLine.MatchString(line),
			normTitle != "" && strings.EqualFold(line, normTitle),
			isKicker(line, lines[i+1:]):
			continue
		}
		// The credit needs " / " (spaces are normalised): most lines have
		// none, and the unanchored pattern was most of the cleaning time.
		if strings.Contains(line, " / ") {
			if loc := photoCredit.FindStringIndex(line); loc != nil && endsSentence(line[:loc[0]]) {
				line = line[:loc[0]]
			}
		}
		out = append(out, line)
	}
	return out
}

// isKicker reports whether line is a section label ("US", "World") printed
// above the furniture at the top of a page: a word or two followed directly
// by a reading-time line.
func isKicker(line string, rest []string) bool {
	if len(line) > 24 || strings.Count(line, " ") > 1 { // spaces are normalised
		return false
	}
	for _, next := range rest {
		next = normalizeSpace(next)
		if next == "" {
			continue
		}
		return readingTimeLine.MatchString(next)
	}
	return false
}

// normalizeSpace trims s and turns every run of white space into one
// space; text already so (most lines) is returned as it is.
func normalizeSpace(s string) string {
	if isNormalSpace(s) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func isNormalSpace(s string) bool {
	prevSpace := true // no leading space
	for _, r := range s {
		space := r == ' '
		if space && prevSpace || !space && unicode.IsSpace(r) {
			return false
		}
		prevSpace = space
	}
	return !prevSpace || s == ""
}

func endsSentence(s string) bool {
	s = strings.TrimRight(s, `"'”’)]`)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?")
}
