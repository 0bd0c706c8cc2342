// Package newsfind holds the domain of the newsfind search engine: articles
// and their passages, search queries and results, and the errors the engine
// reports. It imports neither Bleve nor net/http, so every other package can
// depend on it and it depends on none of them.
package newsfind
