// Package index turns articles into searchable passages and writes them to a
// Bleve index: it cleans page furniture out of the text, splits the text into
// passages (linear in the text, every passage bounded), tags them with the
// tagger package, and owns the index mapping.
//
// Each passage is one Bleve document, so a query's words must all match in
// one passage; the article's own fields (country, commodity, source, date)
// are copied onto its passages so that filters apply to articles. The
// catalog package keeps what search counts per article, in memory.
package index
