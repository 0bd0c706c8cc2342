package web

import "github.com/gorilla/mux"

// registerWriteRoutes registers the routes that change data.
func (s *Server) registerWriteRoutes(r *mux.Router, opt Options) {}
