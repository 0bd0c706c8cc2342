// Package web serves newsfind over HTTP: the JSON API and the researchers'
// pages. It knows the domain's interfaces only; cmd/newsfind wires in the
// concrete search service and writer.
package web
