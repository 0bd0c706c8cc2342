// Package derive turns an article into what is indexed of it, without
// Bleve: it cleans page furniture out of the text, splits the text into
// passages (linear in the text, every passage bounded), tags them and the
// article with the tagger package, and detects the article's language.
//
// The search side reads passages again through Passages, so the numbering
// of passages lives here alone. The index package writes what Prepare
// derives to Bleve; the catalog keeps what search counts per article.
package derive
