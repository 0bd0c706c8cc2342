// Package web serves newsfind over HTTP: the JSON API and the researchers'
// pages. It imports the domain only: cmd/newsfind wires in the search
// service (newsfind.Searcher), the writer and the intake that reads
// request bodies in every format (newsfind.Writer, newsfind.Intake), the
// re-indexer and the feeds' status (newsfind.FeedStatus). Routes are
// registered in the group of their guard (open, read, cross-origin read,
// write; server.go), so who may use a route is said once.
package web
