package web

import "net/http"

// handlePlan will show the plan: units, objectives, indicators, filters.
func (s *Server) handlePlan(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "placeholder.html", s.newPage(r, "Piano", "/piano",
		"Qui si consulterà il piano: unità, obiettivi e indicatori, con filtri e ricerca."))
}
