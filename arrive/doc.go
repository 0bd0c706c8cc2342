// Package arrive brings articles in without a person: a watched folder
// (files dropped into it are ingested, then moved aside) and feed polling
// (conditional GET on a schedule). Both write through a newsfind.Writer,
// the same path as the API and the CLI, so an article they report stored
// is on disk.
package arrive
