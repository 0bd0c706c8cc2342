// Package client is newsfind's HTTP API seen from the other side: a
// Client implements the domain's Searcher and Writer (and, through
// Reindexer, its Reindexer) against a running server, and turns the
// server's error bodies back into the *newsfind.Error they were written
// from, code, message and limit, so a caller handles a remote error as it
// would a local one.
//
// It imports only the domain and the standard library: it speaks the wire
// format web serves without sharing web's code, so a program that talks to
// a server does not link the server.
package client
