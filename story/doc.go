// Package story finds the copies of one news story among articles: the
// same wire text retitled, cut short, with a credit line or a local
// paragraph added, a few words changed, re-sent by the wire. An article's
// text is reduced to a Sketch at write time (bottom-k MinHash of its word
// shingles, and of its numbers), two sketches say how much of the shorter
// text the longer one holds (Compare), and an Index finds, among the
// articles written before, the one a new article copies (Index.Match).
//
// It knows nothing of the store or the index: the engine persists what a
// sketch is and which story an article joined (docs/design.md, "Stories").
package story
