package web

import "net/http"

// handleValidation will be the Nucleo di Valutazione's page.
func (s *Server) handleValidation(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "placeholder.html", s.newPage(r, "Validazione", "/validazione",
		"Qui il Nucleo di Valutazione convaliderà o correggerà la percentuale di raggiungimento di ogni obiettivo, con la motivazione."))
}
