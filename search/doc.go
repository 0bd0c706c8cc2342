// Package search answers newsfind queries from the index: it compiles the
// query package's tree to Bleve, places each filter in Bleve or on the
// catalog, walks every matching passage once and groups them into article
// hits (plan.go, service.go, page.go) — in article scope, walking each
// word's passages and combining them per article (scope.go) — picks and
// marks their best passages
// (passages.go, highlight.go), and counts facets over the matching
// articles (facets.go). It answers 503 rather than a short count while the
// engine has no whole index in use.
package search
