// Package index is the Bleve index and nothing else: the mapping, the
// analyzers (one pair per language derive tells apart), the phrase-break
// terms, and writing and deleting passages in batches.
//
// Each passage is one Bleve document, so a query's words must all match in
// one passage; the article's own fields (country, commodity, source, date)
// are copied onto its passages so that filters apply to articles. What a
// passage is, and its tags, come from the derive package; the catalog
// package keeps what search counts per article, in memory.
package index
