// Package arrive brings articles in without a person: a watched folder
// (files dropped into it are ingested, then moved aside; watch.go) and
// feed polling (conditional GET on a schedule; fetch.go fetches, feeds.go
// polls). Both read with ingest and write with ingest.Add, the intake path
// the API and the CLI take too, so an article they report stored is on
// disk and a refused item is named by its position in its file or feed.
package arrive
