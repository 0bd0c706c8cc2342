package main

import "github.com/newsfind/newsfind"

// exporterOf is the engine's searcher as an exporter, nil when it cannot
// export (the route is then not registered).
func exporterOf(s newsfind.Searcher) newsfind.Exporter {
	x, _ := s.(newsfind.Exporter)
	return x
}
