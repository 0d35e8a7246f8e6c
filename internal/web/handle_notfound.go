package web

import (
	"net/http"

	"github.com/performa-pa/performa/internal/domain"
)

// handleNotFound answers every path no other route matches.
func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, domain.Errorf(domain.ENOTFOUND, "La pagina «%s» non esiste.", r.URL.Path))
}
