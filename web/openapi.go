package web

import (
	"embed"
	"net/http"

	"github.com/gorilla/mux"
)

//go:embed api/openapi.json
var openapiFS embed.FS

// handleOpenAPI serves GET /api/openapi.json: the hand-written OpenAPI 3
// document of every route, checked against the router by a test.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	b, err := openapiFS.ReadFile("api/openapi.json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(b)
	return err
}

// Route is one registered route.
type Route struct {
	Path    string // mux template, e.g. /api/articles/{id}; prefixes end in "/"
	Methods []string
}

// Routes lists the registered routes, for documentation checks.
func (s *Server) Routes() []Route {
	var out []Route
	s.router.Walk(func(r *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		t, err := r.GetPathTemplate()
		if err != nil {
			return nil
		}
		ms, _ := r.GetMethods()
		out = append(out, Route{Path: t, Methods: ms})
		return nil
	})
	return out
}
