// Package ingest turns outside formats (JSON, Markdown with front matter,
// HTML pages, feeds) into newsfind articles, and validates them. It reads
// untrusted input, so every parser here bounds its work and returns an
// *newsfind.Error with code EINVALID instead of panicking.
package ingest
