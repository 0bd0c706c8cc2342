// Package ingest turns outside formats (JSON, Markdown with front matter,
// HTML pages, feeds) into newsfind articles, and validates them
// (Normalize, which the engine applies to every article it is given). It
// reads untrusted input, so every parser here bounds its work and returns
// an *newsfind.Error with code EINVALID instead of panicking.
//
// Add is the one intake path, items to outcomes numbered by input
// position, for every way in: the API (through Intake, the
// newsfind.Intake the web server is given), the watched folder, the feed
// poller and the CLI.
package ingest
