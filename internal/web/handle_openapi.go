package web

import (
	_ "embed"
	"net/http"
)

// openAPI describes the JSON API. TestOpenAPI checks that it lists every
// /api/v1/ route of the route table, and nothing else.
//
//go:embed openapi.json
var openAPI []byte

// handleOpenAPI serves the OpenAPI document of the API.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
