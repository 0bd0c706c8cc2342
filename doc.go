// Package newsfind holds the domain of the newsfind search engine: articles
// and their passages, search queries and results, the errors the engine
// reports, and the interfaces the other packages meet at (Searcher,
// Writer, Intake, Reindexer) with what they report (outcomes, re-index
// and feed status). It imports neither Bleve nor net/http, so every other
// package can depend on it and it depends on none of them.
package newsfind
