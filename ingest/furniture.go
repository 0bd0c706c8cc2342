package ingest

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"
)

// furnitureRules says what of a page's main text is page furniture:
// captions, credits, calls to read on, advertising labels, related links
// (data/furniture.txt, which documents the rules). Parsed once, read only.
type furnitureRules struct {
	elements map[string]bool
	classes  []string
	lines    []*regexp.Regexp
}

//go:embed data/furniture.txt
var furnitureTXT string

var furniture = mustFurniture(furnitureTXT)

func mustFurniture(text string) *furnitureRules {
	r, err := parseFurniture(text)
	if err != nil {
		panic(err) // the embedded file is part of the program; its tests load it
	}
	return r
}

func parseFurniture(text string) (*furnitureRules, error) {
	r := &furnitureRules{elements: map[string]bool{}}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		kind, arg, _ := strings.Cut(line, " ")
		arg = strings.TrimSpace(arg)
		if arg == "" {
			return nil, fmt.Errorf("furniture.txt line %d: %q needs an argument", i+1, kind)
		}
		switch kind {
		case "element":
			r.elements[strings.ToLower(arg)] = true
		case "class":
			r.classes = append(r.classes, strings.ToLower(arg))
		case "line":
			re, err := regexp.Compile(`(?i)^(?:` + arg + `)$`)
			if err != nil {
				return nil, fmt.Errorf("furniture.txt line %d: %v", i+1, err)
			}
			r.lines = append(r.lines, re)
		default:
			return nil, fmt.Errorf("furniture.txt line %d: unknown rule %q (element, class or line)", i+1, kind)
		}
	}
	return r, nil
}

// maxLinkBlock bounds the text of a block that is one link and nothing
// else: a headline is shorter, a paragraph of text that happens to be
// linked whole is longer and is kept.
const maxLinkBlock = 200

// dropElements removes from the tree under root the elements the rules
// name, the blocks that are one link alone and the links that are a
// furniture line, and returns their texts.
func (r *furnitureRules) dropElements(root *html.Node) (dropped []string) {
	var doomed []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n != root && ((r.elements[n.Data] || r.hasClass(n)) && !holdsText(n) || isLinkBlock(n) || r.isFurnitureLink(n)) {
			doomed = append(doomed, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, n := range doomed {
		if t := collapse(nodeText(n)); t != "" {
			dropped = append(dropped, t)
		}
		n.Parent.RemoveChild(n)
	}
	return dropped
}

func (r *furnitureRules) hasClass(n *html.Node) bool {
	cl := strings.ToLower(attr(n, "class"))
	if cl == "" {
		return false
	}
	for _, c := range strings.Fields(cl) {
		for _, w := range r.classes {
			if strings.Contains(c, w) {
				return true
			}
		}
	}
	return false
}

// Furniture is short: an element a rule names that holds more than
// maxFurnitureText of text, or several paragraphs, is not dropped whole
// (a wrapper whose class says "caption" but holds the article, as some
// templates have), only what the rules name inside it.
const (
	maxFurnitureText       = 1500
	maxFurnitureParagraphs = 3
)

func holdsText(n *html.Node) bool {
	if len(collapse(nodeText(n))) > maxFurnitureText {
		return true
	}
	paras := 0
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode && c.Data == "p" {
			paras++
		}
		for k := c.FirstChild; k != nil && paras < maxFurnitureParagraphs; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return paras >= maxFurnitureParagraphs
}

// isFurnitureLink reports whether n is a link whose text is a furniture
// line ("Continue reading...", "Share"), wherever it is: a feed puts the
// Guardian's at the end of a paragraph's line.
func (r *furnitureRules) isFurnitureLink(n *html.Node) bool {
	if n.Data != "a" {
		return false
	}
	t := collapse(nodeText(n))
	return t != "" && len(t) <= maxLinkBlock && r.lineMatches(t)
}

// isLinkBlock reports whether n is a paragraph, list item or heading whose
// whole text is the text of its links: a related headline, "Continue
// reading the main story", a "Read more" list. Article text links words
// inside sentences, not whole paragraphs.
func isLinkBlock(n *html.Node) bool {
	switch n.Data {
	case "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd":
	default:
		return false
	}
	all := collapse(nodeText(n))
	if all == "" || len(all) > maxLinkBlock {
		return false
	}
	var links strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode && c.Data == "a" {
			links.WriteString(nodeText(c))
			links.WriteByte(' ')
			return
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return collapse(links.String()) == all
}

// dropLines removes the lines of text the line rules match, and those that
// repeat the start of an image's alt text, and returns them.
func (r *furnitureRules) dropLines(text string, alts []map[string]bool) (kept string, dropped []string) {
	lines := strings.Split(text, "\n")
	out := lines[:0]
	for _, l := range lines {
		c := collapse(l)
		if c != "" && (r.lineMatches(c) || echoesAlt(c, alts)) {
			dropped = append(dropped, c)
			continue
		}
		out = append(out, l)
	}
	return cleanText(strings.Join(out, "\n")), dropped
}

func (r *furnitureRules) lineMatches(line string) bool {
	for _, re := range r.lines {
		if re.MatchString(line) {
			return true
		}
	}
	return false
}

// minAltWords is the fewest words an image's alt text needs for a line
// repeating it to count as its caption: fewer, and article text could
// share them by chance.
const minAltWords = 5

// imageAlts returns the words (folded, as sets) of the alt text of every
// image under root that has at least minAltWords of them.
func imageAlts(root *html.Node) []map[string]bool {
	var alts []map[string]bool
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "img" {
			if w := foldWords(attr(n, "alt")); len(w) >= minAltWords {
				set := map[string]bool{}
				for _, x := range w {
					set[x] = true
				}
				alts = append(alts, set)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return alts
}

// echoesAlt reports whether line says what an image's alt text says, in
// much the same words: a caption the page set apart from its figure (the
// Guardian prints its captions as a list after the image, reworded from
// the alt). Three quarters of the alt's words must be in the line and 70%
// of the line's in the alt: on the 14 pages the captions score 0.86 and
// more both ways, and the article paragraph nearest an alt 0.61 and 0.52
// (Folha's, which tells of the event the photo shows).
func echoesAlt(line string, alts []map[string]bool) bool {
	if len(alts) == 0 {
		return false
	}
	words := foldWords(line)
	if len(words) < minAltWords {
		return false
	}
	lineSet := map[string]bool{}
	for _, w := range words {
		lineSet[w] = true
	}
	for _, a := range alts {
		common := 0
		for w := range a {
			if lineSet[w] {
				common++
			}
		}
		if 4*common >= 3*len(a) && 10*common >= 7*len(lineSet) {
			return true
		}
	}
	return false
}

// foldWords returns the words of s in lower case, without punctuation.
func foldWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return b.String()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
