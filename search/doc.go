// Package search answers newsfind queries from the index: it parses the
// query syntax, applies filters, finds matching passages, groups them into
// article hits with their best passages marked, and counts facets over the
// matching articles.
package search
