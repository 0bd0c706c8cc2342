// Package wire is newsfind's HTTP API as JSON and URLs: the types of every
// request and answer, the one table of error codes and HTTP statuses, and
// the codec between a newsfind.Query and a search URL's parameters.
//
// The server (web) writes these and the client reads them, so that the
// two cannot drift apart: a field either is on the wire for both or for
// neither. It imports only the domain package and the standard library.
package wire
